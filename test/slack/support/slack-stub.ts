import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call the stub received: the method and its (form- or JSON-encoded) arguments. */
export interface StubCall {
  method: string;
  args: Record<string, any>;
  /** Date.now() when the call arrived. */
  at: number;
}

/** A scripted answer: a Slack error code, an HTTP 429 with Retry-After (seconds), or another HTTP status (an outage: 500, 503). */
export type StubFault = { error: string } | { rateLimitSeconds: number } | { status: number };

/** A file body received at an upload URL handed out by `files.getUploadURLExternal` (files.uploadV2, step 2). */
export interface StubUpload {
  fileId: string;
  /** The raw request body (multipart/form-data holding the file). */
  body: Buffer;
}

/**
 * A stub of Slack's Web API on 127.0.0.1 (`slackApiUrl`), recording every call. Answers `{ ok: true, ts, channel }`
 * to everything (auth.test with a bot identity) unless a fault is queued for the method. File uploads
 * (files.uploadV2) work end to end: `files.getUploadURLExternal` hands out a URL on the stub, whose bodies land in
 * `uploads` (queue a fault for method `upload` to fail that step), and `files.completeUploadExternal` answers the file.
 */
export class SlackStub {
  readonly calls: StubCall[] = [];
  readonly uploads: StubUpload[] = [];
  #files = 0;
  readonly #faults = new Map<string, StubFault[]>();
  #server: Server | null = null;
  #ts = 1_700_000_000;
  url = '';
  /** What `apps.connections.open` returns as the Socket Mode websocket URL. */
  socketUrl = '';

  static async start(): Promise<SlackStub> {
    const stub = new SlackStub();
    stub.#server = createServer((req, res) => {
      if ((req.url ?? '').startsWith('/upload/')) return stub.#upload(req, res);
      let raw = '';
      req.on('data', (d) => (raw += d));
      req.on('end', () => {
        const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] as string;
        const args = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw || '{}') : parseForm(raw);
        stub.calls.push({ method, args, at: Date.now() });
        const fault = stub.#faults.get(method)?.shift();
        if (fault && 'rateLimitSeconds' in fault) {
          res.writeHead(429, { 'retry-after': String(fault.rateLimitSeconds), 'content-type': 'application/json' });
          return res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        }
        if (fault && 'status' in fault) {
          res.writeHead(fault.status, { 'content-type': 'text/plain' });
          return res.end('stub outage');
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        if (fault) return res.end(JSON.stringify({ ok: false, error: fault.error }));
        if (method === 'auth.test') return res.end(JSON.stringify({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' }));
        if (method === 'apps.connections.open') return res.end(JSON.stringify({ ok: true, url: stub.socketUrl }));
        if (method === 'files.getUploadURLExternal') {
          const fileId = `F${++stub.#files}`;
          return res.end(JSON.stringify({ ok: true, file_id: fileId, upload_url: `${stub.url.replace(/api\/$/, '')}upload/${fileId}` }));
        }
        if (method === 'files.completeUploadExternal') {
          const files = (Array.isArray(args.files) ? args.files : []) as { id: string; title?: string }[];
          return res.end(JSON.stringify({ ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) }));
        }
        stub.#ts += 1;
        res.end(JSON.stringify({ ok: true, channel: args.channel, ts: `${stub.#ts}.000100` }));
      });
    });
    await new Promise<void>((resolve) => stub.#server!.listen(0, '127.0.0.1', resolve));
    stub.url = `http://127.0.0.1:${(stub.#server.address() as AddressInfo).port}/api/`;
    return stub;
  }

  /** Step 2 of files.uploadV2: the file's bytes POSTed to the upload URL (binary, so read as Buffers). */
  #upload(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const fault = this.#faults.get('upload')?.shift();
      if (fault) {
        res.writeHead('status' in fault ? fault.status : 500, { 'content-type': 'text/plain' });
        return res.end('stub upload failure');
      }
      this.uploads.push({ fileId: (req.url ?? '').split('/').pop() ?? '', body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('OK - 1234');
    });
  }

  /** Queues faults for a method: each call to it consumes one. */
  fail(method: string, ...faults: StubFault[]): void {
    this.#faults.set(method, [...(this.#faults.get(method) ?? []), ...faults]);
  }

  of(method: string): StubCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Stops listening and drops open keep-alive connections (Slack going away). */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server?.close(() => resolve()));
    this.#server?.closeAllConnections();
    await closed;
  }
}

function parseForm(raw: string): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = value.startsWith('[') || value.startsWith('{') ? safeJson(value) : value;
  }
  return out;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Slack's request signature: `v0=` + HMAC-SHA256(secret, `v0:<ts>:<body>`). */
export function signedHeaders(secret: string, body: string, timestampSec = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestampSec) };
}
