/**
 * The benchmark harness's result contract. Runners return these plain, JSON-serializable shapes; they are
 * stored as JSON (db/bench-store.ts), rendered by exporters, the CLI, the web UI and the agent, and consumed
 * by the rule engine (`bench-end` events). Field names ending in `_ms`, `_s`, `_kb` carry their unit.
 * The snake_case names (`mean_ms`, `requests_per_s`, `ttft_ms`…) are a stable contract: keep them.
 * No runtime imports.
 */

/** Summary statistics of one sample set (ms unless the field says otherwise). */
export interface LatencySummary {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface DistributionSummary extends LatencySummary {
  min: number;
  /** Population standard deviation (vLLM, GenAI-Perf convention) unless stated. */
  stddev: number;
  p95: number;
  count: number;
}

/** MAD modified z-score outliers (Iglewicz & Hoaglin; threshold 3.5). */
export interface OutlierReport {
  count: number;
  /** Indices into the samples (run order). */
  indices: number[];
  threshold: number;
}

/** One measured command (one parameter combination). Times in milliseconds. */
export interface CommandResult {
  /** The command as displayed (argv joined, placeholders substituted). */
  command: string;
  argv: string[];
  shell: boolean;
  /** Parameter values of a scan (`{threads}` → "4"); empty without a scan. */
  parameters: Record<string, string>;
  mean_ms: number;
  /** Sample standard deviation (n − 1), as hyperfine reports it. */
  stddev_ms: number;
  median_ms: number;
  min_ms: number;
  max_ms: number;
  p90_ms: number;
  p95_ms: number;
  p99_ms: number;
  /** Wall time of every measured run, in run order (warmups excluded). */
  times_ms: number[];
  exit_codes: (number | null)[];
  /** Mean user / system CPU time of the child (and the children it waited for); null when not measurable. */
  user_ms: number | null;
  system_ms: number | null;
  user_times_ms: (number | null)[];
  system_times_ms: (number | null)[];
  /** Peak resident set size of the child per run, and the maximum over runs (KiB). */
  max_rss_kb: (number | null)[];
  peak_rss_kb: number | null;
  /** How CPU and memory were obtained: `wait4` (rusage of the reaped child) or `none`. */
  resource_method: 'wait4' | 'none';
  outliers: OutlierReport;
  warnings: string[];
}

export interface RelativeEntry {
  command: string;
  /** mean / fastest mean (1 for the fastest). */
  ratio: number;
  /** Propagated standard deviation of the ratio. */
  ratio_stddev: number;
  fastest: boolean;
}

export interface CommandBenchResult {
  kind: 'command';
  results: CommandResult[];
  relative: RelativeEntry[];
  warnings: string[];
  started_at: number;
  duration_s: number;
}

/** One second of a load test (also the stability time series). */
export interface SeriesPoint {
  /** Seconds since the start of the measurement. */
  t_s: number;
  requests: number;
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  timeouts: number;
}

export interface HistogramBucket {
  /** Upper bound of the bucket (ms). */
  le_ms: number;
  count: number;
}

export interface HttpBenchResult {
  kind: 'http';
  url: string;
  method: string;
  /** closed: N connections each with `pipelining` requests in flight; open: constant rate, latency from the intended send time. */
  mode: 'closed' | 'open';
  connections: number;
  pipelining: number;
  /** Generator threads (wrk's -t). */
  threads: number;
  /** Target rate (open loop), requests/s; null in closed loop. */
  rate: number | null;
  duration_s: number;
  requests: number;
  requests_per_s: number;
  bytes_read: number;
  bytes_per_s: number;
  latency_ms: LatencySummary & { min: number; stddev: number; p75: number; p95: number; p99_9: number };
  status_counts: Record<string, number>;
  non_2xx: number;
  errors: number;
  timeouts: number;
  /** Open loop only: requests that could not be sent on time because every connection was busy (at the end). */
  backlog: number;
  /** CPU the generator itself used (all threads): when it nears cores × duration, the generator is the bottleneck. */
  generator_cpu_ms: number;
  generator_cpu_us_per_request: number;
  /** Latency from the intended send time (open loop; no coordinated omission). */
  corrected_for_coordinated_omission: boolean;
  histogram: HistogramBucket[];
  series: SeriesPoint[];
  warnings: string[];
  started_at: number;
}

export interface LlmMetricSummary {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  stddev: number;
  min: number;
  max: number;
}

export interface LlmRequestRecord {
  ok: boolean;
  error: string | null;
  prompt_tokens: number;
  output_tokens: number;
  /** True when token counts came from an estimate (no `usage` in the stream). */
  tokens_estimated: boolean;
  ttft_ms: number | null;
  e2el_ms: number | null;
  tpot_ms: number | null;
  start_ms: number;
}

export interface LlmBenchResult {
  kind: 'llm';
  base_url: string;
  endpoint: 'chat' | 'completions';
  model: string;
  mode: 'concurrency' | 'rate';
  concurrency: number | null;
  rate: number | null;
  burstiness: number;
  duration_s: number;
  completed: number;
  failed: number;
  total_input_tokens: number;
  total_output_tokens: number;
  ttft_ms: LlmMetricSummary;
  tpot_ms: LlmMetricSummary;
  itl_ms: LlmMetricSummary;
  e2el_ms: LlmMetricSummary;
  output_throughput_tok_s: number;
  total_token_throughput_tok_s: number;
  request_throughput_rps: number;
  /** Requests/s meeting every SLO given; null without SLOs. */
  goodput_rps: number | null;
  slos: { ttft_ms?: number; tpot_ms?: number; e2el_ms?: number } | null;
  /** True when any token count was estimated rather than read from `usage`. */
  tokens_estimated: boolean;
  /** Definitions followed (vLLM benchmark_serving). */
  definitions: 'vllm';
  errors: Record<string, number>;
  warnings: string[];
  started_at: number;
}

export interface ProcessSample {
  t_s: number;
  cpu_percent: number;
  rss_kb: number;
  /** Event-loop delay p99 (ms), only for tunechat's own process. */
  event_loop_p99_ms: number | null;
}

export interface StabilityVerdict {
  pass: boolean;
  checks: { name: string; pass: boolean; actual: number; limit: number }[];
}

export interface StabilityBenchResult {
  kind: 'stability';
  http: HttpBenchResult;
  process: { pid: number; samples: ProcessSample[]; peak_rss_kb: number; mean_cpu_percent: number } | null;
  /** p99 of the first vs the last window (a minute, or a sixth of short runs). */
  p99_first_ms: number;
  p99_last_ms: number;
  p99_drift_percent: number;
  error_rate: number;
  verdict: StabilityVerdict;
}

export type BenchResult = CommandBenchResult | HttpBenchResult | LlmBenchResult | StabilityBenchResult;
export type BenchKind = BenchResult['kind'];

/** A stored run. */
export interface BenchRun {
  id: string;
  kind: BenchKind;
  /** What was measured (a command line, a URL); runs with the same label are compared by default. */
  label: string;
  sessionId: string | null;
  config: Record<string, unknown>;
  result: BenchResult;
  createdAt: number;
}

/** Events the bench service publishes (the rule engine subscribes). */
export type BenchEvent =
  | { type: 'bench-start'; runId: string; kind: BenchKind; label: string; sessionId: string | null; at: number }
  | { type: 'bench-progress'; runId: string; kind: BenchKind; progress: BenchProgress; at: number }
  | { type: 'bench-end'; runId: string; kind: BenchKind; label: string; sessionId: string | null; result: BenchResult; at: number };

export type BenchListener = (event: BenchEvent) => void;

/** A progress snapshot (once a second for load tests, once per run for commands). */
export type BenchProgress =
  | { kind: 'command'; command: string; run: number; runs: number; last_ms: number; mean_ms: number }
  | { kind: 'http'; elapsed_s: number; point: SeriesPoint; total_requests: number }
  | { kind: 'llm'; elapsed_s: number; completed: number; failed: number; total: number; output_tokens: number };
