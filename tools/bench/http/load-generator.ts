import { connect, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { pinnedLookup } from '../../common/pinned-lookup.ts';
import type { PreparedRequest } from './request-builder.ts';
import { ResponseParser } from './response-parser.ts';
import type { LatencyRecorder } from './latency-recorder.ts';

/**
 * The load generator: raw keep-alive TCP connections sending one pre-serialized request (wrk's design).
 * Closed loop: each connection keeps `pipelining` requests in flight and sends the next when a response
 * completes; latency is measured from the actual send. Open loop (`rate`): requests are due at
 * t0 + k/rate whether or not a connection is free; a free connection takes the oldest due request, and
 * latency is measured from its intended send time (wrk2), so a stalled server is not hidden by the
 * generator waiting (no coordinated omission).
 */
export interface LoadOptions {
  request: PreparedRequest;
  connections: number;
  pipelining: number;
  /** Requests per second for open loop; null for closed loop. */
  rate: number | null;
  /** Stop after this long (ms) or after this many responses, whichever comes first. */
  durationMs: number;
  maxRequests: number | null;
  timeoutMs: number;
  recorder: LatencyRecorder;
  signal?: AbortSignal;
  /** Called every second with the elapsed time (the caller closes the recorder's window). */
  onSecond?: (elapsedMs: number) => void;
}

export interface LoadOutcome {
  elapsedMs: number;
  /** Open loop: requests due but never sent because every connection was busy. */
  backlog: number;
}

interface Conn {
  socket: Socket | null;
  parser: ResponseParser;
  /** Send (or intended send) times of in-flight requests, oldest first. */
  inflight: number[];
  lastActivity: number;
  failures: number;
  connected: boolean;
}

export function generateLoad(options: LoadOptions): Promise<LoadOutcome> {
  const { request, recorder, pipelining } = options;
  const single = request.bytes;
  const batch = Buffer.concat(Array.from({ length: pipelining }, () => single));
  const open = options.rate !== null;
  const intervalMs = open ? 1000 / options.rate! : 0;
  const conns: Conn[] = [];
  let running = true;
  let sent = 0;
  let nextDue = 0;
  const due: number[] = [];
  let dueHead = 0;
  const start = performance.now();
  // Shared by every connection: each read is parsed synchronously before the next one can happen.
  const readBuffer = Buffer.allocUnsafe(64 * 1024);
  const limit = options.maxRequests ?? Number.POSITIVE_INFINITY;
  // Connect only to the addresses the host policy checked (no second DNS answer between check and connect).
  const lookup = request.connectTo ? { lookup: pinnedLookup(request.host, request.connectTo) } : {};

  return new Promise<LoadOutcome>((resolve) => {
    const timers: NodeJS.Timeout[] = [];
    const finish = () => {
      if (!running) return;
      running = false;
      for (const t of timers) clearTimeout(t);
      if (scheduler) clearTimeout(scheduler);
      options.signal?.removeEventListener('abort', finish);
      const elapsedMs = performance.now() - start;
      for (const c of conns) c.socket?.destroy();
      resolve({ elapsedMs, backlog: due.length - dueHead });
    };

    const canSend = () => running && sent < limit;

    const sendClosed = (c: Conn) => {
      const free = pipelining - c.inflight.length;
      if (free <= 0 || !canSend()) return;
      const now = performance.now();
      if (free === pipelining) c.lastActivity = now;
      if (free === pipelining && sent + pipelining <= limit) {
        c.socket!.write(batch);
        for (let i = 0; i < pipelining; i++) c.inflight.push(now);
        sent += pipelining;
      } else {
        c.socket!.write(single);
        c.inflight.push(now);
        sent++;
      }
    };

    const sendOpen = (c: Conn) => {
      while (c.connected && c.inflight.length < pipelining && dueHead < due.length && running) {
        if (c.inflight.length === 0) c.lastActivity = performance.now();
        c.socket!.write(single);
        c.inflight.push(due[dueHead++]!);
      }
      if (dueHead > 4096 && dueHead * 2 > due.length) {
        due.splice(0, dueHead);
        dueHead = 0;
      }
    };
    const send = open ? sendOpen : sendClosed;

    const onResponse = (c: Conn, status: number, keepAlive: boolean) => {
      const t = c.inflight.shift();
      const now = performance.now();
      c.lastActivity = now;
      c.failures = 0;
      if (t !== undefined && running) recorder.record(Math.round((now - t) * 1000), status);
      if (recorder.requests >= limit) return finish();
      if (!keepAlive) return reconnect(c);
      send(c);
    };

    const reconnect = (c: Conn) => {
      c.socket?.destroy();
      c.socket = null;
      c.connected = false;
      // Unanswered requests of a closed connection are lost; open-loop ones go back to the queue front.
      if (open && c.inflight.length) {
        due.splice(dueHead, 0, ...c.inflight);
      }
      c.inflight.length = 0;
      c.parser.reset();
      if (!running) return;
      const delay = c.failures === 0 ? 0 : Math.min(1000, 10 * 2 ** Math.min(c.failures, 7));
      if (delay === 0) setImmediate(() => openSocket(c));
      else timers.push(setTimeout(() => openSocket(c), delay));
    };

    const openSocket = (c: Conn) => {
      if (!running) return;
      const received = (chunk: Uint8Array, bytes: number) => {
        recorder.bytes += bytes;
        if (!c.parser.execute((chunk as Buffer).subarray(0, bytes))) {
          recorder.error('parse');
          c.failures++;
          reconnect(c);
        }
      };
      // Plain TCP: `onread` reads into one reused buffer and skips the stream machinery ('data' events, a Buffer
      // per read). TLS: decrypted data arrives as 'data' chunks.
      const socket: Socket = request.tls
        ? connectTls({ host: request.host, port: request.port, ...lookup, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'], ...(isIP(request.host) ? {} : { servername: request.host }) })
        : connect({
          host: request.host,
          port: request.port,
          ...lookup,
          noDelay: true,
          onread: {
            buffer: readBuffer,
            callback: (bytes: number, buffer: Uint8Array): boolean => {
              received(buffer, bytes);
              return true;
            },
          },
        });
      if (request.tls) {
        socket.setNoDelay(true);
        socket.on('data', (chunk: Buffer) => received(chunk, chunk.length));
      }
      c.socket = socket;
      socket.on(request.tls ? 'secureConnect' : 'connect', () => {
        c.connected = true;
        c.lastActivity = performance.now();
        send(c);
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        if (!running || c.socket !== socket) return;
        recorder.error(error.code ?? 'socket');
        c.failures++;
        reconnect(c);
      });
      socket.on('close', () => {
        if (c.socket !== socket) return;
        c.parser.end();
        if (running) reconnect(c);
      });
    };

    for (let i = 0; i < options.connections; i++) {
      const c: Conn = { socket: null, parser: null as unknown as ResponseParser, inflight: [], lastActivity: start, failures: 0, connected: false };
      c.parser = new ResponseParser((status, keepAlive) => onResponse(c, status, keepAlive), request.expectsBody);
      conns.push(c);
      openSocket(c);
    }

    // Open loop: move requests that are due into the queue and hand them to free connections.
    let scheduler: NodeJS.Timeout | null = null;
    const schedule = () => {
      if (!running) return;
      const now = performance.now() - start;
      while (nextDue <= now && sent < limit) {
        due.push(start + nextDue);
        sent++;
        nextDue = sent * intervalMs;
      }
      for (const c of conns) if (c.connected) sendOpen(c);
      scheduler = setTimeout(schedule, Math.max(1, Math.min(50, nextDue - (performance.now() - start))));
    };
    if (open) schedule();

    // Timeouts: a connection with requests in flight and no activity for timeoutMs is reset.
    timers.push(
      setInterval(() => {
        const now = performance.now();
        for (const c of conns) {
          if (c.inflight.length > 0 && now - c.lastActivity > options.timeoutMs) {
            recorder.timeout(c.inflight.length);
            c.inflight.length = 0;
            c.failures++;
            reconnect(c);
          }
        }
      }, Math.min(250, options.timeoutMs)),
    );
    let second = 1;
    const tick = () => {
      if (!running) return;
      options.onSecond?.(performance.now() - start);
      second++;
      timers.push(setTimeout(tick, start + second * 1000 - performance.now()));
    };
    timers.push(setTimeout(tick, 1000));
    timers.push(setTimeout(finish, options.durationMs));
    if (options.signal?.aborted) finish();
    options.signal?.addEventListener('abort', finish, { once: true });
  });
}
