import { isRecord } from '../plan.ts';
import { formatNumber, markdownTable } from './format.ts';

/**
 * Prose from a benchmark result: the headline numbers (throughput, latency percentiles, mean ± stddev,
 * errors), found by name anywhere in the result so the writer follows the bench tools' plain JSON.
 */
export function writeBenchResult(tool: string, args: Record<string, unknown>, output: unknown): string {
  const result = isRecord(output) && isRecord(output.result) ? output.result : output;
  const comparison = isRecord(output) && isRecord(output.comparison) ? `\n\nCompared with the previous run: ${JSON.stringify(output.comparison).slice(0, 300)}` : '';
  if (isRecord(result) && result.kind === 'command' && Array.isArray(result.results)) return writeCommand(result) + comparison;
  if (isRecord(result) && result.kind === 'http' && isRecord(result.latency_ms)) return writeHttp(result) + comparison;
  if (isRecord(result) && result.kind === 'llm' && isRecord(result.ttft_ms)) return writeLlm(result) + comparison;
  return writeGeneric(tool, args, output);
}

const n = (value: unknown) => (typeof value === 'number' ? formatNumber(value) : '-');

/** hyperfine-style: mean ± σ, range, percentiles per command, and the relative speed when several ran. */
function writeCommand(result: Record<string, unknown>): string {
  const rows = (result.results as Array<Record<string, unknown>>).map((r) => [`\`${String(r.command)}\``, `${n(r.mean_ms)} ± ${n(r.stddev_ms)}`, n(r.median_ms), `${n(r.min_ms)} … ${n(r.max_ms)}`, n(r.p99_ms), n(r.runs), n(r.failed_runs)]);
  const first = (result.results as Array<Record<string, unknown>>)[0]!;
  const lines = [`\`${String(first.command)}\` took **${n(first.mean_ms)} ms ± ${n(first.stddev_ms)} ms** (mean ± σ over ${n(first.runs)} runs; median ${n(first.median_ms)} ms, range ${n(first.min_ms)}–${n(first.max_ms)} ms).`];
  lines.push(markdownTable(['command', 'mean ± σ (ms)', 'median', 'min … max', 'p99', 'runs', 'failed'], rows));
  const relative = Array.isArray(result.relative) ? (result.relative as Array<Record<string, unknown>>) : [];
  const fastest = relative.find((r) => r.fastest === true);
  if (relative.length > 1 && fastest) {
    lines.push(`Fastest: \`${String(fastest.command)}\`. ${relative.filter((r) => r !== fastest).map((r) => `\`${String(r.command)}\` is ${n(r.ratio)} ± ${n(r.ratio_stddev)} × slower`).join('; ')}.`);
  }
  const warnings = [...((result.warnings as string[] | undefined) ?? []), ...((first.warnings as string[] | undefined) ?? [])];
  if (warnings.length) lines.push(`Warnings: ${warnings.join(' ')}`);
  return lines.join('\n\n');
}

/** wrk-style: throughput, latency distribution, errors. */
function writeHttp(result: Record<string, unknown>): string {
  const latency = result.latency_ms as Record<string, unknown>;
  const mode = result.mode === 'open' ? `open loop at ${n(result.rate)} req/s` : `${n(result.connections)} connections`;
  const lines = [`${String(result.method ?? 'GET')} ${String(result.url)} for ${n(result.duration_s)} s with ${mode}: **${n(result.requests_per_s)} requests/s**, latency p50 ${n(latency.p50)} ms, p99 ${n(latency.p99)} ms (${n(result.requests)} requests).`];
  lines.push(markdownTable(['latency', 'mean', 'stddev', 'p50', 'p90', 'p99', 'p99.9', 'max'], [['ms', n(latency.mean), n(latency.stddev), n(latency.p50), n(latency.p90), n(latency.p99), n(latency.p99_9), n(latency.max)]]));
  const problems = [['errors', result.errors], ['timeouts', result.timeouts], ['non-2xx', result.non_2xx]].filter(([, v]) => typeof v === 'number' && v > 0);
  lines.push(problems.length ? `Problems: ${problems.map(([k, v]) => `${n(v)} ${String(k)}`).join(', ')}.` : 'No errors, timeouts or non-2xx responses.');
  if (Array.isArray(result.warnings) && result.warnings.length) lines.push(`Warnings: ${result.warnings.join(' ')}`);
  return lines.join('\n\n');
}

/** vLLM-bench-style: TTFT, TPOT, ITL, E2E latency percentiles and throughput. */
function writeLlm(result: Record<string, unknown>): string {
  const metric = (name: string) => (isRecord(result[name]) ? (result[name] as Record<string, unknown>) : {});
  const ttft = metric('ttft_ms');
  const load = result.mode === 'rate' ? `${n(result.rate)} req/s` : `concurrency ${n(result.concurrency)}`;
  const lines = [`${String(result.model ?? 'the model')} at ${String(result.base_url)} (${load}): **TTFT p50 ${n(ttft.p50)} ms, p99 ${n(ttft.p99)} ms**; ${n(result.output_throughput_tok_s)} output tokens/s, ${n(result.request_throughput_rps)} requests/s (${n(result.completed)} completed, ${n(result.failed)} failed).`];
  const rows = ['ttft_ms', 'tpot_ms', 'itl_ms', 'e2el_ms'].map((name) => {
    const m = metric(name);
    return [name, n(m.mean), n(m.p50), n(m.p90), n(m.p99), n(m.max)];
  });
  lines.push(markdownTable(['metric', 'mean', 'p50', 'p90', 'p99', 'max'], rows));
  if (typeof result.goodput_rps === 'number') lines.push(`Goodput (requests/s meeting the SLOs): ${n(result.goodput_rps)}.`);
  if (result.tokens_estimated === true) lines.push('Token counts were estimated (the server sent no usage).');
  return lines.join('\n\n');
}

function writeGeneric(tool: string, args: Record<string, unknown>, output: unknown): string {
  const flat = flatten(output);
  const what = tool === 'bench_command' ? `\`${(args.command as string[]).join(' ')}\`` : String(args.url ?? args.base_url);
  const rows: string[][] = [];
  for (const [key, value] of flat) {
    if (!INTERESTING.test(key) || EXCLUDE.test(key)) continue;
    rows.push([key, formatNumber(value)]);
    if (rows.length >= 16) break;
  }
  if (rows.length === 0) return `The benchmark of ${what} finished, but its result had no numbers I recognise: ${JSON.stringify(output).slice(0, 400)}`;
  const headline = headlineOf(flat);
  return `Benchmark of ${what}${headline ? `: ${headline}` : ' finished'}.\n\n${markdownTable(['measure', 'value'], rows)}`;
}

