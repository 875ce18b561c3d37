import type { Histogram } from 'hdr-histogram-js';
import { HISTOGRAM_BUCKETS } from '../defaults.ts';
import { round } from '../stats.ts';
import type { HistogramBucket, HttpBenchResult, SeriesPoint } from '../types.ts';
import type { LatencyRecorder } from './latency-recorder.ts';

const us = (v: number) => round(v / 1000, 3);

/** One second of the time series from a closed window. */
export function seriesPoint(t_s: number, window: { histogram: Histogram; requests: number; errors: number; timeouts: number }, seconds = 1): SeriesPoint {
  const empty = window.histogram.totalCount === 0;
  return {
    t_s: round(t_s, 3),
    requests: window.requests,
    requests_per_s: round(window.requests / seconds, 1),
    p50_ms: empty ? 0 : us(window.histogram.getValueAtPercentile(50)),
    p99_ms: empty ? 0 : us(window.histogram.getValueAtPercentile(99)),
    errors: window.errors,
    timeouts: window.timeouts,
  };
}

/** Log-spaced buckets from min to max latency (for the terminal histogram and the web chart). */
export function histogramBuckets(h: Histogram, buckets = HISTOGRAM_BUCKETS): HistogramBucket[] {
  if (h.totalCount === 0) return [];
  const min = Math.max(1, h.minNonZeroValue);
  const max = Math.max(min + 1, h.maxValue);
  const ratio = (max / min) ** (1 / buckets);
  const out: HistogramBucket[] = [];
  let previousCount = 0;
  for (let i = 1; i <= buckets; i++) {
    const le = i === buckets ? max : min * ratio ** i;
    // The last bucket takes the remainder so bucket counts always add up to the total.
    const cumulative = i === buckets ? h.totalCount : countAtOrBelow(h, le);
    out.push({ le_ms: us(le), count: cumulative - previousCount });
    previousCount = cumulative;
  }
  return out;
}

function countAtOrBelow(h: Histogram, value: number): number {
  // hdr-histogram-js has no public "count below" accessor; binary-search the percentile function instead.
  let lo = 0;
  let hi = 100;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (h.getValueAtPercentile(mid) <= value) lo = mid;
    else hi = mid;
  }
  return Math.round((lo / 100) * h.totalCount);
}

export interface HttpRunMeta {
  url: string;
  method: string;
  connections: number;
  pipelining: number;
  rate: number | null;
  elapsedMs: number;
  backlog: number;
  threads: number;
  /** CPU time the generator process used during the run (all its threads). */
  generatorCpuMs: number;
  series: SeriesPoint[];
  warnings: string[];
  startedAt: number;
}

/** Builds the plain HTTP result from the recorder (percentiles from the HDR histogram, in ms). */
export function aggregateHttp(recorder: LatencyRecorder, meta: HttpRunMeta): HttpBenchResult {
  const h = recorder.total;
  const seconds = meta.elapsedMs / 1000;
  const empty = h.totalCount === 0;
  const at = (p: number) => (empty ? 0 : us(h.getValueAtPercentile(p)));
  const statusCounts: Record<string, number> = {};
  let non2xx = 0;
  for (const [status, count] of [...recorder.statusCounts].sort((a, b) => a[0] - b[0])) {
    statusCounts[String(status)] = count;
    if (status < 200 || status >= 300) non2xx += count;
  }
  const warnings = [...meta.warnings];
  if (recorder.errors > 0) {
    const kinds = [...recorder.errorCodes].map(([code, n]) => `${code}×${n}`).join(', ');
    warnings.push(`${recorder.errors} connection errors (${kinds}).`);
  }
  if (meta.rate !== null && recorder.requests / seconds < meta.rate * 0.9) {
    warnings.push(`Achieved ${round(recorder.requests / seconds, 1)} requests/s, below the target rate ${meta.rate}: the server (or the ${meta.connections} connections) cannot keep up; latencies include the queueing this causes.`);
  }
  return {
    kind: 'http',
    url: meta.url,
    method: meta.method,
    mode: meta.rate === null ? 'closed' : 'open',
    connections: meta.connections,
    pipelining: meta.pipelining,
    threads: meta.threads,
    rate: meta.rate,
    duration_s: round(seconds, 3),
    requests: recorder.requests,
    requests_per_s: round(recorder.requests / seconds, 1),
    bytes_read: recorder.bytes,
    bytes_per_s: round(recorder.bytes / seconds, 0),
    latency_ms: {
      mean: empty ? 0 : us(h.mean),
      stddev: empty ? 0 : us(h.stdDeviation),
      min: empty ? 0 : us(h.minNonZeroValue),
      p50: at(50),
      p75: at(75),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      p99_9: at(99.9),
      max: empty ? 0 : us(h.maxValue),
    },
    status_counts: statusCounts,
    non_2xx: non2xx,
    errors: recorder.errors,
    timeouts: recorder.timeouts,
    backlog: meta.backlog,
    generator_cpu_ms: round(meta.generatorCpuMs, 1),
    generator_cpu_us_per_request: recorder.requests ? round((meta.generatorCpuMs * 1000) / recorder.requests, 2) : 0,
    corrected_for_coordinated_omission: meta.rate !== null,
    histogram: histogramBuckets(h),
    series: meta.series,
    warnings,
    started_at: meta.startedAt,
  };
}
