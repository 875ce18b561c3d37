import type { PolicyName } from '../../tools/control/types.ts';

/** One measured second of one run: the client's p99 (ground truth) and the pool size the service reported. */
export interface RunSecond {
  /** End of the second, seconds since the measured load started. */
  t_s: number;
  /** Offered load (req/s) of the step. */
  rate: number;
  requests: number;
  /** null: nothing answered in that second (counted as a violation). */
  p99_ms: number | null;
  /** Workers at the end of the second (GET /control). */
  workers: number;
  violated: boolean;
}

/** A change the controller made (or failed to make), for the report and the chart. */
export interface RunDecision {
  t_s: number;
  from: number;
  to: number;
  outcome: string;
  reason: string;
}

/** One run of the experiment, plain data (written to results JSON, rendered by report-table.ts and chart.ts). */
export interface RunResult {
  /** "static 4" or the policy name. */
  name: string;
  kind: 'static' | 'policy';
  /** Static runs: the fixed worker count. */
  workers?: number;
  policy?: PolicyName;
  /** Policy options passed to createPolicy (empty: the policy's defaults). */
  policy_options?: Record<string, number>;
  seconds: RunSecond[];
  /** Seconds whose p99 broke the SLO (or had no answer). */
  violation_s: number;
  /** p99 of every request of the run (ms). */
  p99_ms: number;
  requests: number;
  /** Client-side errors + timeouts + non-2xx answers. */
  errors: number;
  /** Requests due but never sent when a step ended (see step-load.ts). */
  dropped: number;
  /** ∫ workers dt over the measured load (worker-seconds), from GET /control sampled every 250 ms. */
  worker_s: number;
  mean_workers: number;
  max_workers: number;
  /** Decisions the controller recorded (0 for static runs) and how many changed the pool. */
  decisions: number;
  changes: number;
  /** Applied, failed and rolled-back changes, in order (capped). */
  changes_log: RunDecision[];
  /** Anything odd seen during the run (a policy that failed, a source that went stale). */
  notes: string[];
  wall_s: number;
}
