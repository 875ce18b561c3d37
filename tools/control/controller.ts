/**
 * One feedback loop for one (target, parameter): every `period_s` it reads the source (monitor), updates the
 * analyzer (analyze), asks the policy (decide) and applies the guarded result through the actuator (execute), and
 * emits one DecisionRecord per tick, `no_change` included. Guard rails, in the order a tick applies them:
 * 1. a current value outside the bounds is brought inside first (the bounds are never left, whatever the metrics);
 * 2. stale or failing metrics → `held`: the last good value is kept and the state is `holding` (never act blind);
 * 3. a change that made a violated SLO worse by more than `rollback_worse_ratio` within `rollback_after_s` is
 *    undone (`rolled_back`) and that direction is blocked for max(cooldown_s, rollback_after_s);
 * 4. too few samples (`unknown` SLO state) or a cooldown after a change → `refused`;
 * 5. the policy's value is clamped, rounded and step-limited (controller-step.ts); dry run records, never applies;
 *    an actuator failure is `failed` with the value unchanged and the loop running. A throwing policy is `failed` too.
 * `stop()` ends the loop and leaves the service as it is.
 */
import type { Clock } from '../common/clock.ts';
import { ToolError } from '../common/errors.ts';
import { Analyzer, formatNumber } from './analyzer.ts';
import { APPLY_TIMEOUT_MS, readStartValue, withTimeout } from './controller-io.ts';
import { clampToBounds, judgeChange, loadOf, planStep, type AppliedChange, type StepLimits } from './controller-step.ts';
import { errorText } from './sources/control-error.ts';
import type { Actuator, Analysis, ControllerSettings, ControllerState, ControllerStatus, ControlObserver, DecisionOutcome, DecisionRecord, MetricSource, Policy, PolicyProposal, Slo } from './types.ts';

/** A cooldown counts as over this close to its end (at most a tenth of a period): ticks jitter by milliseconds. */
const COOLDOWN_SLACK_MS = 50;

export interface ControllerInit {
  id: string;
  target: string;
  parameter: string;
  slo: Slo;
  bounds: { min: number; max: number };
  integer: boolean;
  policy: Policy;
  policy_reason: string;
  settings: ControllerSettings;
  source: MetricSource;
  actuator: Actuator;
  clock: Clock;
  session_id?: string | null;
  /** The value before the controller's first change (a resumed controller's); also the fallback when nothing can be read. */
  initial_value?: number | null;
  /** The value the service runs with now when the caller knows it (a restart's finding); used when the actuator cannot read. */
  current?: number | null;
  next_seq?: number;
  started_at?: number;
  observer?: ControlObserver;
}

const FINAL: readonly ControllerState[] = ['stopped', 'failed', 'interrupted'];

/** Milliseconds as seconds with one decimal at most, for reasons: 486 → "0.5". */
const seconds = (ms: number) => String(Number((ms / 1000).toFixed(1)));

interface Step {
  outcome: DecisionOutcome;
  to: number;
  reason: string;
  inputs?: Record<string, number>;
}

export class Controller {
  private readonly analyzer: Analyzer;
  private readonly limits: StepLimits;
  private state: ControllerState = 'starting';
  private current: number | null;
  private initialValue: number | null;
  private seq: number;
  private decisions = 0;
  private changes = 0;
  private lastDecision: DecisionRecord | null = null;
  private note: string | null = null;
  private stoppedAt: number | null = null;
  private readonly startedAt: number;
  private lastGoodReadAt: number | null = null;
  private lastAnalysis: Analysis | null = null;
  private cooldownUntil = 0;
  private lastChange: AppliedChange | null = null;
  private blocked: { direction: 'up' | 'down'; until: number; why: string } | null = null;
  private readonly abort = new AbortController();
  private wake: () => void = () => {};
  private loop: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private lastEmitted = '';

  constructor(private readonly init: ControllerInit) {
    this.analyzer = new Analyzer(init.slo, init.settings);
    this.limits = { bounds: init.bounds, integer: init.integer, max_step_ratio: init.settings.max_step_ratio };
    this.current = null;
    this.initialValue = init.initial_value ?? null;
    this.seq = init.next_seq ?? 1;
    this.startedAt = init.started_at ?? init.clock.now();
  }

