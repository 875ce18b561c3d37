import { round } from '../stats.ts';
import type { BenchResult, CommandBenchResult, HistogramBucket, HttpBenchResult, LlmBenchResult, StabilityBenchResult } from '../types.ts';

/** Human output for the terminal: tables and a latency histogram (the CLI's default presentation). */
export function renderTerminal(result: BenchResult): string {
  switch (result.kind) {
    case 'command':
      return renderCommand(result);
    case 'http':
      return renderHttp(result);
    case 'llm':
      return renderLlm(result);
    case 'stability':
      return renderStability(result);
  }
}

const pad = (rows: (string | number)[][]) => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ')).join('\n');
};

/** Horizontal bars, one per bucket, scaled to the fullest bucket. */
export function renderHistogram(buckets: HistogramBucket[], width = 40): string {
  if (buckets.length === 0) return '';
  const max = Math.max(...buckets.map((b) => b.count));
  const total = buckets.reduce((a, b) => a + b.count, 0);
  return buckets
    .map((b) => `  ≤ ${String(b.le_ms.toFixed(3)).padStart(10)} ms ${'█'.repeat(max ? Math.round((b.count / max) * width) : 0).padEnd(width)} ${String(b.count).padStart(8)} (${((b.count / total) * 100).toFixed(1)}%)`)
    .join('\n');
}

function renderCommand(r: CommandBenchResult): string {
  const out: string[] = [];
  for (const c of r.results) {
    out.push(`Benchmark: ${c.command}`);
    out.push(`  Time (mean ± σ):   ${round(c.mean_ms, 2)} ms ± ${round(c.stddev_ms, 2)} ms    [User: ${c.user_ms ?? '–'} ms, System: ${c.system_ms ?? '–'} ms]`);
    out.push(`  Median … p95:      ${round(c.median_ms, 2)} ms … ${round(c.p95_ms, 2)} ms`);
    out.push(`  Range (min … max): ${round(c.min_ms, 2)} ms … ${round(c.max_ms, 2)} ms    ${c.times_ms.length} runs`);
    if (c.peak_rss_kb !== null) out.push(`  Peak memory:       ${(c.peak_rss_kb / 1024).toFixed(1)} MiB`);
    for (const w of c.warnings) out.push(`  Warning: ${w}`);
    out.push('');
  }
  if (r.results.length > 1) {
    const fastest = r.relative.find((x) => x.fastest)!;
    out.push('Summary');
    out.push(`  ${fastest.command} ran`);
    for (const x of r.relative) if (!x.fastest) out.push(`    ${x.ratio.toFixed(2)} ± ${x.ratio_stddev.toFixed(2)} times faster than ${x.command}`);
  }
  for (const w of r.warnings) out.push(`Warning: ${w}`);
  return out.join('\n');
}

function renderHttp(r: HttpBenchResult): string {
  const l = r.latency_ms;
  const lines = [
    `${r.method} ${r.url} — ${r.mode === 'open' ? `open loop at ${r.rate} req/s (latency from intended send time)` : 'closed loop'}, ${r.connections} connections${r.pipelining > 1 ? `, pipelining ${r.pipelining}` : ''}, ${r.duration_s} s`,
    '',
    pad([
      ['Latency', 'mean', 'stddev', 'p50', 'p90', 'p99', 'p99.9', 'max'],
      ['ms', l.mean, l.stddev, l.p50, l.p90, l.p99, l.p99_9, l.max],
    ]),
    '',
    `  ${r.requests} requests in ${r.duration_s} s, ${(r.bytes_read / 1e6).toFixed(2)} MB read`,
    `  Requests/s: ${r.requests_per_s}    Transfer/s: ${(r.bytes_per_s / 1e6).toFixed(2)} MB`,
    `  Status: ${Object.entries(r.status_counts).map(([s, n]) => `${s}×${n}`).join(' ') || 'none'}    Errors: ${r.errors}    Timeouts: ${r.timeouts}`,
    '',
    'Latency histogram',
    renderHistogram(r.histogram),
  ];
  for (const w of r.warnings) lines.push(`Warning: ${w}`);
  return lines.join('\n');
}

function renderLlm(r: LlmBenchResult): string {
  const metrics = ['ttft_ms', 'tpot_ms', 'itl_ms', 'e2el_ms'] as const;
  const lines = [
    `${r.endpoint} ${r.base_url} model=${r.model} — ${r.mode === 'rate' ? `rate ${r.rate} req/s, burstiness ${r.burstiness}` : `concurrency ${r.concurrency}`} (vLLM definitions)`,
    `  Successful requests: ${r.completed}    Failed: ${r.failed}    Duration: ${r.duration_s} s`,
    `  Request throughput: ${r.request_throughput_rps} req/s    Output: ${r.output_throughput_tok_s} tok/s    Total: ${r.total_token_throughput_tok_s} tok/s`,
    r.goodput_rps !== null ? `  Goodput: ${r.goodput_rps} req/s (SLOs ${JSON.stringify(r.slos)})` : '',
    '',
    pad([['ms', 'mean', 'p50', 'p90', 'p99', 'max'], ...metrics.map((m) => [m, r[m].mean, r[m].p50, r[m].p90, r[m].p99, r[m].max])]),
  ];
  if (r.tokens_estimated) lines.push('  (token counts estimated: the server sent no usage)');
  for (const w of r.warnings) lines.push(`Warning: ${w}`);
  return lines.filter((l, i) => l !== '' || i > 0).join('\n');
}

function renderStability(r: StabilityBenchResult): string {
  const lines = [renderHttp(r.http), '', 'Time series', pad([['t_s', 'req/s', 'p50_ms', 'p99_ms', 'errors'], ...r.http.series.map((p) => [p.t_s, p.requests_per_s, p.p50_ms, p.p99_ms, p.errors + p.timeouts])])];
  if (r.process) lines.push('', `Process ${r.process.pid}: mean CPU ${r.process.mean_cpu_percent}%, peak RSS ${(r.process.peak_rss_kb / 1024).toFixed(1)} MiB`);
  lines.push('', `p99 first window ${r.p99_first_ms} ms → last window ${r.p99_last_ms} ms (drift ${r.p99_drift_percent}%), error rate ${r.error_rate}`);
  for (const c of r.verdict.checks) lines.push(`  ${c.pass ? 'ok  ' : 'FAIL'} ${c.name}: ${c.actual} (limit ${c.limit})`);
  lines.push(`Verdict: ${r.verdict.pass ? 'PASS' : 'FAIL'}`);
  return lines.join('\n');
}
