import { Counter, Gauge, type Registry } from 'prom-client';
import type { ControlObserver, ControllerState, ControllerStatus, DecisionRecord, SloState } from '../../tools/control/types.ts';

const SLO_STATES: readonly SloState[] = ['ok', 'at_risk', 'violated', 'unknown'];
const CONTROLLER_STATES: readonly ControllerState[] = ['starting', 'running', 'holding', 'stopped', 'failed', 'interrupted'];
/** Final states (the ControllerManager never resumes these); `interrupted` is not: a restart may resume it. */
const ENDED: ReadonlySet<ControllerState> = new Set(['stopped', 'failed']);
/** Ended controller ids remembered (so a late decision or a repeated final status is not counted again). */
const ENDED_IDS_KEPT = 10_000;

interface LiveController {
  parameter: string;
  /** The SLO's signal, known from the first status. */
  metric: string | null;
  state: ControllerState;
}

/**
 * The feedback controllers, as a ControlObserver the ControllerManager calls with every decision and status change.
 * Per-controller series (parameter value, SLO value/limit/state) exist while the controller runs and are removed
 * when it stops or fails (for good) or is interrupted (until it resumes), so controller ids never pile up as label values.
 */
export class ControlMetrics implements ControlObserver {
  readonly decisions: Counter<'policy' | 'outcome'>;
  readonly parameterValue: Gauge<'controller' | 'parameter'>;
  readonly sloValue: Gauge<'controller' | 'metric'>;
  readonly sloLimit: Gauge<'controller' | 'metric'>;
  readonly sloState: Gauge<'controller' | 'state'>;
  readonly controllers: Gauge<'state'>;
  private readonly live = new Map<string, LiveController>();
  private readonly ended = new Set<string>();
  private readonly endedByState = new Map<ControllerState, number>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.decisions = new Counter({
      name: 'tunechat_controller_decisions_total',
      help: 'Controller decisions, by policy and outcome (applied, dry_run, no_change, held, refused, rolled_back, failed).',
      labelNames: ['policy', 'outcome'],
      registers,
    });
    this.parameterValue = new Gauge({ name: 'tunechat_controller_parameter_value', help: 'Value of the controlled parameter now (as applied or read), per running controller.', labelNames: ['controller', 'parameter'], registers });
    this.sloValue = new Gauge({ name: 'tunechat_controller_slo_value', help: 'Latest value of the SLO signal in base units (the metric label names it: latency_p99_seconds for the signal latency_p99_ms).', labelNames: ['controller', 'metric'], registers });
    this.sloLimit = new Gauge({ name: 'tunechat_controller_slo_limit', help: 'The SLO\'s limit, in the same base units.', labelNames: ['controller', 'metric'], registers });
    this.sloState = new Gauge({ name: 'tunechat_controller_slo_state', help: 'SLO state per running controller: 1 for the current state (ok, at_risk, violated, unknown), 0 for the others.', labelNames: ['controller', 'state'], registers });
    const count = () => this.countByState();
    this.controllers = new Gauge({
      name: 'tunechat_controllers',
      help: 'Controllers known to this server, by state (ended ones count since the server started).',
      labelNames: ['state'],
      registers,
      collect() {
        for (const [state, n] of count()) this.set({ state }, n);
      },
    });
  }

  decision(record: DecisionRecord): void {
    this.decisions.inc({ policy: record.policy, outcome: record.outcome });
    if (this.ended.has(record.controller_id) || this.live.get(record.controller_id)?.state === 'interrupted') return;
    const controller = this.live.get(record.controller_id) ?? { parameter: record.parameter, metric: null, state: 'running' as const };
    this.live.set(record.controller_id, controller);
    const moved = record.outcome === 'applied' || record.outcome === 'rolled_back';
    this.parameterValue.set({ controller: record.controller_id, parameter: record.parameter }, moved ? record.to : record.from);
    if (controller.metric !== null && record.slo_value !== null) this.sloValue.set({ controller: record.controller_id, metric: baseName(controller.metric) }, toBase(controller.metric, record.slo_value));
    this.setSloState(record.controller_id, record.slo_state);
  }

  status(status: ControllerStatus): void {
    const id = status.id;
    if (ENDED.has(status.state)) return this.end(id, status.state);
    if (this.ended.has(id)) return;
    this.live.set(id, { parameter: status.parameter, metric: status.slo.metric, state: status.state });
    // Nothing runs it now: no stale values, but it still counts as interrupted.
    if (status.state === 'interrupted') return this.removeSeries(id, this.live.get(id)!);
    if (status.value !== null) this.parameterValue.set({ controller: id, parameter: status.parameter }, status.value);
    this.sloLimit.set({ controller: id, metric: baseName(status.slo.metric) }, toBase(status.slo.metric, status.slo.value));
    if (status.slo_value !== null) this.sloValue.set({ controller: id, metric: baseName(status.slo.metric) }, toBase(status.slo.metric, status.slo_value));
    this.setSloState(id, status.slo_state);
  }

  private setSloState(id: string, current: SloState): void {
    for (const state of SLO_STATES) this.sloState.set({ controller: id, state }, state === current ? 1 : 0);
  }

  private end(id: string, state: ControllerState): void {
    if (this.ended.has(id)) return;
    this.ended.add(id);
    if (this.ended.size > ENDED_IDS_KEPT) this.ended.delete(this.ended.values().next().value!);
    this.endedByState.set(state, (this.endedByState.get(state) ?? 0) + 1);
    const controller = this.live.get(id);
    this.live.delete(id);
    if (controller) this.removeSeries(id, controller);
  }

  private removeSeries(id: string, controller: LiveController): void {
    this.parameterValue.remove({ controller: id, parameter: controller.parameter });
    if (controller.metric !== null) {
      this.sloValue.remove({ controller: id, metric: baseName(controller.metric) });
      this.sloLimit.remove({ controller: id, metric: baseName(controller.metric) });
    }
    for (const s of SLO_STATES) this.sloState.remove({ controller: id, state: s });
  }

  private countByState(): Map<ControllerState, number> {
    const counts = new Map<ControllerState, number>(CONTROLLER_STATES.map((s) => [s, this.endedByState.get(s) ?? 0]));
    for (const controller of this.live.values()) counts.set(controller.state, (counts.get(controller.state) ?? 0) + 1);
    return counts;
  }
}

/** Prometheus wants base units: a controller signal in milliseconds (latency_p99_ms) is exported in seconds. */
function baseName(signal: string): string {
  return signal.endsWith('_ms') ? `${signal.slice(0, -3)}_seconds` : signal;
}

function toBase(signal: string, value: number): number {
  return signal.endsWith('_ms') ? value / 1000 : value;
}