  /** Reads the value the service runs with, then runs the loop in the background; resolves after that first read. */
  async start(): Promise<void> {
    if (this.state !== 'starting' || this.loop) throw new ToolError('conflict', `controller ${this.init.id} was already started (state ${this.state})`, { details: { controller_id: this.init.id } });
    try {
      await this.readCurrent();
    } catch (error) {
      this.setState('failed', `could not start: ${errorText(error)}`);
      this.stoppedAt = this.init.clock.now();
      this.abort.abort(error);
      this.emitStatus();
      throw error;
    }
    if (this.isFinal()) return;
    this.setState('running');
    this.emitStatus();
    this.loop = this.run();
  }

  /** One monitor → analyze → decide → execute step (ticks never overlap). */
  tick(): Promise<DecisionRecord> {
    const next = this.queue.then(() => this.step());
    this.queue = next.catch(() => {});
    return next;
  }

  async stop(reason: string, options: { state?: 'stopped' | 'interrupted' } = {}): Promise<void> {
    if (!this.isFinal()) {
      this.state = options.state ?? 'stopped';
      this.note = reason;
      this.stoppedAt = this.init.clock.now();
      this.abort.abort(new Error(`the controller stopped: ${reason}`));
      this.wake();
    }
    await this.loop;
    this.emitStatus();
  }

  /** Resolves when the loop has ended (stopped, interrupted or failed). */
  async done(): Promise<void> {
    await new Promise<void>((resolve) => (this.isFinal() ? resolve() : this.abort.signal.addEventListener('abort', () => resolve(), { once: true })));
    await this.loop;
  }

  status(): ControllerStatus {
    const i = this.init;
    return {
      id: i.id, target: i.target, parameter: i.parameter, policy: i.policy.name, policy_reason: i.policy_reason, slo: i.slo, bounds: i.bounds,
      dry_run: i.settings.dry_run, state: this.state, value: this.current, initial_value: this.initialValue,
      slo_value: this.lastAnalysis?.slo.value ?? null, slo_state: this.lastAnalysis?.slo.state ?? 'unknown',
      decisions: this.decisions, changes: this.changes, last_decision: this.lastDecision, started_at: this.startedAt,
      stopped_at: this.stoppedAt, note: this.note, session_id: i.session_id ?? null,
    };
  }

  private isFinal(): boolean {
    return FINAL.includes(this.state);
  }

  private setState(state: ControllerState, note?: string | null): void {
    if (this.isFinal()) return;
    this.state = state;
    if (note !== undefined) this.note = note;
  }

  private async run(): Promise<void> {
    const { clock, settings } = this.init;
    try {
      while (!this.isFinal()) {
        const began = clock.monotonic();
        await this.tick();
        if (this.isFinal()) break;
        const wait = Math.max(0, settings.period_s * 1000 - (clock.monotonic() - began));
        await Promise.race([clock.sleep(wait), new Promise<void>((resolve) => (this.wake = resolve))]);
      }
    } catch (error) {
      // Only a bug gets here: every plug-in failure is a decision.
      this.setState('failed', `the loop failed: ${errorText(error)}`);
      this.stoppedAt = clock.now();
      this.abort.abort(error);
      this.emitStatus();
    }
  }

  private async readCurrent(): Promise<void> {
    const known = this.init.current ?? this.initialValue;
    const { value, note } = await readStartValue({ actuator: this.init.actuator, parameter: this.init.parameter, limits: this.limits, known, signal: this.abort.signal });
    this.current = value;
    if (note !== null) this.note = note;
    this.initialValue ??= value;
  }

