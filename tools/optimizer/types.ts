/**
 * The optimizer's contract types: search spaces, trials, studies, samplers, targets and study events.
 * No runtime imports. The database, the web UI, the rule engine, the benchmark harness and the agent all
 * depend on these shapes: change them on purpose and additively.
 */

/** A parameter value as the user's objective sees it. */
export type ParamValue = number | string | boolean | null;
export type Params = Record<string, ParamValue>;

/**
 * One flattened parameter distribution, as the samplers see it. Both vocabularies compile to these:
 * - Optuna `float` (low, high, log, step) and `int` (low, high, step, log) take linear bounds.
 * - hyperopt `uniform/quniform/loguniform/qloguniform` become `float` (loguniform's log-space bounds are
 *   exponentiated at compile time; `q` keeps hyperopt's `round(x / q) * q` meaning, unlike Optuna's `step`).
 * - hyperopt `normal/qnormal/lognormal/qlognormal` become `normal` (unbounded).
 * - hyperopt `randint` becomes `int`; `choice`/`pchoice` become `categorical` (with `weights` for pchoice).
 */
export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution | NormalDistribution;

export interface FloatDistribution {
  type: 'float';
  low: number;
  high: number;
  /** Sample in log space (low > 0). */
  log: boolean;
  /** Optuna grid: values are low + k·step. Null for continuous. */
  step: number | null;
  /** hyperopt quantization: value = round(x / q) · q. Null when absent. */
  q: number | null;
}

export interface IntDistribution {
  type: 'int';
  low: number;
  high: number;
  log: boolean;
  /** Values are low + k·step (step ≥ 1). */
  step: number;
}

export type CategoricalValue = string | number | boolean | null;

export interface CategoricalDistribution {
  type: 'categorical';
  choices: CategoricalValue[];
  /** Prior probabilities (hyperopt pchoice); null means uniform. */
  weights: number[] | null;
}

export interface NormalDistribution {
  type: 'normal';
  mu: number;
  sigma: number;
  /** lognormal: value = exp(normal(mu, sigma)). */
  log: boolean;
  q: number | null;
}

/**
 * A flattened parameter: its distribution and, for conditional parameters, the branch it lives in.
 * `condition` null means the parameter is always present.
 */
export interface ParamDefinition {
  name: string;
  distribution: Distribution;
  condition: { param: string; equals: CategoricalValue } | null;
}

export type TrialState = 'waiting' | 'running' | 'complete' | 'pruned' | 'failed';
export const FINISHED_STATES: readonly TrialState[] = ['complete', 'pruned', 'failed'];

export type Direction = 'minimize' | 'maximize';

export interface Objective {
  metric: string;
  direction: Direction;
}

export type ConstraintOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** `metric op value`. A completed trial that breaks one is infeasible and never "best". */
export interface Constraint {
  metric: string;
  op: ConstraintOp;
  value: number;
}

/** A trial as stored. Finished trials (complete, pruned, failed) are immutable. */
export interface Trial {
  id: string;
  studyId: string;
  /** 0-based, dense within a study. */
  number: number;
  state: TrialState;
  params: Params;
  distributions: Record<string, Distribution>;
  /** One value per objective, in objective order; null until complete. */
  values: number[] | null;
  /** Every metric the target reported (objectives and others, e.g. latency_p99_ms). */
  metrics: Record<string, number>;
  /** Intermediate objective values by step (for pruning). */
  intermediate: Record<number, number>;
  /** Per constraint, how much it is violated (0 = satisfied); null until complete. */
  constraintViolations: number[] | null;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  /** How many times this configuration has been attempted (retries). */
  attempt: number;
  /** For a failed trial: the reason (error message, stderr tail). */
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
}

export type StudyStatus = 'created' | 'running' | 'stopping' | 'stopped' | 'complete' | 'failed';
/** A study in one of these has ended (it runs again only when continued). */
export const FINAL_STUDY_STATUSES: readonly StudyStatus[] = ['stopped', 'complete', 'failed'];

export interface StudyRecord {
  id: string;
  name: string;
  sessionId: string | null;
  spec: StudySpec;
  status: StudyStatus;
  createdAt: number;
  updatedAt: number;
}

/**
 * A study as written in a spec file or sent by the agent. `space` entries use either vocabulary
 * (`{"type":"float",...}` or `{"type":"quniform",...}`); nested `choice` options give conditional spaces.
 */
