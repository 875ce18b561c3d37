import type { Histogram } from 'hdr-histogram-js';
import { round } from '../stats.ts';
import type { StabilityBenchResult } from '../types.ts';
import { createLatencyHistogram } from '../http/latency-recorder.ts';
import { runHttpBench, type HttpBenchOptions } from '../http/http-runner.ts';
import { startProcessSampler } from './process-sampler.ts';
import { stabilityVerdict } from './verdict.ts';

export interface StabilityOptions extends HttpBenchOptions {
  /** Process of the server under test (its CPU, RSS); `process.pid` also records event-loop delay. */
  pid: number | null;
  slo: { p99Ms: number; errorRate: number; driftPercent: number };
}

/**
 * Sustained load with a per-second time series and a verdict. Drift compares the p99 of the first and the
 * last window: one minute, or a sixth of the run when it is shorter than six minutes (so short runs still
 * get a meaningful comparison).
 */
export async function runStabilityBench(options: StabilityOptions): Promise<StabilityBenchResult> {
  const windowS = Math.min(60, options.durationSeconds / 6);
  const first = createLatencyHistogram();
  const recent: { t: number; h: Histogram }[] = [];
  const sampler = options.pid !== null ? startProcessSampler(options.pid) : null;
  let http: Awaited<ReturnType<typeof runHttpBench>>;
  let samples: ReturnType<NonNullable<typeof sampler>['stop']> | null = null;
  try {
    http = await runHttpBench({
      ...options,
      onWindow: (t, h) => {
        if (t <= windowS + 1e-6) first.add(h);
        recent.push({ t, h });
        // Keep just over a window of recent seconds.
        while (recent.length > 0 && recent[0]!.t < t - windowS - 1) recent.shift();
      },
    });
  } finally {
    samples = sampler?.stop() ?? null;
  }
  const end = http.duration_s;
  const last = createLatencyHistogram();
  for (const r of recent) if (r.t > end - windowS - 1e-6) last.add(r.h);
  const p99 = (h: Histogram) => (h.totalCount ? round(h.getValueAtPercentile(99) / 1000, 3) : 0);
  const p99First = p99(first);
  const p99Last = p99(last);
  const drift = p99First > 0 ? round(((p99Last - p99First) / p99First) * 100, 1) : 0;
  const attempts = http.requests + http.errors + http.timeouts;
  const errorRate = attempts ? round((http.errors + http.timeouts + http.non_2xx) / attempts, 5) : 0;
  return {
    kind: 'stability',
    http,
    process:
      samples && options.pid !== null
        ? {
            pid: options.pid,
            samples,
            peak_rss_kb: samples.reduce((m, s) => Math.max(m, s.rss_kb), 0),
            mean_cpu_percent: samples.length ? round(samples.reduce((a, s) => a + s.cpu_percent, 0) / samples.length, 1) : 0,
          }
        : null,
    p99_first_ms: p99First,
    p99_last_ms: p99Last,
    p99_drift_percent: drift,
    error_rate: errorRate,
    verdict: stabilityVerdict({ p99Ms: http.latency_ms.p99, errorRate, driftPercent: drift }, options.slo),
  };
}