  private async step(): Promise<DecisionRecord> {
    if (this.isFinal()) throw new ToolError('conflict', `controller ${this.init.id} is ${this.state}`, { details: { controller_id: this.init.id } });
    if (this.current === null) await this.readCurrent();
    const { clock, source, settings } = this.init;
    const now = clock.now();
    let error: string | undefined;
    let sample = null;
    try {
      sample = await withTimeout(Math.max(100, settings.period_s * 1000), `no answer within the period of ${formatNumber(settings.period_s)} s`, this.abort.signal, (signal) => source.read(signal));
      this.lastGoodReadAt = now;
    } catch (e) {
      error = errorText(e);
    }
    const analysis = this.analyzer.add(sample, error, now);
    this.lastAnalysis = analysis;
    const current = this.current!;
    let step: Step;
    let proposal: PolicyProposal | null = null;
    const inside = clampToBounds(current, this.limits);
    if (inside !== current) {
      step = await this.execute(inside, `${this.init.parameter} ${formatNumber(current)} is outside the bounds ${this.init.bounds.min}..${this.init.bounds.max} → ${formatNumber(inside)}`, 'applied', now);
    } else if (analysis.stale) {
      step = this.hold(analysis, error, now);
    } else {
      if (this.state === 'holding') this.setState('running', null);
      const rollback = this.rollback(analysis, now);
      if (rollback) step = await this.execute(rollback.to, rollback.reason, 'rolled_back', now);
      else {
        const refusal = this.refusal(analysis, now);
        if (refusal) step = { outcome: 'refused', to: current, reason: refusal };
        else {
          try {
            proposal = await this.init.policy.decide({ now, parameter: this.init.parameter, current, bounds: this.init.bounds, slo: this.init.slo, analysis, period_s: settings.period_s });
            step = await this.decide(proposal, analysis, now);
          } catch (e) {
            step = { outcome: 'failed', to: current, reason: `policy ${this.init.policy.name} failed: ${errorText(e)}; ${this.init.parameter} stays ${formatNumber(current)}` };
          }
        }
      }
    }
    return this.record(step, current, analysis, proposal, now);
  }

  private hold(analysis: Analysis, error: string | undefined, now: number): Step {
    const age = (now - (this.lastGoodReadAt ?? this.startedAt)) / 1000;
    const detail = error ?? analysis.stale_reason ?? 'stale';
    const reason = `holding ${this.init.parameter}=${formatNumber(this.current!)}: metrics unreadable${age >= 1 ? ` for ${seconds(age * 1000)} s` : ''} (${detail})`;
    this.setState('holding', reason);
    return { outcome: 'held', to: this.current!, reason };
  }

  private sloPart(analysis: Analysis): string {
    const s = analysis.slo;
    return s.for_s >= 1 ? `${s.reason} for ${formatNumber(Math.round(s.for_s))} s` : s.reason;
  }

  /** A rollback when the last change made a violated SLO worse by more than the ratio, within the window. */
  private rollback(analysis: Analysis, now: number): { to: number; reason: string } | null {
    const change = this.lastChange;
    if (!change) return null;
    const verdict = judgeChange({ change, analysis, now, op: this.init.slo.op, parameter: this.init.parameter, settings: this.init.settings });
    if (verdict === 'keep') return null;
    this.lastChange = null;
    if (verdict === 'expired') return null;
    this.blocked = verdict.block;
    return { to: change.from, reason: verdict.reason };
  }

  private refusal(analysis: Analysis, now: number): string | null {
    if (analysis.slo.state === 'unknown') return `too little data for ${this.init.slo.metric}: ${analysis.slo.reason}`;
    // Timer jitter: the tick a cooldown of N periods ends at may run a millisecond "early" by the wall clock.
    const slack = Math.min(COOLDOWN_SLACK_MS, this.init.settings.period_s * 100);
    if (now + slack < this.cooldownUntil) {
      const last = this.lastChange ? ` after ${this.init.parameter} ${formatNumber(this.lastChange.from)} → ${formatNumber(this.lastChange.to)}` : '';
      return `cooling down${last}: ${seconds(this.cooldownUntil - now)} s left (${this.sloPart(analysis)})`;
    }
    return null;
  }

