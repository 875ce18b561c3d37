/**
 * Failed-credential limit per client address: after `max` failures within `windowMs`, that address may not present
 * credentials again until the oldest failure leaves the window (login, bearer and cookie alike: a token can be
 * guessed through any of them). Checked before the token is looked at, so a blocked client learns nothing, not even
 * from a correct guess. Bounded: at most `maxClients` addresses are tracked (the stalest is forgotten first).
 *
 * Tokens are 256-bit random secrets (tools/iam/tokens.ts), so guessing is hopeless anyway; the limit keeps a
 * guesser from costing the server work and makes the attempt visible as 429s.
 */
export interface FailedLoginLimiterOptions {
  /** Epoch ms (the services' clock; a ManualClock in tests). */
  now: () => number;
  /** Failures allowed per window (default 10). */
  max?: number;
  /** Sliding window in ms (default 60 s). */
  windowMs?: number;
  /** Addresses tracked at once (default 10,000). */
  maxClients?: number;
}

export class FailedLoginLimiter {
  readonly max: number;
  readonly windowMs: number;
  private readonly maxClients: number;
  /** Failure times per address, oldest first (at most `max` kept); Map order = least recently failed first. */
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: FailedLoginLimiterOptions) {
    this.max = options.max ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxClients = options.maxClients ?? 10_000;
  }

  /** Milliseconds until `client` may try again; 0 when it may try now. */
  retryAfterMs(client: string): number {
    const times = this.recent(client);
    if (times.length < this.max) return 0;
    return Math.max(1, times[times.length - this.max]! + this.windowMs - this.options.now());
  }

  /** Records one failed attempt. */
  fail(client: string): void {
    const times = this.recent(client);
    times.push(this.options.now());
    if (times.length > this.max) times.splice(0, times.length - this.max);
    this.failures.delete(client);
    this.failures.set(client, times);
    while (this.failures.size > this.maxClients) this.failures.delete(this.failures.keys().next().value!);
  }

  /** Addresses with failures in the window (for tests and diagnostics). */
  get trackedClients(): number {
    return this.failures.size;
  }

  private recent(client: string): number[] {
    const cutoff = this.options.now() - this.windowMs;
    const times = (this.failures.get(client) ?? []).filter((t) => t > cutoff);
    if (times.length === 0) this.failures.delete(client);
    return times;
  }
}
