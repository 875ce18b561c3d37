import { Worker } from 'node:worker_threads';
import * as hdr from 'hdr-histogram-js';
import type { LatencyRecorder } from './latency-recorder.ts';
import type { LoadOptions, LoadOutcome } from './load-generator.ts';
import type { WorkerInput, WorkerMessage } from './load-worker.ts';

const WORKER_URL = new URL('./load-worker-entry.mjs', import.meta.url);

/** Splits `total` into `parts` integers that differ by at most one. */
export function share(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}

const decode = (encoded: string) => hdr.decodeFromCompressedBase64(encoded, 32);

function addWindow(recorder: LatencyRecorder, m: { histogram: string; requests: number; errors: number; timeouts: number }): void {
  recorder.window.add(decode(m.histogram));
  recorder.windowRequests += m.requests;
  recorder.windowErrors += m.errors;
  recorder.windowTimeouts += m.timeouts;
  recorder.requests += m.requests;
}

/**
 * Runs the load on `threads` worker threads (like wrk's `-t`), each with its share of the connections,
 * rate and request budget, and merges their histograms and counters into `options.recorder`. A second is
 * reported once every thread has reported it.
 */
export async function generateLoadThreaded(options: LoadOptions & { threads: number }): Promise<LoadOutcome & { cpuStart: NodeJS.CpuUsage }> {
  const { recorder, threads } = options;
  const pending = new Map<number, Extract<WorkerMessage, { type: 'window' }>[]>();
  const finals: Extract<WorkerMessage, { type: 'done' }>[] = [];
  const workers: Worker[] = [];
  let t0 = performance.now();
  let cpuStart = process.cpuUsage();
  let ready = 0;
  const runs = Array.from({ length: threads }, (_, i) => {
    const input: WorkerInput = {
      request: { ...options.request, bytes: new Uint8Array(options.request.bytes) },
      connections: share(options.connections, threads, i),
      pipelining: options.pipelining,
      rate: options.rate === null ? null : options.rate / threads,
      durationMs: options.durationMs,
      maxRequests: options.maxRequests === null ? null : share(options.maxRequests, threads, i),
      timeoutMs: options.timeoutMs,
    };
    const worker = new Worker(WORKER_URL, { workerData: input });
    workers.push(worker);
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') {
          if (++ready === threads) {
            t0 = performance.now();
            cpuStart = process.cpuUsage();
            for (const w of workers) w.postMessage({ type: 'start' });
          }
          return;
        }
        if (m.type === 'done') {
          finals.push(m);
          return resolve();
        }
        const list = [...(pending.get(m.second) ?? []), m];
        pending.set(m.second, list);
        if (list.length === threads) {
          pending.delete(m.second);
          for (const w of list) addWindow(recorder, w);
          options.onSecond?.(performance.now() - t0);
        }
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (finals.length === threads || code === 0 ? resolve() : reject(new Error(`load worker exited with code ${code} before finishing`))));
    });
  });
  const onAbort = () => workers.forEach((w) => w.postMessage({ type: 'stop' }));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(runs);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // A worker's message port keeps it alive after its run: end them all here.
    await Promise.all(workers.map((w) => w.terminate()));
  }
  // Seconds not every thread reached (the last partial one) stay in the window for the caller's tail point.
  for (const list of pending.values()) for (const w of list) addWindow(recorder, w);
  // Every response is in exactly one window (the last, partial one in `rest`), and windows fold into the
  // run's histogram when the caller takes them, so windows alone give exact totals.
  for (const f of finals) addWindow(recorder, f.rest);
  for (const f of finals) {
    recorder.bytes += f.bytes;
    recorder.errors += f.errors;
    recorder.timeouts += f.timeouts;
    for (const [status, n] of f.statusCounts) recorder.statusCounts.set(status, (recorder.statusCounts.get(status) ?? 0) + n);
    for (const [code, n] of f.errorCodes) recorder.errorCodes.set(code, (recorder.errorCodes.get(code) ?? 0) + n);
  }
  return { elapsedMs: Math.max(...finals.map((f) => f.elapsedMs)), backlog: finals.reduce((a, f) => a + f.backlog, 0), cpuStart };
}
