import type { BenchResult } from '../types.ts';

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const rows = (header: string[], data: unknown[][]) => [header, ...data].map((r) => r.map(cell).join(',')).join('\n') + '\n';

/**
 * CSV, one row per command (hyperfine's columns, in ms, plus `parameter_<name>`), one row per second for
 * load tests (the time series), or one row per metric for LLM runs.
 */
export function exportCsv(result: BenchResult): string {
  switch (result.kind) {
    case 'command': {
      const params = [...new Set(result.results.flatMap((r) => Object.keys(r.parameters)))];
      return rows(
        ['command', 'mean_ms', 'stddev_ms', 'median_ms', 'user_ms', 'system_ms', 'min_ms', 'max_ms', 'peak_rss_kb', ...params.map((p) => `parameter_${p}`)],
        result.results.map((r) => [r.command, r.mean_ms, r.stddev_ms, r.median_ms, r.user_ms, r.system_ms, r.min_ms, r.max_ms, r.peak_rss_kb, ...params.map((p) => r.parameters[p])]),
      );
    }
    case 'http':
    case 'stability': {
      const http = result.kind === 'http' ? result : result.http;
      return rows(['t_s', 'requests', 'requests_per_s', 'p50_ms', 'p99_ms', 'errors', 'timeouts'], http.series.map((p) => [p.t_s, p.requests, p.requests_per_s, p.p50_ms, p.p99_ms, p.errors, p.timeouts]));
    }
    case 'llm': {
      const metrics = ['ttft_ms', 'tpot_ms', 'itl_ms', 'e2el_ms'] as const;
      return rows(['metric', 'mean', 'p50', 'p90', 'p99', 'stddev', 'min', 'max'], metrics.map((m) => [m, result[m].mean, result[m].p50, result[m].p90, result[m].p99, result[m].stddev, result[m].min, result[m].max]));
    }
  }
}
