/**
 * The live feedback controller's shared contract (issue 15): monitor → analyze → decide → execute.
 * Plug-in points, one interface each, one file per implementation:
 *   MetricSource (sources/), Policy (policies/), Actuator (actuators/).
 * The Controller (controller.ts) runs one loop for one (target, parameter); the ControllerManager
 * (controller-manager.ts) owns every controller, stores them and their decisions in SQLite, and is what the
 * agent tools, the CLI, /metrics and the web UI talk to. No runtime imports here.
 *
 * Module map (who calls what; exact names are the contract):
 * - sources/index.ts      `createSource(metrics: ControlSection['metrics'], deps: SourceDeps): MetricSource`
 *   (prometheus: scrape + text-format parser + histogram_quantile over bucket deltas in a window; load: tunechat's
 *   per-second load series, fed through `LoadSeriesSource.push(point)`)
 * - analyzer.ts           `class Analyzer { constructor(slo: Slo, settings: ControllerSettings); add(sample: Sample | null, error?: string): Analysis }`
 * - policies/index.ts     `createPolicy(name: PolicyName, deps?: PolicyDeps): Policy`,
 *                         `choosePolicy(parameter: string, signals: readonly string[]): { name: PolicyName; why: string }` (what `auto` means)
 * - policies/rules-policy.ts + `RulesBridge` (decisions from the Rete engine: `scale` / `set_param` actions over `Controller` facts)
 * - actuators/index.ts    `createActuator(parameter: string, spec: ControlParameter['actuator'], deps: ActuatorDeps): Actuator`
 * - control-section.ts    `parseControlSection(raw: unknown): ControlSection` (zod; ToolError naming the field)
 * - controller-defaults.ts `resolveSettings(spec: ControllerSpec, overrides?: Partial<ControllerSettings>): ControllerSettings`
 * - controller.ts         `class Controller` (one loop: bounds, step limit, cooldown, rollback, dry run, stale hold)
 * - controller-manager.ts `class ControllerManager` (start/status/stop/list, SQLite via db/controller-store.ts, restart resume)
 * - agent-tools.ts        start_controller, controller_status, stop_controller
 */

/** A service-level objective on one signal: "latency_p99_ms < 40". */
export type SloOp = '<' | '<=' | '>' | '>=';
export interface Slo {
  metric: string;
  op: SloOp;
  value: number;
}

/**
 * Standard signal names every source maps its raw metrics onto (units in the names: ms, per_s, ratio 0..1).
 * A source may offer more names; an SLO may be set on any name the source offers.
 * - latency_p50_ms, latency_p90_ms, latency_p99_ms, latency_mean_ms: request latency, end to end
 * - requests_per_s: completed requests per second
 * - error_rate: failed / all requests, 0..1
 * - queue_wait_ms: mean wait for a worker / slot before the work starts
 * - inflight: requests inside the service (queued + running)
 * - busy: units of the controlled parameter in use (busy workers)
 * - service_ms: mean time of one unit of work once it runs (the RTT without queueing: Gradient2/Vegas's rtt)
 * - work_per_s: units of work started per second (e.g. backend lookups per second)
 */
export const STANDARD_SIGNALS = [
  'latency_p50_ms',
  'latency_p90_ms',
  'latency_p99_ms',
  'latency_mean_ms',
  'requests_per_s',
  'error_rate',
  'queue_wait_ms',
  'inflight',
  'busy',
  'service_ms',
  'work_per_s',
] as const;
export type StandardSignal = (typeof STANDARD_SIGNALS)[number];

/** One reading of a source: every signal's value over the source's window, at `at` (ms since the epoch). */
export interface Sample {
  at: number;
  /** Signal name → value; a signal with no data in the window (no requests) is absent, never NaN. */
  values: Record<string, number>;
  /** Events in the window the values rest on (e.g. requests counted), so thin data can be refused. */
  count: number;
}

/** Monitor: where signals come from (sources/prometheus-source.ts scrapes /metrics; sources/load-series-source.ts follows tunechat's load). */
export interface MetricSource {
  readonly kind: 'prometheus' | 'load';
  /** Human description for status lines: "http://127.0.0.1:8090/metrics". */
  readonly describe: string;
  /** Reads now. Throws a ToolError (code `source_unavailable`) when the source cannot be read. */
  read(signal?: AbortSignal): Promise<Sample>;
  /** Signal names this source can produce (known from its configuration, before any read). */
  signals(): readonly string[];
  close?(): void;
}

