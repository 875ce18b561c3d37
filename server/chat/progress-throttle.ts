import type { UIMessageChunk } from 'ai';

/** Live progress snapshots of one tool call are passed on at most this often. */
export const PROGRESS_INTERVAL_MS = 250;

type Chunk = UIMessageChunk & { toolCallId?: string; preliminary?: boolean };

/**
 * Thins out preliminary tool outputs (live progress snapshots, e.g. one per finished trial) before they are
 * stored and sent: at most one per tool call per {@link PROGRESS_INTERVAL_MS}. Each snapshot supersedes the previous
 * one, so only the latest pending snapshot is kept; it goes out when its interval has passed, or before the turn's
 * `finish`/`abort`/`error` chunk, and is dropped when the tool's final output or error arrives. Every other chunk
 * passes through at once and in order.
 */
export class ProgressThrottle {
  private readonly lastSent = new Map<string, number>();
  private readonly pending = new Map<string, { chunk: Chunk; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly emit: (chunk: UIMessageChunk) => void,
    private readonly now: () => number,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {}

  push(chunk: UIMessageChunk): void {
    const c = chunk as Chunk;
    const id = c.toolCallId;
    if (c.type === 'tool-output-available' && c.preliminary === true && id) return this.snapshot(id, c);
    if (id && (c.type === 'tool-output-available' || c.type === 'tool-output-error')) this.drop(id);
    if (c.type === 'finish' || c.type === 'abort' || c.type === 'error') this.flushAll();
    this.emit(chunk);
  }

  /** Stops the timers; snapshots still pending are dropped (the turn is over). */
  close(): void {
    for (const id of [...this.pending.keys()]) this.drop(id);
  }

  private snapshot(id: string, chunk: Chunk): void {
    const at = this.now();
    const last = this.lastSent.get(id);
    if (last === undefined || at - last >= this.intervalMs) {
      this.drop(id);
      this.lastSent.set(id, at);
      this.emit(chunk);
      return;
    }
    const waiting = this.pending.get(id);
    if (waiting) {
      waiting.chunk = chunk;
      return;
    }
    const timer = setTimeout(() => this.flush(id), this.intervalMs - (at - last));
    this.pending.set(id, { chunk, timer });
  }

  private flush(id: string): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.drop(id);
    this.lastSent.set(id, this.now());
    this.emit(waiting.chunk);
  }

  private flushAll(): void {
    for (const id of [...this.pending.keys()]) this.flush(id);
  }

  private drop(id: string): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.pending.delete(id);
  }
}
