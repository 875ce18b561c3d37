import { isRecord } from '../plan.ts';
import { formatNumber, markdownTable } from './format.ts';

/**
 * Prose from a benchmark result: the headline numbers (throughput, latency percentiles, mean ± stddev,
 * errors), found by name anywhere in the result so the writer follows the bench tools' plain JSON.
 */
export function writeBenchResult(tool: string, args: Record<string, unknown>, output: unknown): string {
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
