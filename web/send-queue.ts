/**
 * Sending while an answer streams: the new message first stops that answer (an `abort` for its request; studies
 * it started keep running on the server), waits for its end (at most `waitMs`, after which the page stops
 * following it), then sends. Submissions run one after another, in order. Time is injected for tests.
 */
export interface SendQueueDeps {
  /** The request whose answer is streaming now, or null. */
  streamingRequest(): string | null;
  abort(requestId: string): void;
  /** Gives up on the streaming answer without its `end`: mark it stopped and stop following it. */
  forceEnd(): void;
  send(text: string): void;
  /** How long to wait for the stopped answer's end (5 s in the page). */
  waitMs: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class SendQueue {
  private chain: Promise<void> = Promise.resolve();
  private readonly waiters = new Set<() => void>();
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly deps: SendQueueDeps) {
    this.setTimer = deps.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = deps.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  /** Queues `text`; the promise settles once it was sent (after any stop it needed). */
  submit(text: string): Promise<void> {
    const next = this.chain.then(() => this.stopThenSend(text));
    this.chain = next.catch((error: unknown) => console.error('send failed', error));
    return next;
  }

  /** The page calls this whenever the streaming answer ends (its `end`, an error, or a reset). */
  turnEnded(): void {
    for (const done of [...this.waiters]) done();
  }

  private async stopThenSend(text: string): Promise<void> {
    const previous = this.deps.streamingRequest();
    if (previous !== null) {
      this.deps.abort(previous);
      await new Promise<void>((resolve) => {
        const done = () => {
          this.clearTimer(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = this.setTimer(done, this.deps.waitMs);
        this.waiters.add(done);
      });
      // No end in time (or a reconnect swapped the request): stop following it; its late frames are ignored.
      if (this.deps.streamingRequest() !== null) this.deps.forceEnd();
    }
    this.deps.send(text);
  }
}
