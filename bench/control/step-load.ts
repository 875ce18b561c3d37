import type { Histogram } from 'hdr-histogram-js';
import { LatencyRecorder, createLatencyHistogram } from '../../tools/bench/http/latency-recorder.ts';
import { generateLoad, type LoadOutcome } from '../../tools/bench/http/load-generator.ts';
import { prepareRequest, type PreparedRequest } from '../../tools/bench/http/request-builder.ts';

/** One step of the load: open loop at `rate` requests/s for `seconds`. */
export interface LoadStep {
  rate: number;
  seconds: number;
}

/** One second of client-side truth (latency from each request's intended send time, wrk2-style). */
export interface LoadSecond {
  /** End of the second, seconds since the measured load started (after the warm-up). */
  t_s: number;
  /** The offered rate of the step this second belongs to. */
  rate: number;
  requests: number;
  /** null when nothing was answered in this second. */
  p99_ms: number | null;
  p50_ms: number | null;
  errors: number;
  timeouts: number;
}

export interface StepLoadResult {
  seconds: LoadSecond[];
  /** Every request answered after the warm-up. */
  total: Histogram;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Requests of a step's extra stream due but never sent when the step ended (see runStepLoad). */
  dropped: number;
  /** `performance.now()` when the measured load began (after the warm-up) and ended. */
  measured: { from: number; to: number };
}

export interface StepLoadOptions {
  url: string;
  steps: readonly LoadStep[];
  /** Unmeasured seconds at the first step's rate before the steps. */
  warmupSeconds: number;
  /** Connections at the highest rate; each stream gets its share of them (at least 16). */
  connections: number;
  timeoutSeconds: number;
  /** Called after each closed measured second (the run samples the service's worker count here). */
  onSecond?: (second: LoadSecond) => void;
  signal?: AbortSignal;
}

const ms = (us: number) => Math.round(us) / 1000;
const sleep = (delayMs: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, delayMs)));

/**
 * Drives tunechat's open-loop load generator (tools/bench/http, unchanged: one fixed rate per run) through the
 * steps as a sum of open-loop streams sharing one recorder: a base stream at the lowest rate runs through the
 * warm-up and every step, and each step above it adds a stream for the difference (900 = 200 + 700) for its length.
 * A sum of open-loop streams is an open-loop stream at the summed rate, and the base stream's connections never
 * restart, so step changes cost no reconnect storm and the service's queue is measured without a gap. When a step
 * ends, its extra stream's requests still waiting on the client side are given up (`dropped`); the base stream
 * keeps measuring the service's queue through the change.
 */
export async function runStepLoad(options: StepLoadOptions): Promise<StepLoadResult> {
  const request = prepareRequest({ url: options.url, method: 'GET' });
  const recorder = new LatencyRecorder();
  const total = createLatencyHistogram();
  const seconds: LoadSecond[] = [];
  const rates = options.steps.map((s) => s.rate);
  const base = Math.min(...rates);
  const peak = Math.max(...rates);
  const share = (rate: number) => Math.max(16, Math.round((options.connections * rate) / peak));
  const warmupMs = options.warmupSeconds * 1000;
  const measuredMs = options.steps.reduce((sum, s) => sum + s.seconds, 0) * 1000;
  // The step a moment (ms since the measured load started) belongs to.
  const stepAt = (t: number) => {
    let end = 0;
    for (const step of options.steps) {
      end += step.seconds * 1000;
      if (t < end) return step;
    }
    return options.steps.at(-1)!;
  };
  let closedAt = 0;
  const onSecond = (elapsedMs: number) => {
    const window = recorder.takeWindow();
    const t = elapsedMs - warmupMs;
    if (t <= 0) return; // warm-up seconds are dropped
    total.add(window.histogram);
    const empty = window.histogram.totalCount === 0;
    const second: LoadSecond = {
      t_s: Math.round(t) / 1000,
      rate: stepAt(Math.max(0, (closedAt + t) / 2)).rate,
      requests: window.requests,
      p99_ms: empty ? null : ms(window.histogram.getValueAtPercentile(99)),
      p50_ms: empty ? null : ms(window.histogram.getValueAtPercentile(50)),
      errors: window.errors,
      timeouts: window.timeouts,
    };
    closedAt = t;
    seconds.push(second);
    options.onSecond?.(second);
  };
  const stream = (rate: number, durationMs: number, withSeconds: boolean): Promise<LoadOutcome> =>
    generateLoad({
      request,
      connections: share(rate),
      pipelining: 1,
      rate,
      durationMs,
      maxRequests: null,
      timeoutMs: options.timeoutSeconds * 1000,
      recorder,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(withSeconds ? { onSecond } : {}),
    });
  const started = performance.now();
  const baseRun = stream(base, warmupMs + measuredMs, true);
  const extras = runExtras({ request, steps: options.steps, base, warmupMs, started, stream, signal: options.signal });
  const [baseOutcome, dropped] = await Promise.all([baseRun, extras]);
  let non2xx = 0;
  for (const [status, count] of recorder.statusCounts) if (status < 200 || status >= 300) non2xx += count;
  const measured = { from: started + warmupMs, to: started + baseOutcome.elapsedMs };
  return { measured, seconds, total, requests: total.totalCount, errors: recorder.errors, timeouts: recorder.timeouts, non2xx, dropped };
}

/** The extra streams, one per step above the base rate, each started on time (warm-up included for the first step). */
async function runExtras(context: {
  request: PreparedRequest;
  steps: readonly LoadStep[];
  base: number;
  warmupMs: number;
  started: number;
  stream: (rate: number, durationMs: number, withSeconds: boolean) => Promise<LoadOutcome>;
  signal: AbortSignal | undefined;
}): Promise<number> {
  let dropped = 0;
  let startMs = 0;
  for (const [index, step] of context.steps.entries()) {
    const from = index === 0 ? 0 : context.warmupMs + startMs;
    const until = context.warmupMs + startMs + step.seconds * 1000;
    startMs += step.seconds * 1000;
    const extra = step.rate - context.base;
    if (extra <= 0 || context.signal?.aborted) continue;
    await sleep(context.started + from - performance.now());
    const outcome = await context.stream(extra, until - (performance.now() - context.started), false);
    dropped += outcome.backlog;
  }
  return dropped;
}
