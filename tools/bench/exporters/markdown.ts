import { round } from '../stats.ts';
import type { BenchResult, HttpBenchResult } from '../types.ts';

const table = (header: string[], data: (string | number)[][]) =>
  [`| ${header.join(' | ')} |`, `|${header.map((h, i) => (i === 0 ? ':---' : '---:')).join('|')}|`, ...data.map((r) => `| ${r.join(' | ')} |`)].join('\n') + '\n';

function httpMarkdown(r: HttpBenchResult): string {
  const l = r.latency_ms;
  return table(
    ['URL', 'Mode', 'Connections', 'Requests/s', 'p50 [ms]', 'p90 [ms]', 'p99 [ms]', 'Max [ms]', 'Errors', 'Timeouts'],
    [[`${r.method} ${r.url}`, r.mode === 'open' ? `open @ ${r.rate}/s` : 'closed', r.connections, r.requests_per_s, l.p50, l.p90, l.p99, l.max, r.errors, r.timeouts]],
  );
}

/** Markdown tables (hyperfine's layout for commands: mean ± σ, min, max, relative ± σ). */
export function exportMarkdown(result: BenchResult): string {
  switch (result.kind) {
    case 'command':
      return table(
        ['Command', 'Mean [ms]', 'Min [ms]', 'Max [ms]', 'Relative'],
        result.results.map((r, i) => {
          const rel = result.relative[i]!;
          return [`\`${r.command}\``, `${round(r.mean_ms, 1)} ± ${round(r.stddev_ms, 1)}`, round(r.min_ms, 1), round(r.max_ms, 1), rel.fastest ? '1.00' : `${rel.ratio.toFixed(2)} ± ${rel.ratio_stddev.toFixed(2)}`];
        }),
      );
    case 'http':
      return httpMarkdown(result);
    case 'stability':
      return (
        httpMarkdown(result.http) +
        '\n' +
        table(['Check', 'Actual', 'Limit', 'Pass'], result.verdict.checks.map((c) => [c.name, c.actual, c.limit, c.pass ? 'yes' : '**no**'])) +
        `\nVerdict: **${result.verdict.pass ? 'PASS' : 'FAIL'}**\n`
      );
    case 'llm': {
      const metrics = ['ttft_ms', 'tpot_ms', 'itl_ms', 'e2el_ms'] as const;
      return (
        table(['Metric', 'Mean', 'P50', 'P90', 'P99'], metrics.map((m) => [m, result[m].mean, result[m].p50, result[m].p90, result[m].p99])) +
        '\n' +
        table(
          ['Completed', 'Failed', 'Request throughput [req/s]', 'Output throughput [tok/s]', 'Total throughput [tok/s]', 'Goodput [req/s]'],
          [[result.completed, result.failed, result.request_throughput_rps, result.output_throughput_tok_s, result.total_token_throughput_tok_s, result.goodput_rps ?? '–']],
        )
      );
    }
  }
}