export interface StudySpec {
  name?: string;
  space: Record<string, unknown>;
  objectives: Objective[];
  constraints?: Constraint[];
  target: TargetSpec;
  /** The name the target was resolved from (registered target or builtin problem), for views; absent in older specs. */
  targetName?: string;
  sampler?: string;
  samplerOptions?: Record<string, unknown>;
  pruner?: { kind: string; [option: string]: unknown };
  budget?: { trials?: number; parallel?: number; time_s?: number };
  retries?: { max: number; backoff_ms?: number };
  seed?: number;
  /** Known configurations to evaluate first (warm start). */
  enqueue?: Params[];
  /**
   * A known-good configuration (the target's or its template's `baseline`; start_study copies it only when the study
   * uses the target's own space): enqueued as trial 0 when the study starts without `enqueue`, clipped into the space
   * or left out (tools/optimizer/baseline.ts). The stored spec holds it as run.
   */
  baseline?: Params;
  /** Set when the study starts: what happened to `baseline` (clipped, partly dropped, skipped), for the start answer and views. */
  baselineNote?: string;
  /**
   * Run the trials on workers through the Redis queue (docs/distributed.md): true needs a server with a Redis URL and a
   * named target; false keeps them in this process; absent: the server's default (on when it has a Redis URL).
   */
  distributed?: boolean;
}

/** How to evaluate a trial. `kind` selects a Target implementation. */
export type TargetSpec =
  | { kind: 'command'; command: string[]; cwd?: string; env?: Record<string, string>; timeout_s?: number }
  | { kind: 'http'; url: string; headers?: Record<string, string>; timeout_s?: number }
  | { kind: 'builtin'; problem: string; noise?: number }
  | { kind: string; [option: string]: unknown };

/** What a target receives for one evaluation. */
export interface EvaluationContext {
  trialNumber: number;
  /** The study the trial belongs to (set by the study runner; targets name it when recording their processes). */
  studyId?: string;
  signal: AbortSignal;
  /** Report an intermediate value (feeds pruning). Returns true when the trial should stop (pruned). */
  report(step: number, metrics: Record<string, number>): boolean;
  /** The trial's attempt (1 for a first run; retries of a failed trial are new trials with attempt + 1). */
  attempt?: number;
  /** A restarted server re-attaches to a trial still running elsewhere (remote targets; others never see it). */
  reattach?: boolean;
}

/** An objective implementation: command, http, builtin, bench-driven service… One file per kind under `targets/`. */
export interface Target {
  readonly kind: string;
  /** Resolves with the metrics; throws (or rejects) for a failed trial; the message is stored as the reason. */
  evaluate(params: Params, context: EvaluationContext): Promise<Record<string, number>>;
  /** Releases resources (servers, child processes). */
  close?(): Promise<void>;
  /**
   * Trials run outside this process (workers on a queue): when the server shuts down they keep running and stay
   * `running` in storage, and the next start re-attaches to them (`EvaluationContext.reattach`).
   */
  readonly remote?: boolean;
}

/** The read-only view of a study a sampler works with. */
export interface SamplerStudyView {
  readonly studyId: string;
  readonly directions: readonly Direction[];
  readonly space: readonly ParamDefinition[];
  /** Number of constraints (trials carry `constraintViolations` of this length). */
  readonly constraintCount: number;
  /** Trials in `number` order, optionally filtered by state. Includes running trials when asked (constant liar). */
  trials(states?: readonly TrialState[]): readonly Trial[];
  /** Total trial budget when known (some samplers size populations from it). */
  readonly budget: number | null;
}

/**
 * A sampling strategy (Optuna's BaseSampler). The study calls, per trial:
 * `inferRelativeSearchSpace` → `sampleRelative` (joint sampling over that space) → `sampleIndependent`
 * for every parameter not covered (conditional ones, or all of them for independent samplers) → after the
 * evaluation, `afterTrial`. Samplers draw randomness only from their seeded RNG, so the same seed gives the
 * same trials. Every value returned lies in its distribution's bounds and on its step/q grid.
 */
export interface Sampler {
  readonly name: string;
  inferRelativeSearchSpace(study: SamplerStudyView, trial: Trial): Record<string, Distribution>;
  sampleRelative(study: SamplerStudyView, trial: Trial, space: Record<string, Distribution>): Params;
  sampleIndependent(study: SamplerStudyView, trial: Trial, name: string, distribution: Distribution): ParamValue;
  beforeTrial?(study: SamplerStudyView, trial: Trial): void;
  afterTrial?(study: SamplerStudyView, trial: Trial): void;
  /** Finite samplers (grid): true once every point has been proposed, so the study ends early. */
  isExhausted?(study: SamplerStudyView): boolean;
}

/** Decides from intermediate values whether a running trial should stop. */
export interface Pruner {
  readonly name: string;
  shouldPrune(study: SamplerStudyView, trial: Trial): boolean;
}

/**
 * Events a running study publishes (to the chat progress stream, the rule engine, metrics).
 * Names are noun-verb.
 */
export type StudyEvent =
  | { type: 'study-start'; studyId: string; at: number }
  | { type: 'trial-start'; studyId: string; trial: Trial; at: number }
  | { type: 'trial-report'; studyId: string; trial: Trial; step: number; metrics: Record<string, number>; at: number }
  | { type: 'trial-end'; studyId: string; trial: Trial; at: number }
  | { type: 'study-end'; studyId: string; status: StudyStatus; at: number };

export type StudyListener = (event: StudyEvent) => void;
