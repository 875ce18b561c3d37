import { randomUUID } from 'node:crypto';
import type { Clock } from '../common/clock.ts';
import { ToolError } from '../common/errors.ts';
import type { BenchListener } from '../bench/types.ts';
import type { StudyListener, StudyRecord } from '../optimizer/types.ts';
import type { RuleStore, RuleVersion } from '../../db/rule-store.ts';
import { ActionRegistry, type ActionCall, type ActionHandler } from './actions/action-registry.ts';
import { createScaleAction, type ScaleRequest } from './actions/scale-action.ts';
import { createServiceActions, studyOf } from './actions/service-actions.ts';
import { RuleEngine, type Firing } from './engine.ts';
import type { RuleExplanation } from './explain.ts';
import { benchEventFacts, StudyProgress, studyEventFacts, type FactUpsert } from './fact-publishing.ts';
import { RULE_LIMITS } from './limits.ts';
import { OperatorRegistry } from './operators.ts';
import { testRule, type RuleTestResult } from './rule-tester.ts';
import type { Alert, RuleJson } from './types.ts';

/** The slice of the StudyManager (contract 5) the rules service uses. */
export interface StudyControl {
  on(listener: StudyListener): () => void;
  pruneTrial(studyId: string, trialNumber: number, reason: string): boolean;
  stop(studyId: string): Promise<unknown>;
  get(studyId: string): StudyRecord | null;
}

export interface RuleServiceDeps {
  store: RuleStore;
  clock: Clock;
  studies?: StudyControl;
  /** Bench service (contract 7): its `bench-end` events become BenchResult facts. */
  bench?: { on(listener: BenchListener): () => void };
  operators?: OperatorRegistry;
  newId?: () => string;
  log?: (line: string) => void;
  /** Activations fired per published event at most (bounds runaway chains). Default 1,000. */
  fireLimit?: number;
  /**
   * Rules that came from an imported session file: records, not loaded into the live engine, until someone adds
   * the rule again (add_rule), which makes it theirs (`clear`).
   */
  imported?: { has(ruleId: string): boolean; clear(ruleId: string): void };
}

/** A stored rule as `list_rules` shows it. */
export interface RuleListing {
  rule_id: string;
  version: number;
  enabled: boolean;
  description: string | null;
  study_id: string | null;
  session_id: string | null;
  matches: number;
  rule: RuleJson;
}

export interface SetParamRequest {
  name: string;
  value: unknown;
  studyId: string | null;
  ruleId: string;
}

const MAX_LOG = 200;
const BENCH_FACTS_KEPT = 50;

/**
 * `Services.rules` (contract 6): the process's rule engine, its SQLite rules and alerts, and the wiring
 * that turns study events (Study and Trial facts) and bench results (BenchResult facts) into working memory
 * and fires the rules, whose actions alert, prune trials, stop studies or ask to set parameters.
 */
export class RuleService {
  readonly engine: RuleEngine;
  private readonly alertListeners = new Set<(alert: Alert) => void>();
  private readonly setParamListeners = new Set<(request: SetParamRequest) => void>();
  private readonly fireListeners = new Set<(fired: number) => void>();
  private readonly scaleListeners = new Set<(request: ScaleRequest) => void>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly alerted = new Set<string>();
  private readonly attached = new Map<string, { studyId: string | null; sessionId: string | null }>();
  private readonly progress = new StudyProgress();
  private readonly trialsByStudy = new Map<string, Set<string>>();
  private readonly benchFacts: string[] = [];
  private readonly logLines: string[] = [];
  private readonly newId: () => string;
  private readonly fireLimit: number;

