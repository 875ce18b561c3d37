/**
 * Worker-thread entry of the multi-threaded generator (wrk's `-t`): runs `generateLoad` for its share of
 * the connections and posts each one-second window and, at the end, its whole histogram and counters.
 * Histograms travel HdrHistogram-encoded (compressed base64), the format HdrHistogram tools share.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as hdr from 'hdr-histogram-js';
import { LatencyRecorder } from './latency-recorder.ts';
import { generateLoad, type LoadOptions } from './load-generator.ts';
import type { PreparedRequest } from './request-builder.ts';

/** The load options a worker thread gets (the request bytes cross as a Uint8Array). */
export type WorkerInput = Pick<LoadOptions, 'connections' | 'pipelining' | 'rate' | 'durationMs' | 'maxRequests' | 'timeoutMs'> & {
  request: Omit<PreparedRequest, 'bytes'> & { bytes: Uint8Array };
};

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'window'; second: number; histogram: string; requests: number; errors: number; timeouts: number }
  | {
      type: 'done';
      requests: number;
      bytes: number;
      errors: number;
      timeouts: number;
      statusCounts: [number, number][];
      errorCodes: [string, number][];
      elapsedMs: number;
      backlog: number;
      /** The last, partial second. */
      rest: { histogram: string; requests: number; errors: number; timeouts: number };
    };

const input = workerData as WorkerInput;
const recorder = new LatencyRecorder();
const stop = new AbortController();
let begin: () => void = () => {};
const started = new Promise<void>((resolve) => (begin = resolve));
parentPort!.on('message', (message: { type: string }) => {
  if (message.type === 'start') begin();
  if (message.type === 'stop') stop.abort();
});
let second = 0;
const options: LoadOptions = {
  ...input,
  request: { ...input.request, bytes: Buffer.from(input.request.bytes) },
  recorder,
  signal: stop.signal,
  onSecond: () => {
    const window = recorder.takeWindow();
    second++;
    const message: WorkerMessage = { type: 'window', second, histogram: hdr.encodeIntoCompressedBase64(window.histogram), requests: window.requests, errors: window.errors, timeouts: window.timeouts };
    parentPort!.postMessage(message);
  },
};
// Every thread starts together, once all are loaded (the parent also starts its CPU clock then).
parentPort!.postMessage({ type: 'ready' });
await started;
const outcome = await generateLoad(options);
const rest = recorder.takeWindow();
const done: WorkerMessage = {
  type: 'done',
  requests: recorder.requests,
  bytes: recorder.bytes,
  errors: recorder.errors,
  timeouts: recorder.timeouts,
  statusCounts: [...recorder.statusCounts],
  errorCodes: [...recorder.errorCodes],
  elapsedMs: outcome.elapsedMs,
  backlog: outcome.backlog,
  rest: { histogram: hdr.encodeIntoCompressedBase64(rest.histogram), requests: rest.requests, errors: rest.errors, timeouts: rest.timeouts },
};
parentPort!.postMessage(done);
