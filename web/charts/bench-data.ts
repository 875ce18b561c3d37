/**
 * What the benchmark charts read from a bench tool output (`tools/bench/agent-tools.ts`): the latency percentile
 * curve, the per-second series, and the running progress. Pure and tolerant: outputs differ by bench kind.
 */

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A latency curve: [percentile (0–100), milliseconds], by percentile. */
export type LatencyCurve = [number, number][];

export interface SeriesPointJson {
  t_s: number;
  requests_per_s?: number;
  p50_ms?: number;
  p99_ms?: number;
  errors?: number;
}

/** The bench result inside an output: `{ result }` of a done bench tool, the stability run's `http`, or the output itself. */
function results(output: unknown): Json[] {
  if (!isRecord(output)) return [];
  const result = isRecord(output.result) ? output.result : output;
  return [result, ...(isRecord(result.http) ? [result.http] : [])];
}

/** `p50` → 50, `p99_9` → 99.9, `p999` → 99.9, `p99.99` → 99.99; `median` → 50; others null. */
export function percentileOfKey(key: string): number | null {
  if (key === 'median' || key === 'median_ms') return 50;
  const m = /^p(\d+)(?:[._](\d+))?(?:_ms)?$/.exec(key);
  if (!m) return null;
  const whole = m[1]!;
  const p = m[2] !== undefined ? Number(`${whole}.${m[2]}`) : whole.length > 2 ? Number(`${whole.slice(0, 2)}.${whole.slice(2)}`) : Number(whole);
  return p > 0 && p < 100 ? p : null;
}

/** Percentile points of a summary object such as `latency_ms: { p50, p90, p99, p99_9 }` or a command's `p90_ms`. */
function curveOfSummary(summary: Json): LatencyCurve {
  const points: LatencyCurve = [];
  for (const [key, value] of Object.entries(summary)) {
    const p = percentileOfKey(key);
    const ms = num(value);
    if (p !== null && ms !== null) points.push([p, ms]);
  }
  return points.sort((a, b) => a[0] - b[0]);
}

/**
 * The latency curve of a bench output: `latency_curve` when the tool gives one, else the percentiles of
 * `latency_ms` (http), `e2el_ms` (llm) or the first command result. Fewer than two points: null.
 */
export function readLatencyCurve(output: unknown): LatencyCurve | null {
  for (const r of results(output)) {
    const curve = r.latency_curve;
    if (Array.isArray(curve)) {
      const points = curve.filter((p): p is [number, number] => Array.isArray(p) && num(p[0]) !== null && num(p[1]) !== null && p[0] > 0 && p[0] < 100);
      if (points.length >= 2) return [...points].sort((a, b) => a[0] - b[0]);
    }
  }
  for (const r of results(output)) {
    const summary = [r.latency_ms, r.e2el_ms, r.latency, isRecord(r.latency) ? r.latency.percentiles : undefined].find(isRecord)
      ?? (Array.isArray(r.results) && isRecord(r.results[0]) ? r.results[0] : undefined);
    if (summary) {
      const curve = curveOfSummary(summary);
      if (curve.length >= 2) return curve;
    }
  }
  return null;
}

/** The per-second series of a load or stability run (at least two points), else null. */
export function readSeries(output: unknown): SeriesPointJson[] | null {
  for (const r of results(output)) {
    if (Array.isArray(r.series)) {
      const points = r.series.filter((p): p is SeriesPointJson => isRecord(p) && num(p.t_s) !== null);
      if (points.length >= 2) return points;
    }
  }
  return null;
}

/** Progress of a running bench (preliminary output): elapsed seconds and requests (or runs) so far. */
export function readBenchProgress(output: unknown): { elapsedS: number | null; requests: number | null; label: string } | null {
  if (!isRecord(output) || output.status !== 'running' || !isRecord(output.progress)) return null;
  const p = output.progress;
  const elapsedS = num(p.elapsed_s);
  if (p.kind === 'command') return { elapsedS, requests: num(p.run), label: `run ${num(p.run) ?? '?'} of ${num(p.runs) ?? '?'}` };
  if (p.kind === 'llm') {
    const completed = num(p.completed);
    return { elapsedS, requests: completed, label: `${completed ?? 0} requests done${num(p.failed) ? `, ${num(p.failed)} failed` : ''}` };
  }
  const requests = num(p.total_requests);
  const point = isRecord(p.point) ? p.point : {};
  const rate = num(point.requests_per_s);
  return { elapsedS, requests, label: `${requests ?? 0} requests${rate !== null ? ` · ${Math.round(rate)}/s` : ''}` };
}

/** HDR-style x position of a percentile: 1 / (1 − p), so 90, 99, 99.9 are evenly spaced on a log axis. */
export const hdrX = (percentile: number): number => 1 / (1 - percentile / 100);

/** The label of an HDR x position: 10 → "90%", 1000 → "99.9%". */
export function hdrLabel(x: number): string {
  const p = 100 * (1 - 1 / x);
  return `${Number(p.toFixed(4))}%`;
}
