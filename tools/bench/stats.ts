/**
 * Sample statistics used by every runner. Percentiles use linear interpolation between closest ranks
 * (numpy's default `np.percentile`, which vLLM and GenAI-Perf use), so numbers are comparable with theirs.
 */

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Standard deviation. `sample: true` divides by n − 1 (hyperfine, LLMPerf), `false` by n (numpy default,
 * vLLM, GenAI-Perf). One value gives 0.
 */
export function stddev(values: readonly number[], options: { sample: boolean }): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (options.sample ? n - 1 : n));
}

/** Sorted copy, ascending. */
export function sorted(values: readonly number[]): number[] {
  return Array.from(values).sort((a, b) => a - b);
}

/** Percentile `p` in [0, 100] of already sorted values, linear interpolation (numpy "linear"). */
export function percentileSorted(sortedValues: readonly number[], p: number): number {
  const n = sortedValues.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return sortedValues[0]!;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const frac = rank - lo;
  return sortedValues[lo]! + (sortedValues[hi]! - sortedValues[lo]!) * frac;
}

export function percentile(values: readonly number[], p: number): number {
  return percentileSorted(sorted(values), p);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export interface Summary {
  count: number;
  mean: number;
  stddev: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

/** Summary of a sample set; `sampleStddev` picks n − 1 (true) or n (false). Empty input gives NaN fields → use `finite`. */
export function summarize(values: readonly number[], options: { sampleStddev: boolean }): Summary {
  const s = sorted(values);
  return {
    count: s.length,
    mean: mean(s),
    stddev: stddev(s, { sample: options.sampleStddev }),
    min: s.length ? s[0]! : Number.NaN,
    max: s.length ? s[s.length - 1]! : Number.NaN,
    p50: percentileSorted(s, 50),
    p90: percentileSorted(s, 90),
    p95: percentileSorted(s, 95),
    p99: percentileSorted(s, 99),
  };
}

/**
 * Ratio a/b with its standard deviation propagated from independent errors (first-order):
 * σ_r = r · √((σa/a)² + (σb/b)²). hyperfine reports "x ± y times faster" the same way.
 */
export function ratioWithError(a: { mean: number; stddev: number }, b: { mean: number; stddev: number }): { ratio: number; stddev: number } {
  const ratio = a.mean / b.mean;
  const rel = Math.sqrt((a.stddev / a.mean) ** 2 + (b.stddev / b.mean) ** 2);
  return { ratio, stddev: ratio * (Number.isFinite(rel) ? rel : 0) };
}

/** Rounds to `digits` decimals, keeping JSON small and readable; non-finite values become 0. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return 0;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
