/**
 * Bounds the PNG work a server does at once: at most `concurrency` renders run (each holds a libuv thread and a
 * pixel buffer), at most `queue` wait; beyond that a request is refused at once with ToolError `busy` (HTTP 429)
 * instead of piling up, so a burst of chart requests cannot starve the chat.
 */
import { ToolError } from '../common/errors.ts';

export interface RenderLimits {
  concurrency: number;
  queue: number;
}

export const DEFAULT_RENDER_LIMITS: RenderLimits = { concurrency: 2, queue: 16 };

export class RenderLimiter {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(private readonly limits: RenderLimits = DEFAULT_RENDER_LIMITS) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limits.concurrency) {
      if (this.#waiting.length >= this.limits.queue) {
        throw new ToolError('busy', `too many chart renders at once: ${this.#running} running and ${this.#waiting.length} waiting (limits ${this.limits.concurrency} and ${this.limits.queue}); retry in a moment`, {
          details: { running: this.#running, waiting: this.#waiting.length, ...this.limits },
        });
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next(); // the slot passes to the next waiter (the running count stays)
      else this.#running--;
    }
  }
}
