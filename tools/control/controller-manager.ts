/**
 * `Services.controllers`: owns every live controller of this process, stores controllers and their decisions in
 * SQLite (db/controller-store.ts), publishes each decision and status change to observers (/metrics, the websocket,
 * the chat's tool cards), and resumes controllers after a restart. What the agent tools, the CLI, /metrics and the web
 * UI talk to.
 *
 * Processes. A controller's loop runs in the process that started (or resumed) it; the row names that process
 * (`owner`) and the loop writes a heartbeat on every tick. Another process sharing the database (the CLI beside a
 * running server) reads status from the row, and stops a controller it does not run by setting `stop_requested`
 * (manager-remote.ts): the owner checks the flag on every tick and stops. Only the process that runs a loop writes
 * its decisions.
 *
 * The service is never touched by tunechat's lifecycle: `stop` leaves the parameter at its current value, and `close`
 * (shutdown) ends the loops only, storing them `interrupted` so the next start resumes them (`resumeInterrupted`).
 */
import type { ControllerStore, StoredController } from '../../db/controller-store.ts';
import type { Clock } from '../common/clock.ts';
import { ToolError } from '../common/errors.ts';
import { createActuator, type ActuatorDeps } from './actuators/index.ts';
import { Controller } from './controller.ts';
import { resolveSettings } from './controller-defaults.ts';
import { DecisionCoalescer } from './manager-coalescer.ts';
import { CONTROLLER_LIMITS, planController, type ControllerPlan, type PlanFactories, type TargetLookup } from './manager-plan.ts';
import { stopRemote } from './manager-remote.ts';
import { inspectOnRestart, type RestartFinding } from './manager-restart.ts';
import { checkConflict, latestRow, latestRunningRow, requireRow, superseded } from './manager-select.ts';
import { isOwnerAlive, processOwner, RESUMABLE_STATES, sloOf, storedStatus } from './manager-status.ts';
import { choosePolicy, createPolicy, type PolicyDeps, type RulesBridge } from './policies/index.ts';
import type { BenchEvents } from './sources/bench-load-feed.ts';
import { createSource, type SourceDeps } from './sources/index.ts';
import type { Actuator, ControlObserver, ControlParameter, ControlSection, ControllerSettings, ControllerSpec, ControllerStatus, DecisionRecord, MetricSource, Policy, PolicyName } from './types.ts';

export interface ControllerManagerDeps {
  store: ControllerStore;
  clock: Clock;
  /** The TargetRegistry: a target's `control` section says how to read and steer it. */
  targets: TargetLookup;
  /** Hosts besides loopback that metric sources and http actuators may reach (`Config.allowedHosts`). */
  allowedHosts?: readonly string[];
  /** The Rete engine's bridge for the `rules` policy (policies/rules-bridge.ts); without it `rules` is unsupported. */
  rules?: RulesBridge;
  /** tunechat's load runs (BenchService events), followed by controllers whose source is `load`. */
  bench?: BenchEvents;
  /** Injected in tests; default sources/index.ts createSource. */
  sources?: (metrics: ControlSection['metrics'], deps: SourceDeps) => MetricSource;
  /** Injected in tests; default actuators/index.ts createActuator. */
  actuators?: (parameter: string, spec: ControlParameter['actuator'], deps: ActuatorDeps) => Actuator;
  /** Injected in tests; default policies/index.ts createPolicy. */
  policies?: (name: PolicyName, deps: PolicyDeps) => Policy;
  /** Overrides of the loop defaults (controller-defaults.ts) for every controller. */
  settings?: Partial<ControllerSettings>;
  /** This process as the owner of loops (default `pid:start time`); tests give two managers different ones. */
  owner?: string;
  /** Whether another owner's process lives (default: /proc, manager-status.ts). */
  isOwnerAlive?: (owner: string) => boolean;
}

interface Active {
  id: string;
  controller: Controller | null;
  policy: Policy;
  source: MetricSource;
  coalescer: DecisionCoalescer;
  /** What the restart found (shown until the controller has a note of its own), and the counts before it. */
  restartNote: string | null;
  base: { decisions: number; changes: number };
  stopping: boolean;
  done: Promise<void>;
}

