import type { HttpBenchResult, LlmBenchResult } from './types.ts';

/** Flat metric names a study can optimize or constrain (e.g. `latency_p99_ms`, `requests_per_s`). */
export function serviceMetricsFromHttp(r: HttpBenchResult): Record<string, number> {
  const attempts = r.requests + r.errors + r.timeouts;
  return {
    requests_per_s: r.requests_per_s,
    latency_mean_ms: r.latency_ms.mean,
    latency_p50_ms: r.latency_ms.p50,
    latency_p90_ms: r.latency_ms.p90,
    latency_p99_ms: r.latency_ms.p99,
    latency_max_ms: r.latency_ms.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non_2xx: r.non_2xx,
    error_rate: attempts ? (r.errors + r.timeouts + r.non_2xx) / attempts : 0,
  };
}

export function serviceMetricsFromLlm(r: LlmBenchResult): Record<string, number> {
  return {
    ttft_p50_ms: r.ttft_ms.p50,
    ttft_p99_ms: r.ttft_ms.p99,
    tpot_mean_ms: r.tpot_ms.mean,
    tpot_p99_ms: r.tpot_ms.p99,
    itl_p99_ms: r.itl_ms.p99,
    e2el_p99_ms: r.e2el_ms.p99,
    output_throughput_tok_s: r.output_throughput_tok_s,
    request_throughput_rps: r.request_throughput_rps,
    ...(r.goodput_rps !== null ? { goodput_rps: r.goodput_rps } : {}),
    failed: r.failed,
  };
}