/** Analyze: per signal, over the controller's sliding window of samples. */
export interface SignalStats {
  /** Latest value. */
  value: number;
  /** Exponentially weighted moving average (alpha from the analyzer's options). */
  ewma: number;
  mean: number;
  min: number;
  max: number;
  p50: number;
  p95: number;
  /** Least-squares slope over the window, per second. */
  slope_per_s: number;
  /** Samples in the window that had this signal. */
  samples: number;
}

export type SloState = 'ok' | 'at_risk' | 'violated' | 'unknown';

export interface Analysis {
  at: number;
  /** Samples in the window (all signals). */
  samples: number;
  /** True when the latest read failed or is older than `stale_after_s`: the controller holds, never acts. */
  stale: boolean;
  /** Why stale, in words ("no successful read for 7 s: connect ECONNREFUSED 127.0.0.1:8090"). */
  stale_reason?: string;
  signals: Record<string, SignalStats>;
  slo: {
    metric: string;
    op: SloOp;
    limit: number;
    /** The SLO signal's latest value (null when it has none yet). */
    value: number | null;
    state: SloState;
    /** How long the SLO has been in `state`, seconds. */
    for_s: number;
    /** Why this state in words ("p99 52 ms > 40 ms", "p99 37 ms within 10% of 40 ms", "2 samples < 3 needed"). */
    reason: string;
  };
}

/** Decide: one policy proposal per tick. */
export interface PolicyContext {
  now: number;
  parameter: string;
  /** The parameter's current value (what the actuator last applied or read). */
  current: number;
  bounds: { min: number; max: number };
  slo: Slo;
  analysis: Analysis;
  period_s: number;
}

export interface PolicyProposal {
  /** Desired value (the controller clamps to bounds and step limits); null: no change wanted. */
  value: number | null;
  /** The policy's reason in words, with the numbers: "queue wait 12.4 ms > 5 ms → workers ×1.5". */
  reason: string;
  /** The numbers the reason rests on (stored with the decision). */
  inputs: Record<string, number>;
}

