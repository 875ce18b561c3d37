/**
 * Spaces Web API calls so the bridge stays under Slack's rate limits instead of relying on 429s: calls of one
 * method (for chat.postMessage: one method and channel) are at least `intervals[method]` ms apart across the whole
 * process. Reservations are made synchronously, so concurrent replies queue fairly. Methods without an interval
 * are not paced. 429s that still happen are retried by the WebClient after Retry-After.
 */
export class CallPacer {
  readonly #next = new Map<string, number>();

  constructor(
    private readonly deps: {
      intervals: Readonly<Record<string, number>>;
      now: () => number;
      sleep: (ms: number) => Promise<void>;
    },
  ) {}

  async wait(method: string, channel?: unknown): Promise<void> {
    const interval = this.deps.intervals[method];
    if (!interval) return;
    const key = method === 'chat.postMessage' && typeof channel === 'string' ? `${method}:${channel}` : method;
    const now = this.deps.now();
    const slot = Math.max(now, this.#next.get(key) ?? 0);
    this.#next.set(key, slot + interval);
    if (slot > now) await this.deps.sleep(slot - now);
  }
}
