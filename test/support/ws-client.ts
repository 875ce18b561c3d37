import WebSocket from 'ws';
import type { ServerFrame } from '../../server/protocol.ts';

/**
 * A test websocket client for `/ws`: records every server frame and waits for frames by predicate.
 * `waitFor` rejects after `timeoutMs` with the frames seen so far, so a protocol bug fails readably. The default
 * (30 s) only bounds a hang: it is far above how long the scripted turns take even on a loaded machine.
 */
export class WsTestClient {
  readonly frames: ServerFrame[] = [];
  private waiters: { predicate: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.predicate(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<WsTestClient> {
    const socket = new WebSocket(url, { headers });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`websocket upgrade refused: HTTP ${res.statusCode}`)));
    });
    return new WsTestClient(socket);
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (already received or future) matching `predicate`. */
  waitFor(predicate: (f: ServerFrame) => boolean, timeoutMs = 30_000): Promise<ServerFrame> {
    const seen = this.frames.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`timed out after ${timeoutMs} ms; frames so far: ${JSON.stringify(this.frames.map((f) => f.type === 'chunk' ? `${f.requestId}#${f.sequence}:${f.chunk.type}` : `${f.type}:${'requestId' in f ? f.requestId : ''}`))}`));
      }, timeoutMs);
      this.waiters.push({ predicate, resolve: (f) => { clearTimeout(timer); resolve(f); } });
    });
  }

  /** Resolves with the `end` frame of `requestId`. */
  waitForEnd(requestId: string, timeoutMs = 30_000): Promise<ServerFrame> {
    return this.waitFor((f) => f.type === 'end' && f.requestId === requestId, timeoutMs);
  }

  /** The chunk frames of one request, in arrival order. */
  chunks(requestId: string): Extract<ServerFrame, { type: 'chunk' }>[] {
    return this.frames.filter((f): f is Extract<ServerFrame, { type: 'chunk' }> => f.type === 'chunk' && f.requestId === requestId);
  }

  /** The streamed text of one request (all text-delta chunks joined). */
  text(requestId: string): string {
    return this.chunks(requestId).filter((f) => f.chunk.type === 'text-delta').map((f) => String(f.chunk.delta)).join('');
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  /** Drops the connection without a close handshake (a network blip). */
  drop(): void {
    this.socket.terminate();
  }
}