const INTERESTING = /(mean|median|stddev|std|min|max|p50|p90|p95|p99|rps|throughput|requests?_per|per_s|tokens?|ttft|tpot|itl|errors?|non2xx|timeouts|runs|requests|duration|count|total|latency)/i;
const EXCLUDE = /(raw|times\.\d|samples|histogram|exit_codes\.\d)/i;

function headlineOf(flat: Array<[string, number]>): string {
  const find = (re: RegExp) => flat.find(([k]) => re.test(k));
  const parts: string[] = [];
  const rps = find(/(requests?_per_s|rps|throughput)(\.mean|\.average)?$/i);
  if (rps) parts.push(`${formatNumber(rps[1])} requests/s`);
  const ttft = find(/ttft.*(p50|median|mean)/i);
  if (ttft) parts.push(`TTFT ${ttft[0].split('.').pop()} ${formatNumber(ttft[1])}${/_s\b|seconds/.test(ttft[0]) ? ' s' : ' ms'}`);
  const p99 = find(/p99/i);
  if (p99) parts.push(`p99 ${formatNumber(p99[1])}${/_s\b/.test(p99[0]) ? ' s' : ' ms'}`);
  const mean = find(/(^|\.)mean(_ms|_s)?$/i);
  if (mean && parts.length === 0) parts.push(`mean ${formatNumber(mean[1])}${/_s$/.test(mean[0]) ? ' s' : /_ms$/.test(mean[0]) ? ' ms' : ''}`);
  const errors = find(/(^|\.)errors$/i);
  if (errors) parts.push(`${formatNumber(errors[1])} errors`);
  return parts.join(', ');
}

function flatten(value: unknown, prefix = '', out: Array<[string, number]> = []): Array<[string, number]> {
  if (typeof value === 'number' && Number.isFinite(value)) out.push([prefix, value]);
  else if (Array.isArray(value)) {
    if (value.length <= 8) value.forEach((v, i) => flatten(v, `${prefix}.${i}`, out));
  } else if (isRecord(value)) {
    for (const [key, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}
