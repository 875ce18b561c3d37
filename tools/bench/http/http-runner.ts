import type { Histogram } from 'hdr-histogram-js';
import type { Clock } from '../../common/clock.ts';
import type { BenchProgress, HttpBenchResult, SeriesPoint } from '../types.ts';
import { aggregateHttp, seriesPoint } from './aggregate.ts';
import { LatencyRecorder } from './latency-recorder.ts';
import { generateLoad, type LoadOptions } from './load-generator.ts';
import { generateLoadThreaded } from './threaded-load.ts';
import { prepareRequest } from './request-builder.ts';

/** Fully resolved HTTP load options (defaults applied and host policy checked at the edge). */
export interface HttpBenchOptions {
  url: string;
  /**
   * The addresses the host policy checked for the URL's host (`resolveHttpOptions` sets them): every connection
   * goes to one of these, the name staying in Host and SNI. Omitted: the host is resolved by the system (only
   * for callers that checked nothing themselves, like tests on 127.0.0.1).
   */
  connectTo?: readonly string[];
  method: string;
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  pipelining: number;
  /** Worker threads sharing the connections (wrk's -t); 1 runs on the calling thread. */
  threads: number;
  /** Open loop at this many requests/s (latency from the intended send time); null = closed loop. */
  rate: number | null;
  durationSeconds: number;
  /** Stop after this many responses (before the duration ends). */
  requests: number | null;
  timeoutSeconds: number;
  clock: Clock;
  signal?: AbortSignal;
  onProgress?: (progress: BenchProgress) => void;
  /** Each closed one-second window's histogram (stability runs merge them into first/last-minute p99). */
  onWindow?: (t_s: number, histogram: Histogram) => void;
}

/** Runs one HTTP load test and returns its plain result. */
export async function runHttpBench(options: HttpBenchOptions): Promise<HttpBenchResult> {
  const request = prepareRequest({
    url: options.url,
    ...(options.connectTo ? { connectTo: options.connectTo } : {}),
    method: options.method,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
  const recorder = new LatencyRecorder();
  const series: SeriesPoint[] = [];
  const startedAt = options.clock.now();
  let lastSecondMs = 0;
  const cpuBefore = process.cpuUsage();
  const load: LoadOptions = {
    request,
    connections: options.connections,
    pipelining: options.pipelining,
    rate: options.rate,
    durationMs: options.durationSeconds * 1000,
    maxRequests: options.requests,
    timeoutMs: options.timeoutSeconds * 1000,
    recorder,
    ...(options.signal ? { signal: options.signal } : {}),
    onSecond: (elapsedMs) => {
      const window = recorder.takeWindow();
      const point = seriesPoint(elapsedMs / 1000, window, (elapsedMs - lastSecondMs) / 1000);
      options.onWindow?.(point.t_s, window.histogram);
      lastSecondMs = elapsedMs;
      series.push(point);
      options.onProgress?.({ kind: 'http', elapsed_s: point.t_s, point, total_requests: recorder.requests });
    },
  };
  const threads = Math.min(options.threads, options.connections);
  const threaded = threads > 1 ? await generateLoadThreaded({ ...load, threads }) : null;
  const outcome = threaded ?? (await generateLoad(load));
  // Threads: CPU counted from when every worker was loaded (module loading is not generator work).
  const cpu = process.cpuUsage(threaded?.cpuStart ?? cpuBefore);
  // The last partial second. A sliver (< 250 ms) is folded into the previous point, so the series always adds
  // up to the totals without a spike from dividing by a tiny interval.
  const rest = recorder.takeWindow();
  const restSeconds = (outcome.elapsedMs - lastSecondMs) / 1000;
  if (rest.requests > 0 || rest.errors > 0 || rest.timeouts > 0) {
    const last = series.at(-1);
    if (last && restSeconds < 0.25) {
      last.requests += rest.requests;
      last.errors += rest.errors;
      last.timeouts += rest.timeouts;
      last.requests_per_s = Math.round((last.requests / (1 + restSeconds)) * 10) / 10;
    } else {
      series.push(seriesPoint(outcome.elapsedMs / 1000, rest, Math.max(restSeconds, 0.001)));
    }
    options.onWindow?.(outcome.elapsedMs / 1000, rest.histogram);
  }
  return aggregateHttp(recorder, {
    url: options.url,
    method: request.method,
    connections: options.connections,
    pipelining: options.pipelining,
    rate: options.rate,
    elapsedMs: outcome.elapsedMs,
    backlog: outcome.backlog,
    threads,
    generatorCpuMs: (cpu.user + cpu.system) / 1000,
    series,
    warnings: [],
    startedAt,
  });
}
