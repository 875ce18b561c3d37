/**
 * Per-call latency for `npm run bench:policy`: every call is timed on its own with `process.hrtime.bigint()`
 * (not batched), so p99 sees single slow calls (a GC pause, a cache miss). The timer's own cost is measured and
 * reported beside the numbers (about 0.05–0.1 µs here), not subtracted.
 */

export interface Latency {
  /** Calls timed (may be fewer than asked when a time budget ran out). */
  count: number;
  p50Us: number;
  p99Us: number;
  meanUs: number;
  maxUs: number;
}

export interface TimingOptions {
  /** Stop early after this many milliseconds of timed calls (Cedar at 1,000 statements is slow). */
  budgetMs?: number;
  /** Untimed calls first (JIT, caches). */
  warmup?: number;
  /** Keep warming up until this many milliseconds have passed (V8 tiers WebAssembly up in the background). */
  warmupMs?: number;
}

function warmUp(fn: (i: number) => void, options: TimingOptions): void {
  const until = process.hrtime.bigint() + BigInt(Math.round((options.warmupMs ?? 0) * 1e6));
  for (let i = 0; i < (options.warmup ?? 0) || (i < 1_000_000 && process.hrtime.bigint() < until); i++) fn(i);
}

function summarize(samples: Float64Array, count: number): Latency {
  const sorted = samples.slice(0, count).sort();
  const at = (p: number) => sorted[Math.min(count - 1, Math.floor(p * count))]! / 1000;
  let total = 0;
  for (let i = 0; i < count; i++) total += sorted[i]!;
  return { count, p50Us: at(0.5), p99Us: at(0.99), meanUs: total / count / 1000, maxUs: sorted[count - 1]! / 1000 };
}

/** Times `calls` calls of `fn(i)`, each on its own. */
export function timeCalls(calls: number, fn: (i: number) => void, options: TimingOptions = {}): Latency {
  warmUp(fn, options);
  const samples = new Float64Array(calls);
  const deadline = options.budgetMs === undefined ? null : process.hrtime.bigint() + BigInt(Math.round(options.budgetMs * 1e6));
  let count = 0;
  for (; count < calls; count++) {
    const start = process.hrtime.bigint();
    fn(count);
    const end = process.hrtime.bigint();
    samples[count] = Number(end - start);
    if (deadline !== null && (count & 63) === 0 && end > deadline) {
      count++;
      break;
    }
  }
  return summarize(samples, count);
}

/** The same for async calls (a tool's execute): the time until its promise settles. */
export async function timeAsyncCalls(calls: number, fn: (i: number) => Promise<unknown>, options: TimingOptions = {}): Promise<Latency> {
  for (let i = 0; i < (options.warmup ?? 0); i++) await fn(i);
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    samples[i] = Number(process.hrtime.bigint() - start);
  }
  return summarize(samples, calls);
}

/** The median cost of one pair of `process.hrtime.bigint()` reads, in µs. */
export function timerOverheadUs(): number {
  return timeCalls(100_000, () => {}, { warmup: 10_000 }).p50Us;
}
