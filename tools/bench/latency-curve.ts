/**
 * The latency percentile curve (HDR style) the chat, the web chart and the PNG draw: [percentile, ms] pairs at
 * the percentiles HdrHistogram's reports use (halving the distance to 100% each step), read from a result's
 * exact percentiles where it has them and interpolated inside its log-spaced histogram buckets elsewhere.
 */
import type { HistogramBucket, HttpBenchResult, LlmMetricSummary } from './types.ts';

/** [percentile 0…100, latency ms], ascending in both. */
export type LatencyCurvePoint = [number, number];

/** The percentiles of the curve (100 = max). Tail points beyond what the sample size resolves are skipped. */
export const CURVE_PERCENTILES = [
  0, 10, 20, 30, 40, 50, 55, 60, 65, 70, 75, 77.5, 80, 82.5, 85, 87.5, 88.75, 90, 91.25, 92.5, 93.75, 95, 96.25, 96.875,
  97.5, 98.4375, 99, 99.21875, 99.5, 99.609375, 99.75, 99.9, 99.95, 99.99, 99.995, 99.999, 100,
] as const;

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Percentiles whose tail holds at least one sample (p99.99 needs 10,000 requests), plus 0 and 100. */
export function resolvablePercentiles(count: number): number[] {
  return CURVE_PERCENTILES.filter((p) => p === 0 || p === 100 || ((100 - p) * count) / 100 >= 1 - 1e-9);
}

/**
 * The curve of an HTTP result: exact values at min, p50, p75, p90, p95, p99, p99.9 and max; the other points
 * interpolated log-linearly inside the bucket that holds them, then kept between their exact neighbours so the curve
 * never goes down.
 */
export function httpLatencyCurve(result: Pick<HttpBenchResult, 'latency_ms' | 'histogram' | 'requests'>): LatencyCurvePoint[] {
  const { latency_ms: l, histogram } = result;
  const total = histogram.reduce((s, b) => s + b.count, 0);
  if (total === 0) return [];
  const exact = new Map<number, number>([[0, l.min], [50, l.p50], [75, l.p75], [90, l.p90], [95, l.p95], [99, l.p99], [99.9, l.p99_9], [100, l.max]]);
  const raw = resolvablePercentiles(total).map((p) => [p, exact.get(p) ?? bucketPercentile(histogram, total, p, l.min)] as LatencyCurvePoint);
  return monotone(raw, exact);
}

/**
 * The curve of one LLM metric (TTFT): the result keeps only min, p50, p90, p99 and max, so the curve has those
 * five points (exact, no interpolation).
 */
export function summaryLatencyCurve(summary: LlmMetricSummary, count: number): LatencyCurvePoint[] {
  if (count === 0 || !Number.isFinite(summary.max)) return [];
  const known: LatencyCurvePoint[] = [[0, summary.min], [50, summary.p50], [90, summary.p90], [99, summary.p99], [100, summary.max]];
  return known.filter(([p]) => p === 0 || p === 100 || ((100 - p) * count) / 100 >= 1 - 1e-9).map(([p, v]) => [p, round3(v)]);
}

/** The value at percentile `p` inside the bucket that holds it, log-linear between the bucket's bounds. */
function bucketPercentile(buckets: readonly HistogramBucket[], total: number, p: number, min: number): number {
  const target = (p / 100) * total;
  let cumulative = 0;
  let lower = Math.max(min, 1e-6);
  for (const bucket of buckets) {
    if (bucket.count > 0 && cumulative + bucket.count >= target) {
      const fraction = Math.min(1, Math.max(0, (target - cumulative) / bucket.count));
      const upper = Math.max(bucket.le_ms, lower);
      return round3(lower * (upper / lower) ** fraction);
    }
    cumulative += bucket.count;
    lower = Math.max(lower, bucket.le_ms);
  }
  return round3(buckets[buckets.length - 1]?.le_ms ?? min);
}

/** Clamps interpolated points between the exact values around them and makes the curve non-decreasing. */
function monotone(points: LatencyCurvePoint[], exact: ReadonlyMap<number, number>): LatencyCurvePoint[] {
  const anchors = [...exact].sort((a, b) => a[0] - b[0]);
  let previous = -Infinity;
  return points.map(([p, v]) => {
    const below = anchors.filter(([q]) => q <= p).at(-1)?.[1] ?? -Infinity;
    const above = anchors.find(([q]) => q >= p)?.[1] ?? Infinity;
    const value = Math.max(previous, Math.min(Math.max(v, below), above));
    previous = value;
    return [p, round3(value)];
  });
}
