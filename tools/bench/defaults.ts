/**
 * Every benchmark default and limit, in one object, applied once at the edge (CLI flags, agent tool input,
 * service target). Inner code never repeats `?? default`.
 */
export const BENCH_DEFAULTS = Object.freeze({
  command: { warmup: 3, runs: 10, minRuns: 10, maxRuns: 1000, minTimeSeconds: 3, timeoutSeconds: 600 },
  http: { connections: 10, pipelining: 1, threads: 1, durationSeconds: 10, timeoutSeconds: 10, method: 'GET' },
  llm: { concurrency: 4, requests: 50, maxTokens: 128, promptTokens: 128, promptTokensStddev: 0, burstiness: 1, timeoutSeconds: 120 },
  stability: { durationSeconds: 120, sloP99Ms: 500, sloErrorRate: 0.01, sloDriftPercent: 50 },
});

/** Hard bounds: requests outside them are refused with a clear error (safety for load sent by the agent). */
export const BENCH_LIMITS = Object.freeze({
  maxDurationSeconds: 3600,
  maxConnections: 10_000,
  maxRate: 1_000_000,
  maxRequests: 10_000_000,
  maxLlmRequests: 100_000,
  maxLlmConcurrency: 1024,
  maxRuns: 100_000,
  maxWarmup: 1000,
  /** Agent tools are bounded tighter than the CLI (a chat should not start an hour of load). */
  agentMaxDurationSeconds: 300,
  agentMaxRuns: 1000,
  agentMaxLlmRequests: 2000,
});

/** Percentile points reported by the HTTP histogram rendering (ms buckets). */
export const HISTOGRAM_BUCKETS = 20;
