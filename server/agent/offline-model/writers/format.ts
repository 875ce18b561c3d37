/** Number and parameter formatting shared by the response writers. */

/** 4 significant digits, no exponent for ordinary magnitudes, integers as integers. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

export function formatValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** `max_depth = 4, eta = 0.1`: parameters in a stable (sorted) order. */
export function formatParams(params: Record<string, unknown>): string {
  const entries = Object.entries(params).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '(no parameters)';
  return entries.map(([name, value]) => `${name} = ${formatValue(value)}`).join(', ');
}

/** A metric with its unit read from the name (`latency_p99_ms` → "0.12 ms"). */
export function formatMetric(metric: string, value: number): string {
  if (/_tok_s$/.test(metric)) return `${formatNumber(value)} tok/s`;
  if (/_per_s$|_rps$/.test(metric)) return `${formatNumber(value)}/s`;
  if (/_ms$/.test(metric)) return `${formatNumber(value)} ms`;
  if (/_s$/.test(metric)) return `${formatNumber(value)} s`;
  return formatNumber(value);
}

export function percentChange(from: number, to: number): string {
  if (from === 0) return 'n/a';
  const change = ((to - from) / Math.abs(from)) * 100;
  return `${change > 0 ? '+' : ''}${change.toFixed(Math.abs(change) < 10 ? 1 : 0)}%`;
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
