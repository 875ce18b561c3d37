import type { ParameterScan } from './command/parameter-scan.ts';

/**
 * What users (CLI flags), the agent (tool input) and the live-service target ask for, in snake_case with
 * optional fields. `resolve-options.ts` validates them and applies BENCH_DEFAULTS once.
 */
export interface CommandBenchInput {
  /** One argument array; with `shell: true`, a single command line for /bin/sh -c. */
  command?: string[];
  /** Several commands to compare (hyperfine with several arguments). */
  commands?: string[][];
  names?: string[];
  runs?: number;
  warmup?: number;
  min_runs?: number;
  max_runs?: number;
  min_time_s?: number;
  setup?: string[];
  prepare?: string[];
  cleanup?: string[];
  parameters?: ParameterScan[];
  ignore_failure?: boolean;
  /** Run through /bin/sh -c. Only when the user explicitly asked for a shell. */
  shell?: boolean;
  timeout_s?: number;
  cwd?: string;
}

export interface HttpBenchInput {
  url: string;
  connections?: number;
  duration_s?: number;
  /** Stop after this many responses. */
  requests?: number;
  /** Open loop at this many requests/s (no coordinated omission). */
  rate?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  pipelining?: number;
  /** Generator worker threads (wrk -t); default 1. */
  threads?: number;
  timeout_s?: number;
}

export interface LlmBenchInput {
  base_url: string;
  model?: string;
  endpoint?: 'chat' | 'completions';
  api_key?: string;
  concurrency?: number;
  rate?: number;
  burstiness?: number;
  max_concurrency?: number;
  requests?: number;
  max_tokens?: number;
  prompt_tokens?: number;
  prompt_tokens_stddev?: number;
  prompts?: string[];
  slo_ttft_ms?: number;
  slo_tpot_ms?: number;
  slo_e2el_ms?: number;
  seed?: number;
  timeout_s?: number;
}

export interface StabilityBenchInput extends HttpBenchInput {
  /** PID of the server under test; `self` for tunechat's own process. */
  pid?: number | 'self';
  slo_p99_ms?: number;
  slo_error_rate?: number;
  slo_drift_percent?: number;
}

/** Options of a run from the caller's side (not part of the stored config). */
export interface RunContext {
  sessionId?: string | null;
  signal?: AbortSignal;
  /** Tighter bounds for runs the agent starts. */
  agent?: boolean;
}