export class ControllerManager {
  private readonly active = new Map<string, Active>();
  private readonly observers = new Set<ControlObserver>();
  private readonly owner: string;
  private readonly alive: (owner: string) => boolean;
  private readonly factories: PlanFactories;
  private closing = false;

  constructor(private readonly deps: ControllerManagerDeps) {
    this.owner = deps.owner ?? processOwner();
    const isAlive = deps.isOwnerAlive ?? isOwnerAlive;
    // A row this process owns but does not run is an orphan (a manager of this process that went away).
    this.alive = (owner) => owner !== this.owner && isAlive(owner);
    const plugDeps = { clock: deps.clock, allowedHosts: deps.allowedHosts ?? [], ...(deps.bench ? { bench: deps.bench } : {}) };
    this.factories = {
      targets: deps.targets,
      source: (metrics) => (deps.sources ?? createSource)(metrics, plugDeps),
      actuator: (parameter, spec) => (deps.actuators ?? createActuator)(parameter, spec, plugDeps),
      policy: (name, controller) => {
        if (name === 'rules' && !deps.rules) throw new ToolError('unsupported', 'policy rules needs the rule engine, which this process does not have', { details: { parameter: 'policy' } });
        return (deps.policies ?? createPolicy)(name, { ...(deps.rules ? { rules: deps.rules } : {}), ...(controller ? { controller } : {}) });
      },
      choose: choosePolicy,
      settings: (spec) => resolveSettings(spec, deps.settings),
    };
  }

  /**
   * Validates `spec` (ToolErrors naming the field, see manager-plan.ts), stores the controller (`c-N`) and starts its
   * loop here. A second controller on the same (target, parameter) while one runs is a `conflict` naming it.
   */
  async start(spec: ControllerSpec, context: { session_id?: string | null } = {}): Promise<ControllerStatus> {
    if (this.closing) throw new ToolError('unavailable', 'tunechat is shutting down; start the controller again after it restarts');
    const plan = await planController(spec, this.factories);
    let row: StoredController;
    try {
      checkConflict(this.deps.store, plan.spec.target, plan.spec.parameter, (r) => this.describe(r).state);
      if (this.active.size >= CONTROLLER_LIMITS.running) {
        throw new ToolError('busy', `${this.active.size} controllers run in this process, the most allowed (CONTROLLER_LIMITS.running); stop one first`, { details: { running: [...this.active.keys()] } });
      }
      row = this.deps.store.create({
        target: plan.spec.target, parameter: plan.spec.parameter, spec: plan.spec, policy: plan.policy, policy_reason: plan.policyReason,
        state: 'starting', value: null, initial_value: null, note: null, session_id: context.session_id ?? null, started_at: this.deps.clock.now(), owner: this.owner,
      });
    } catch (error) {
      plan.source.close?.();
      throw error;
    }
    for (const old of superseded(this.deps.store, row, (r) => this.describe(r).state)) this.finishRow(old.id, 'stopped', `superseded by ${row.id}, started on the same parameter`);
    await this.launch(row, plan, null);
    return this.status(row.id);
  }

  /** One controller's status (default: the session's latest controller, else the latest one). */
  status(id?: string, context: { session_id?: string | null } = {}): ControllerStatus {
    return this.describe(id ? requireRow(this.deps.store, id) : latestRow(this.deps.store, context.session_id));
  }

  /**
   * Stops a controller and leaves the service's parameter at its current value (default: the session's latest running
   * controller, else the only running one). One that another process runs is asked to stop through the store and
   * waited for a few periods (manager-remote.ts); an interrupted one is stopped in the store. Stopping a stopped
   * controller returns its status.
   */
  async stop(id?: string, context: { session_id?: string | null } = {}, reason = 'stopped on request'): Promise<ControllerStatus> {
    const row = id ? requireRow(this.deps.store, id) : latestRunningRow(this.deps.store, context.session_id, (r) => this.describe(r).state);
    const active = this.active.get(row.id);
    if (active) {
      await this.stopActive(active, reason);
      return this.status(row.id);
    }
    const status = this.describe(row);
    if (status.state === 'stopped' || status.state === 'failed') return status;
    if (status.state === 'interrupted') {
      this.finishRow(row.id, 'stopped', `${reason} (while interrupted: no process ran it)`);
      return this.status(row.id);
    }
    return stopRemote({ store: this.deps.store, clock: this.deps.clock, status: (i) => this.status(i), finish: (i, s, n) => this.finishRow(i, s, n) }, row, reason);
  }