  constructor(private readonly deps: RuleServiceDeps) {
    this.newId = deps.newId ?? (() => randomUUID());
    this.fireLimit = deps.fireLimit ?? 1000;
    const actions = new ActionRegistry(
      createServiceActions({
        raiseAlert: (call, message) => this.raiseAlert(call, message),
        ...(deps.studies ? { pruneTrial: (s: string, n: number, r: string) => deps.studies!.pruneTrial(s, n, r), stopStudy: (s: string) => deps.studies!.stop(s) } : {}),
        setParam: (request) => {
          this.log(`rule ${request.ruleId}: set_param ${request.name}=${JSON.stringify(request.value)}${request.studyId ? ` (study ${request.studyId})` : ''}`);
          for (const listener of this.setParamListeners) listener(request);
        },
        log: (line) => this.log(line),
      })
        .concat(createScaleAction({ scale: (request) => this.scaleListeners.forEach((listener) => listener(request)) }))
        .map((handler) => this.scoped(handler)),
    );
    this.engine = new RuleEngine({
      operators: deps.operators ?? new OperatorRegistry(),
      actions,
      onActionError: (error, info) => this.log(`rule ${info.ruleId}: action ${info.action} failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    let loaded = 0;
    for (const stored of deps.store.list()) {
      if (loaded >= RULE_LIMITS.activeRules) {
        this.log(`rule ${stored.rule_id} v${stored.version} not loaded: ${loaded} rules are loaded already, the limit (RULE_LIMITS.activeRules)`);
        continue;
      }
      if (deps.imported?.has(stored.rule_id)) {
        this.log(`rule ${stored.rule_id} v${stored.version} not loaded: it was imported from a session file (add it again with add_rule to activate it)`);
        continue;
      }
      const result = this.engine.validate(stored.definition);
      if (!result.ok) {
        this.log(`rule ${stored.rule_id} v${stored.version} not loaded: ${result.issues[0]!.message}`);
        continue;
      }
      this.attached.set(stored.rule_id, { studyId: stored.study_id, sessionId: stored.session_id });
      this.engine.loadRule(result.rule);
      loaded++;
    }
    if (deps.studies) this.unsubscribe.push(deps.studies.on((event) => this.guard(() => this.onStudyEvent(event))));
    if (deps.bench) this.unsubscribe.push(deps.bench.on((event) => this.guard(() => this.publish(benchEventFacts(event), 'BenchResult'))));
  }

  /** How many activations each engine run fired (server/metrics counts them); only runs that fired some. Returns the unsubscribe function. */
  onFire(listener: (fired: number) => void): () => void {
    this.fireListeners.add(listener);
    return () => this.fireListeners.delete(listener);
  }

  /** Contract 6: every alert raised by `trigger_alert`, as it happens. Returns the unsubscribe function. */
  onAlert(listener: (alert: Alert) => void): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }

  /** `set_param` requests (for the live controller). */
  onSetParam(listener: (request: SetParamRequest) => void): () => void {
    this.setParamListeners.add(listener);
    return () => this.setParamListeners.delete(listener);
  }

  /** `scale` requests from rules over `Controller` facts (the live controller's `rules` policy). */
  onScale(listener: (request: ScaleRequest) => void): () => void {
    this.scaleListeners.add(listener);
    return () => this.scaleListeners.delete(listener);
  }

  /**
   * Puts one fact from outside the study/bench wiring (a live controller's `Controller` fact) into working
   * memory and fires. `fresh` retracts it first, so every rule that matches now fires again (one evaluation
   * per controller decision, not only when a field changed). Returns this run's firings.
   */
  publishFact(fact: FactUpsert, options: { fresh?: boolean } = {}): Firing[] {
    const exists = this.engine.getFact(fact.type, fact.id) !== undefined;
    if (exists && options.fresh) this.engine.retract({ type: fact.type, id: fact.id });
    if (exists && !options.fresh) this.engine.modify(fact);
    else this.engine.insert(fact);
    return this.fire();
  }

  /** Removes a fact `publishFact` put in (a stopped controller's); false when it is not there. */
  retractFact(type: string, id: string): boolean {
    if (!this.engine.getFact(type, id)) return false;
    this.engine.retract({ type, id });
    return true;
  }

  /**
   * Validates, stores (a new version when it changed) and loads a rule. A rule without `rule_id` gets one.
   * `studyId` attaches it to one study: its actions then only act on that study's facts.
   */
  addRule(input: unknown, options: { sessionId?: string | null; studyId?: string | null } = {}): { rule_id: string; version: number; change: string; matches: number } {
    const json = input && typeof input === 'object' && !Array.isArray(input) ? { ...(input as Record<string, unknown>) } : input;
    if (json && typeof json === 'object' && !('rule_id' in json)) (json as Record<string, unknown>).rule_id = this.freshRuleId();
    const result = this.engine.validate(json);
    if (!result.ok) {
      const first = result.issues[0]!;
      throw new ToolError('invalid_argument', `invalid rule ${first.rule_id ?? '(no rule_id)'} at ${first.path}: ${first.message}${first.expected ? ` (expected ${first.expected})` : ''}`, {
        details: { issues: result.issues },
      });
    }
    const rule = result.rule;
    this.checkRoomFor(rule.id);
    const studyId = options.studyId ?? (typeof rule.metadata.study_id === 'string' ? rule.metadata.study_id : null);
    const saved = this.deps.store.save(rule.source, { studyId, sessionId: options.sessionId ?? null });
    this.deps.imported?.clear(rule.id);
    this.attached.set(rule.id, { studyId, sessionId: options.sessionId ?? null });
    this.engine.loadRule(rule);
    this.fire();
    return { rule_id: rule.id, version: saved.version, change: saved.change, matches: this.engine.matchCount(rule.id) };
  }

  removeRule(ruleId: string): { rule_id: string; version: number } {
    const removed = this.deps.store.remove(ruleId);
    if (!removed) {
      const known = this.deps.store.list().map((r) => r.rule_id);
      throw new ToolError('not_found', `no active rule "${ruleId}"; active rules: ${known.join(', ') || '(none)'}`, { details: { rule_id: ruleId, known } });
    }
    this.engine.removeRule(ruleId);
    this.attached.delete(ruleId);
    return { rule_id: ruleId, version: removed.version };
  }

  listRules(): RuleListing[] {
    return this.deps.store.list().map((stored) => ({
      rule_id: stored.rule_id,
      version: stored.version,
      enabled: stored.definition.enabled !== false,
      description: stored.definition.description ?? null,
      study_id: stored.study_id,
      session_id: stored.session_id,
      matches: this.engine.matchCount(stored.rule_id),
      rule: stored.definition,
    }));
  }

  history(ruleId: string): RuleVersion[] {
    return this.deps.store.history(ruleId);
  }

  explain(ruleId: string): RuleExplanation {
    return this.engine.explain(ruleId);
  }

  /** Dry run: the rule against sample facts in a scratch engine; actions are reported, not run. */
  testRule(rule: unknown, facts: unknown): RuleTestResult {
    return testRule({ rule, facts, operators: this.engine.operators, actionNames: this.engine.actions.names() });
  }

  alerts(filter: { sessionId?: string; studyId?: string; limit?: number } = {}): Alert[] {
    return this.deps.store.listAlerts(filter);
  }

  /** Recent lines written by `log` actions and by failing actions. */
  recentLog(): string[] {
    return [...this.logLines];
  }

  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private onStudyEvent(event: Parameters<StudyListener>[0]): void {
    const record = this.deps.studies?.get(event.studyId) ?? null;
    const direction = record?.spec.objectives[0]?.direction ?? 'minimize';
    const updates = studyEventFacts(event, { direction, progress: this.progress, sessionId: record?.sessionId ?? null, name: record?.name ?? null });
    for (const update of updates) {
      if (update.type === 'Trial') {
        let set = this.trialsByStudy.get(event.studyId);
        if (!set) this.trialsByStudy.set(event.studyId, (set = new Set()));
        set.add(update.id);
      }
    }
    this.publish(updates, 'study');
    if (event.type === 'study-end') {
      // The study is over: its trials leave working memory (the Study fact stays, with its final status).
      for (const id of this.trialsByStudy.get(event.studyId) ?? []) {
        for (const type of ['Trial', 'Fact']) if (this.engine.getFact(type, id)) this.engine.retract({ type, id });
      }
      this.trialsByStudy.delete(event.studyId);
    }
  }

  private publish(updates: FactUpsert[], source: string): void {
    for (const update of updates) {
      if (this.engine.getFact(update.type, update.id)) this.engine.modify(update);
      else this.engine.insert(update);
      if (source === 'BenchResult' && update.type === 'BenchResult') this.benchFacts.push(update.id);
    }
    while (this.benchFacts.length > BENCH_FACTS_KEPT) {
      const id = this.benchFacts.shift()!;
      for (const type of ['BenchResult', 'Fact']) if (this.engine.getFact(type, id)) this.engine.retract({ type, id });
    }
    this.fire();
  }

  /** Rules attached to a study act only on that study's facts. */
  private scoped(handler: ActionHandler): ActionHandler {
    return {
      ...handler,
      run: (call: ActionCall) => {
        const studyId = this.attached.get(call.rule.id)?.studyId;
        if (studyId && studyOf(call) !== studyId) return;
        return handler.run(call);
      },
    };
  }

  private raiseAlert(call: ActionCall, message: string): void {
    // One alert per rule and matched facts: a trial that keeps breaking the threshold at every report is one alert.
    const key = `${call.rule.id}\u0000${call.facts.map((f) => `${f.type}:${f.id}`).join('\u0000')}`;
    if (this.alerted.has(key)) return;
    this.alerted.add(key);
    const studyId = studyOf(call);
    const sessionId =
      this.attached.get(call.rule.id)?.sessionId ??
      (studyId ? (this.deps.studies?.get(studyId)?.sessionId ?? null) : null) ??
      (call.facts.map((f) => f.fields.session_id).find((s): s is string => typeof s === 'string') ?? null);
    const alert: Alert = {
      id: this.newId(),
      ruleId: call.rule.id,
      studyId,
      sessionId,
      message,
      facts: call.facts.map((f) => ({ type: f.type, id: f.id, fields: { ...f.fields } })),
      at: this.deps.clock.now(),
    };
    this.deps.store.addAlert(alert);
    for (const listener of this.alertListeners) this.guard(() => listener(alert));
  }

  /**
   * RULE_LIMITS.activeRules: a new rule_id needs room among the loaded rules; replacing a loaded one does not.
   * Counted in the engine, not the store, so a call costs no read of every stored definition.
   */
  private checkRoomFor(ruleId: string): void {
    const max = RULE_LIMITS.activeRules;
    const active = this.engine.rules().length;
    if (active < max || this.engine.getRule(ruleId)) return;
    throw new ToolError('conflict', `at most ${max} rules may be active, and ${active} are; remove_rule one before adding "${ruleId}" (replacing an existing rule_id is allowed)`, {
      details: { limit: max, active, rule_id: ruleId },
    });
  }

  private freshRuleId(): string {
    const taken = new Set(this.deps.store.list({ includeRemoved: true }).map((r) => r.rule_id));
    let n = taken.size + 1;
    while (taken.has(`rule-${n}`)) n++;
    return `rule-${n}`;
  }

  private fire(): Firing[] {
    const firings = this.engine.fire(this.fireLimit);
    const fired = firings.length;
    if (fired > 0) for (const listener of this.fireListeners) this.guard(() => listener(fired));
    return firings;
  }

  private log(line: string): void {
    this.logLines.push(line);
    if (this.logLines.length > MAX_LOG) this.logLines.shift();
    this.deps.log?.(line);
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.log(`rules: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