export const POLICY_NAMES = ['threshold', 'aimd', 'gradient2', 'vegas', 'hpa', 'little', 'rules'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** A decision policy: stateful (Gradient2 keeps its long RTT, HPA its recommendations), one instance per controller. */
export interface Policy {
  readonly name: PolicyName;
  /** Signals it needs; starting a controller fails (naming the signal) when the source lacks one. */
  readonly requires: readonly string[];
  decide(context: PolicyContext): PolicyProposal | Promise<PolicyProposal>;
  /** Called once when the controller stops: releases what the policy holds outside itself (the rules policy retracts its `Controller` fact). */
  close?(): void;
}

/** Execute: applies a parameter value to the running service. */
export interface Actuator {
  readonly kind: 'http' | 'command' | 'restart';
  readonly describe: string;
  /** The value the service runs with now, when the actuator can read it (http GET); null when it cannot. */
  read(signal?: AbortSignal): Promise<number | null>;
  /** Throws a ToolError (code `actuator_failed`) when the service refused or could not be reached. */
  apply(value: number, signal?: AbortSignal): Promise<void>;
}

/**
 * A target's `control` section (tunechat.json or a registration): how to watch and steer the *running* service.
 * Example (examples/service): {"metrics": {"type": "prometheus", "url": "http://127.0.0.1:8090/metrics",
 *   "signals": {"latency": "example_request_duration_seconds", "queue_wait": "example_queue_wait_seconds",
 *   "service": "example_backend_duration_seconds", "inflight": "example_inflight_requests", "busy": "example_busy_workers",
 *   "errors": "example_request_errors_total"}},
 *  "parameters": {"workers": {"min": 1, "max": 64, "actuator": {"type": "http", "url": "http://127.0.0.1:8090/control"}}}}
 * Prometheus mapping → standard signals: `latency` histogram → latency_p50/p90/p99/mean_ms + requests_per_s;
 * `queue_wait` histogram → queue_wait_ms; `service` histogram → service_ms + work_per_s; `inflight`, `busy` gauges;
 * `errors` counter → error_rate (errors per s / requests per s).
 */
export interface ControlSection {
  metrics:
    | { type: 'prometheus'; url: string; signals: Partial<Record<'latency' | 'queue_wait' | 'service' | 'inflight' | 'busy' | 'errors', string>>; window_s?: number }
    /** tunechat's own http/stability load runs whose URL starts with `url` (every run when absent). */
    | { type: 'load'; url?: string };
  parameters: Record<string, ControlParameter>;
}

export interface ControlParameter {
  min: number;
  max: number;
  /** Integer parameter (a pool size): values are rounded. Default true. */
  integer?: boolean;
  actuator:
    | { type: 'http'; url: string; method?: 'PUT' | 'POST' }
    /** argv template run without a shell; `{value}` is replaced by the new value. Operator-registered targets only. */
    | { type: 'command'; command: string[]; cwd?: string }
    /** Last resort: stop the service's process group and start `command` again with `{value}` (and `{port}` fixed). */
    | { type: 'restart'; command: string[]; health_url: string; cwd?: string };
}

/** What start_controller asks for (the agent tool's input, the CLI's flags). */
export interface ControllerSpec {
  target: string;
  /** The SLO's signal, e.g. latency_p99_ms. */
  metric: string;
  slo: { op: SloOp; value: number };
  parameter: string;
  /** Default: the target's parameter bounds. */
  bounds?: { min: number; max: number };
  /** Default `auto`: picks one and says why. */
  policy?: PolicyName | 'auto';
  /** Loop period, default 1 s. */
  period_s?: number;
  /** Decide and record without acting. */
  dry_run?: boolean;
}

/** Loop settings (defaults in controller-defaults.ts). */
export interface ControllerSettings {
  period_s: number;
  /** Analyzer window, seconds (default 10). */
  window_s: number;
  /** Fewest samples with the SLO signal before a decision is allowed (default 3). */
  min_samples: number;
  /** A source not read successfully for this long is stale: hold (default 5 s). */
  stale_after_s: number;
  /** After a change, no other change for this long (default 2 s). */
  cooldown_s: number;
  /** Largest change in one step, as a fraction of the current value (default 2.0 = ×3 up / ÷3 down: a load step can triple the need), at least 1 unit. */
  max_step_ratio: number;
  /** Roll back a change when the SLO value got worse by more than this fraction within `rollback_after_s` (default 0.25, 10 s). */
  rollback_worse_ratio: number;
  rollback_after_s: number;
  dry_run: boolean;
}

export type DecisionOutcome =
  | 'applied' // the actuator set the new value
  | 'dry_run' // decided, recorded, not applied
  | 'no_change' // the policy wanted nothing, or the clamped value equals the current one
  | 'held' // stale or failing source: the last good configuration is kept
  | 'refused' // too little data, or cooling down
  | 'rolled_back' // a previous change made the SLO worse: back to the value before it
  | 'failed'; // the actuator failed (the value stays what it was)

/** One decision, as stored (SQLite `control_decisions`) and shown in the chat: "p99 52 ms > 40 ms for 5 s → workers 8 → 12". */
export interface DecisionRecord {
  controller_id: string;
  /** 1, 2, 3… per controller. */
  seq: number;
  at: number;
  policy: PolicyName;
  parameter: string;
  from: number;
  to: number;
  outcome: DecisionOutcome;
  /** In words, for people and the model. */
  reason: string;
  /** The numbers it rests on: the policy's inputs plus the SLO value and state. */
  inputs: Record<string, number>;
  slo_state: SloState;
  slo_value: number | null;
}

export type ControllerState = 'starting' | 'running' | 'holding' | 'stopped' | 'failed' | 'interrupted';

export interface ControllerStatus {
  id: string;
  target: string;
  parameter: string;
  policy: PolicyName;
  /** Why this policy (auto's choice explained, or "asked for"). */
  policy_reason: string;
  slo: Slo;
  bounds: { min: number; max: number };
  dry_run: boolean;
  state: ControllerState;
  /** The parameter's value now (as applied or read). */
  value: number | null;
  /** The value before the controller's first change (what a stop leaves unless asked otherwise). */
  initial_value: number | null;
  slo_value: number | null;
  slo_state: SloState;
  decisions: number;
  changes: number;
  last_decision: DecisionRecord | null;
  started_at: number;
  stopped_at: number | null;
  /** Why it stopped / failed / holds, or what it found on restart. */
  note: string | null;
  session_id: string | null;
}

/** Receives every decision and status change (server/metrics, the websocket, the store). */
export interface ControlObserver {
  decision(record: DecisionRecord): void;
  status(status: ControllerStatus): void;
}