  /** Every stored controller, oldest first. */
  list(): ControllerStatus[] {
    return this.deps.store.list().map((row) => this.describe(row));
  }

  /** Stored decisions, oldest first (`no_change` ticks coalesced: manager-coalescer.ts; the newest 10,000 kept). */
  decisions(id: string, options: { after_seq?: number; limit?: number } = {}): DecisionRecord[] {
    requireRow(this.deps.store, id);
    return this.deps.store.decisions(id, options);
  }

  /** Every decision (coalesced or not) and status change of the controllers this process runs. */
  addObserver(observer: ControlObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Observers subscribed now (tests check that feeds release theirs). */
  get observerCount(): number {
    return this.observers.size;
  }

  /**
   * At start-up: resumes the controllers stored running, holding or interrupted that no live process runs (after a
   * crash, or a graceful shutdown). Each first reads the service's value through its actuator and notes what it found
   * (manager-restart.ts); an unreachable service makes it hold. A pending stop request stops it instead; one that
   * cannot be rebuilt (its target lost its control section…) stays interrupted with the reason.
   */
  async resumeInterrupted(): Promise<ControllerStatus[]> {
    const resumed: ControllerStatus[] = [];
    for (const row of this.deps.store.list()) {
      if (!RESUMABLE_STATES.includes(row.state) || this.active.has(row.id) || (row.owner && this.alive(row.owner))) continue;
      const request = this.deps.store.stopRequest(row.id);
      if (request) {
        this.finishRow(row.id, 'stopped', `${request.reason} (while tunechat was down)`);
        continue;
      }
      let plan: ControllerPlan;
      try {
        checkConflict(this.deps.store, row.target, row.parameter, (r) => (r.id === row.id ? 'interrupted' : this.describe(r).state));
        plan = await planController(row.spec, this.factories);
      } catch (error) {
        this.deps.store.update(row.id, { state: 'interrupted', owner: null, note: `could not resume after a restart: ${(error as Error).message}` }, this.deps.clock.now());
        continue;
      }
      const finding = await inspectOnRestart(plan.actuator, row.parameter, row.value);
      this.deps.store.update(row.id, { state: 'starting', owner: this.owner, note: finding.note }, this.deps.clock.now());
      try {
        await this.launch(row, plan, finding);
        resumed.push(this.status(row.id));
      } catch {
        // launch stored it failed with the reason; the others still resume.
      }
    }
    return resumed;
  }

  /** Shutdown: ends every loop without touching the service; they are stored `interrupted` and resume at the next start. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.active.values()].map((active) => this.stopActive(active, 'tunechat shut down; the controller resumes when it starts again', 'interrupted')));
  }

  /** Builds the controller, starts its loop and follows it until it ends. */
  private async launch(row: StoredController, plan: ControllerPlan, restart: RestartFinding | null): Promise<void> {
    const identity = { id: row.id, target: plan.spec.target };
    let policy: Policy;
    try {
      policy = this.factories.policy(plan.policy, identity);
    } catch (error) {
      plan.source.close?.();
      this.finishRow(row.id, 'failed', `could not start: ${(error as Error).message}`);
      throw error;
    }
    const base = restart ? { decisions: row.decisions, changes: row.changes } : { decisions: 0, changes: 0 };
    const entry: Active = { id: row.id, controller: null, policy, source: plan.source, coalescer: new DecisionCoalescer(), restartNote: restart?.note ?? null, base, stopping: false, done: Promise.resolve() };
    this.active.set(row.id, entry);
    const controller = new Controller({
      ...identity, parameter: plan.spec.parameter, slo: sloOf(plan.spec), bounds: plan.spec.bounds, integer: plan.parameter.integer ?? true,
      policy, policy_reason: plan.policyReason, settings: plan.settings, source: plan.source, actuator: plan.actuator, clock: this.deps.clock,
      session_id: row.session_id,
      ...(restart ? { initial_value: row.initial_value, current: restart.found ?? row.value, next_seq: row.next_seq, started_at: row.started_at } : {}),
      observer: { decision: (record) => this.onDecision(entry, record), status: (status) => this.onStatus(entry, status) },
    });
    entry.controller = controller;
    try {
      await controller.start();
    } catch (error) {
      this.release(entry);
      const message = error instanceof Error ? error.message : String(error);
      this.finishRow(row.id, 'failed', `could not start: ${message}`);
      throw ToolError.isInstance(error) ? error : new ToolError('unavailable', `controller ${row.id} could not start: ${message}`, { cause: error, details: { controller_id: row.id } });
    }
    entry.done = controller.done().then(() => {
      this.release(entry);
      this.persist(entry, this.present(entry, controller.status()), { owner: null });
    });
  }

  /** The loop ended (or never started): it leaves the active set and its plug-ins are released. */
  private release(entry: Active): void {
    this.active.delete(entry.id);
    entry.source.close?.();
    entry.policy.close?.();
  }

  private async stopActive(entry: Active, reason: string, state?: 'interrupted'): Promise<void> {
    if (!entry.stopping) {
      entry.stopping = true;
      await entry.controller?.stop(reason, state ? { state } : {});
    }
    await entry.done;
  }

  /** Stores the decision (unless coalesced), writes the heartbeat, acts on a stop request, tells observers. */
  private onDecision(entry: Active, record: DecisionRecord): void {
    const { store } = this.deps;
    try {
      if (entry.coalescer.keep(record)) store.addDecision(record);
      const status = entry.controller?.status();
      this.persist(entry, status ? this.present(entry, status) : null, { next_seq: record.seq + 1 });
      const request = entry.stopping ? null : store.stopRequest(entry.id);
      if (request) void this.stopActive(entry, request.reason);
    } catch {
      // A database failure must not kill the loop; the next tick writes again.
    }
    for (const observer of this.observers) {
      try {
        observer.decision(record);
      } catch {
        // A faulty observer must not break the loop.
      }
    }
  }

  private onStatus(entry: Active, status: ControllerStatus): void {
    const shown = this.present(entry, status);
    try {
      this.persist(entry, shown, {});
    } catch {
      // As in onDecision: the loop goes on.
    }
    this.emitStatus(shown);
  }

  private persist(entry: Active, status: ControllerStatus | null, extra: { next_seq?: number; owner?: string | null }): void {
    const fields = status
      ? {
          state: status.state, value: status.value, initial_value: status.initial_value, slo_value: status.slo_value, slo_state: status.slo_state,
          decisions: status.decisions, changes: status.changes, note: status.note, stopped_at: status.stopped_at,
        }
      : {};
    this.deps.store.update(entry.id, { ...fields, ...extra }, this.deps.clock.now());
  }

  /** The controller's status with the counts from before a restart and what the restart found. */
  private present(entry: Active, status: ControllerStatus): ControllerStatus {
    const restart = entry.restartNote;
    const note = status.note === null ? restart : restart && status.state === 'holding' ? `${restart}; ${status.note}` : status.note;
    return { ...status, decisions: status.decisions + entry.base.decisions, changes: status.changes + entry.base.changes, note };
  }

  private emitStatus(status: ControllerStatus): void {
    for (const observer of this.observers) {
      try {
        observer.status(status);
      } catch {
        // A faulty observer must not break the loop.
      }
    }
  }

  /** Ends a controller no process runs, in the store, and tells observers. */
  private finishRow(id: string, state: 'stopped' | 'failed', note: string): void {
    const now = this.deps.clock.now();
    this.deps.store.update(id, { state, note, owner: null, stopped_at: now }, now);
    this.emitStatus(this.status(id));
  }

  private describe(row: StoredController): ControllerStatus {
    const active = this.active.get(row.id);
    if (active?.controller) return this.present(active, active.controller.status());
    return storedStatus(row, this.deps.store, this.alive);
  }
}