  private async decide(proposal: PolicyProposal, analysis: Analysis, now: number): Promise<Step> {
    const current = this.current!;
    const p = this.init.parameter;
    const policyPart = `${this.init.policy.name}: ${proposal.reason}`;
    if (proposal.value === null) return { outcome: 'no_change', to: current, reason: `${this.sloPart(analysis)} → ${p} stays ${formatNumber(current)} (${policyPart})` };
    if (typeof proposal.value !== 'number' || !Number.isFinite(proposal.value)) {
      return { outcome: 'failed', to: current, reason: `policy ${this.init.policy.name} proposed ${String(proposal.value)}, not a number; ${p} stays ${formatNumber(current)}` };
    }
    const planned = planStep(current, proposal.value, this.limits);
    const notes = planned.notes.length ? `; ${planned.notes.join('; ')}` : '';
    const to = planned.value;
    if (to === current) return { outcome: 'no_change', to, reason: `${this.sloPart(analysis)} → ${p} stays ${formatNumber(current)} (${policyPart}${notes})` };
    const move = `${this.sloPart(analysis)} → ${p} ${formatNumber(current)} → ${formatNumber(to)} (${policyPart}${notes})`;
    const direction = to > current ? 'up' : 'down';
    if (this.blocked && this.blocked.direction === direction && now < this.blocked.until) {
      return { outcome: 'refused', to: current, reason: `${move} refused for ${seconds(this.blocked.until - now)} s more: ${this.blocked.why}` };
    }
    if (this.init.settings.dry_run) return { outcome: 'dry_run', to, reason: `dry run: ${move}` };
    return this.execute(to, move, 'applied', now, analysis.slo.value, loadOf(analysis));
  }

  /**
   * Applies `to`; on success starts the cooldown and, for a policy change, the rollback watch. Both count from
   * `decidedAt`, the tick's time, not from when the actuator answered: ticks are `period_s` apart, so a cooldown
   * of 2 periods ends exactly at the second tick after the change (counted from the answer, it ended a few
   * milliseconds after that tick and cost a third period).
   */
  private async execute(to: number, reason: string, outcome: 'applied' | 'rolled_back', decidedAt: number, sloBefore: number | null = null, loadBefore: number | null = null): Promise<Step> {
    const from = this.current!;
    if (this.init.settings.dry_run) return { outcome: 'dry_run', to, reason: `dry run: ${reason}` };
    try {
      await this.init.actuator.apply(to, AbortSignal.timeout(APPLY_TIMEOUT_MS));
    } catch (e) {
      const why = errorText(e);
      this.setState(this.state, `actuator failed: ${why}`);
      return { outcome: 'failed', to: from, reason: `${reason} failed: ${why}; ${this.init.parameter} stays ${formatNumber(from)}` };
    }
    this.current = to;
    this.changes += 1;
    this.cooldownUntil = decidedAt + this.init.settings.cooldown_s * 1000;
    this.lastChange = outcome === 'applied' && this.init.settings.rollback_after_s > 0 ? { at: decidedAt, from, to, sloBefore, loadBefore } : null;
    return { outcome, to, reason };
  }

  private record(step: Step, from: number, analysis: Analysis, proposal: PolicyProposal | null, now: number): DecisionRecord {
    const slo = analysis.slo;
    const inputs: Record<string, number> = { ...(proposal?.inputs ?? {}), ...(step.inputs ?? {}), slo_limit: slo.limit, slo_for_s: slo.for_s, samples: analysis.samples };
    if (slo.value !== null) inputs.slo_value = slo.value;
    if (proposal?.value !== null && proposal?.value !== undefined && Number.isFinite(proposal.value)) inputs.proposed = proposal.value;
    const record: DecisionRecord = {
      controller_id: this.init.id, seq: this.seq++, at: now, policy: this.init.policy.name, parameter: this.init.parameter,
      from, to: step.to, outcome: step.outcome, reason: step.reason, inputs, slo_state: slo.state, slo_value: slo.value,
    };
    this.decisions += 1;
    this.lastDecision = record;
    try {
      this.init.observer?.decision(record);
    } catch {
      // An observer's failure (a closed websocket) must not stop the loop.
    }
    this.emitStatus();
    return record;
  }

  /** Tells the observer when the state, value, SLO state or note changed. */
  private emitStatus(): void {
    const status = this.status();
    const key = JSON.stringify([status.state, status.value, status.slo_state, status.note]);
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    try {
      this.init.observer?.status(status);
    } catch {
      // As above.
    }
  }
}
