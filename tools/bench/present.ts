import { httpLatencyCurve, summaryLatencyCurve } from './latency-curve.ts';
import type { BenchResult } from './types.ts';

/**
 * A compact view of a result for the chat model: every headline number, without per-run arrays, the
 * histogram or long time series (the full result stays in the store under its run id). HTTP and LLM results
 * gain `latency_curve`: [percentile, ms] pairs (HDR style, see latency-curve.ts), computed from the histogram before
 * it is dropped, so the chat and the web chart can draw the percentile curve, and `latency_curve_metric` naming what it
 * measures (`latency_ms`; LLM: `ttft_ms`, time to first token).
 */
export function compactResult(result: BenchResult): Record<string, unknown> {
  switch (result.kind) {
    case 'command':
      return {
        kind: 'command',
        results: result.results.map(({ times_ms, user_times_ms, system_times_ms, max_rss_kb, exit_codes, argv, ...rest }) => ({
          ...rest,
          runs: times_ms.length,
          failed_runs: exit_codes.filter((c) => c !== 0).length,
          outliers: rest.outliers.count,
        })),
        relative: result.relative,
        warnings: result.warnings,
      };
    case 'http': {
      const { histogram, series, ...rest } = result;
      return { ...rest, latency_curve: httpLatencyCurve(result), latency_curve_metric: 'latency_ms', series: series.length > 30 ? series.filter((_, i) => i % Math.ceil(series.length / 30) === 0) : series };
    }
    case 'llm':
      return { ...result, latency_curve: summaryLatencyCurve(result.ttft_ms, result.completed), latency_curve_metric: 'ttft_ms' };
    case 'stability': {
      const { http, process, ...rest } = result;
      return { ...rest, http: compactResult(http), process: process ? { pid: process.pid, peak_rss_kb: process.peak_rss_kb, mean_cpu_percent: process.mean_cpu_percent } : null };
    }
  }
}
