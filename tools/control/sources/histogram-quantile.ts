/**
 * PromQL's `histogram_quantile` for classic (bucketed) histograms, as Prometheus computes it (promql/quantile.go,
 * `bucketQuantile`): buckets sorted by upper bound, equal bounds merged, counts forced monotonic (a bucket lower
 * than the one before is raised to it: scrapes of different buckets are not atomic, and deltas of them can dip),
 * rank = q · total, the first bucket whose cumulative count reaches the rank, and linear interpolation inside it.
 * The lowest bucket is interpolated from 0 when its upper bound is positive (otherwise its bound is returned); a
 * rank falling in the +Inf bucket returns the highest finite bound. Where PromQL gives NaN (no +Inf bucket, fewer
 * than two buckets, no observations) this returns null: "no data", which a Sample leaves out rather than NaN.
 */

/** One cumulative bucket: observations ≤ `le`. */
export interface CumulativeBucket {
  le: number;
  count: number;
}

export function histogramQuantile(q: number, input: readonly CumulativeBucket[]): number | null {
  if (Number.isNaN(q)) return null;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = [...input].sort((a, b) => a.le - b.le);
  if (sorted.length === 0 || sorted[sorted.length - 1]!.le !== Number.POSITIVE_INFINITY) return null;
  const buckets: CumulativeBucket[] = [];
  for (const bucket of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.le === bucket.le) last.count += bucket.count;
    else buckets.push({ le: bucket.le, count: bucket.count });
  }
  let max = Number.NEGATIVE_INFINITY;
  for (const bucket of buckets) {
    if (bucket.count < max) bucket.count = max;
    else max = bucket.count;
  }
  if (buckets.length < 2) return null;
  const observations = buckets[buckets.length - 1]!.count;
  if (!(observations > 0)) return null;
  let rank = q * observations;
  // sort.Search over all but the +Inf bucket: the first index whose count reaches the rank, else len - 1.
  let b = buckets.findIndex((bucket, i) => i < buckets.length - 1 && bucket.count >= rank);
  if (b === -1) b = buckets.length - 1;
  if (b === buckets.length - 1) return buckets[buckets.length - 2]!.le;
  if (b === 0 && buckets[0]!.le <= 0) return buckets[0]!.le;
  let start = 0;
  let count = buckets[b]!.count;
  if (b > 0) {
    start = buckets[b - 1]!.le;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  const value = start + (buckets[b]!.le - start) * (rank / count);
  return Number.isNaN(value) ? null : value; // q = 0 on an empty lowest bucket: 0/0 in PromQL too.
}
