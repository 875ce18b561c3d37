/**
 * Reads the service's pool size (GET /control) every `intervalMs` and keeps the timeline, so the cost of a run
 * (∫ workers dt) comes from what the service really ran with, whoever changed it. A failed read keeps the last
 * value and is counted. A change lands on average half an interval before it is seen (±0.125 worker-s per change
 * at 250 ms).
 */
export interface WorkerSampler {
  /** The last value read. */
  current(): number;
  /** Stops sampling. */
  stop(): Promise<void>;
  /** Worker-seconds, mean and max between two `performance.now()` times; and the failed reads. */
  integrate(fromMs: number, toMs: number): { worker_s: number; mean: number; max: number; failedReads: number };
}

export async function readWorkers(base: string, timeoutMs = 1000): Promise<number> {
  const response = await fetch(`${base}/control`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET ${base}/control answered ${response.status}`);
  const body = (await response.json()) as { workers?: unknown };
  if (typeof body.workers !== 'number') throw new Error(`GET ${base}/control has no "workers": ${JSON.stringify(body).slice(0, 100)}`);
  return body.workers;
}

export async function startWorkerSampler(base: string, intervalMs = 250): Promise<WorkerSampler> {
  const timeline: { at: number; value: number }[] = [{ at: performance.now(), value: await readWorkers(base) }];
  let failedReads = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      if (!running) break;
      try {
        const value = await readWorkers(base);
        if (value !== timeline.at(-1)!.value) timeline.push({ at: performance.now(), value });
      } catch {
        failedReads++;
      }
    }
  })();
  return {
    current: () => timeline.at(-1)!.value,
    stop: async () => {
      running = false;
      await loop;
    },
    integrate: (fromMs, toMs) => {
      let integral = 0;
      let max = 0;
      timeline.forEach((point, i) => {
        const start = Math.max(fromMs, point.at);
        const end = Math.min(toMs, timeline[i + 1]?.at ?? Infinity);
        if (end <= start) return;
        integral += (point.value * (end - start)) / 1000;
        max = Math.max(max, point.value);
      });
      const seconds = (toMs - fromMs) / 1000;
      return { worker_s: integral, mean: seconds > 0 ? integral / seconds : 0, max, failedReads };
    },
  };
}
