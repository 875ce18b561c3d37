import { Gauge, type Registry } from 'prom-client';
import { JOB_STATES, type JobCounts } from '../../tools/distributed/trial-dispatcher.ts';
import { isCompatible, type WorkerInfo } from '../../tools/distributed/worker-registry.ts';

/** What the queue metrics read from the distributed trials (tools/distributed/distributed-trials.ts). */
export interface QueueSource {
  queueCounts(timeoutMs: number): Promise<Map<string, JobCounts> | null>;
  refresh(): Promise<readonly WorkerInfo[]>;
}

/** A scrape waits at most this long for Redis; then the series say Redis is down (`tunechat_queue_up 0`). */
const SCRAPE_TIMEOUT_MS = 2_000;
/** Job states that have not reached a worker yet. */
const QUEUED = ['waiting', 'delayed', 'prioritized', 'paused'] as const;

interface Snapshot {
  counts: Map<string, JobCounts> | null;
  workers: readonly WorkerInfo[] | null;
}

/**
 * The trial queue on Redis, read at scrape time (one read shared by the series of a scrape): job counts by target
 * queue and state, queue depth, live workers and their slots. Registered on `watch`: without a Redis URL none exist.
 */
export class QueueMetrics {
  private source: QueueSource | null = null;
  private pending: Promise<Snapshot> | null = null;
  private registered = false;

  constructor(private readonly registry: Registry) {}

  /** Follows the queue; the series exist from the first call on. Returns the function that stops following. */
  watch(source: QueueSource): () => void {
    this.source = source;
    if (!this.registered) this.register();
    this.registered = true;
    return () => {
      if (this.source === source) this.source = null;
    };
  }

  private register(): void {
    const registers = [this.registry];
    const read = () => this.snapshot();
    const hasSource = () => this.source !== null;
    new Gauge({
      name: 'tunechat_queue_up', help: 'Whether Redis answered the last scrape of the trial queue (1) or not (0); absent without TUNECHAT_REDIS_URL.', registers,
      async collect() {
        const { counts, workers } = await read();
        this.set(hasSource() && counts && workers ? 1 : 0);
      },
    });
    new Gauge({
      name: 'tunechat_queue_jobs', help: 'Trial jobs in Redis by BullMQ state (waiting, active, delayed, prioritized, paused, completed, failed), for each target queue this server used.', labelNames: ['target', 'state'], registers,
      async collect() {
        const { counts } = await read();
        this.reset();
        for (const [target, byState] of counts ?? []) for (const state of JOB_STATES) this.set({ target, state }, byState[state] ?? 0);
      },
    });
    new Gauge({
      name: 'tunechat_queue_depth', help: 'Trial jobs no worker has taken yet (waiting, delayed, prioritized, paused), for each target queue this server used.', labelNames: ['target'], registers,
      async collect() {
        const { counts } = await read();
        this.reset();
        for (const [target, byState] of counts ?? []) this.set({ target }, QUEUED.reduce((sum, state) => sum + (byState[state] ?? 0), 0));
      },
    });
    new Gauge({
      name: 'tunechat_workers', help: 'Live trial workers (heartbeat not expired), by whether they speak this server\'s protocol version.', labelNames: ['protocol'], registers,
      async collect() {
        const { workers } = await read();
        this.reset();
        if (!workers) return;
        this.set({ protocol: 'compatible' }, workers.filter(isCompatible).length);
        this.set({ protocol: 'incompatible' }, workers.filter((w) => !isCompatible(w)).length);
      },
    });
    new Gauge({
      name: 'tunechat_worker_slots', help: 'Trials the live compatible workers can run at once (sum of their --concurrency per target).', registers,
      async collect() {
        const { workers } = await read();
        if (workers) this.set(workers.filter(isCompatible).reduce((sum, w) => sum + w.concurrency * w.targets.length, 0));
      },
    });
  }

  /** One Redis read per scrape, shared by the gauges above (they collect concurrently). */
  private snapshot(): Promise<Snapshot> {
    const source = this.source;
    if (!source) return Promise.resolve({ counts: null, workers: null });
    this.pending ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), SCRAPE_TIMEOUT_MS)));
      const workers = await Promise.race([source.refresh().catch(() => null), timeout]).finally(() => clearTimeout(timer));
      const counts = workers ? await source.queueCounts(SCRAPE_TIMEOUT_MS) : null;
      return { counts, workers };
    })().finally(() => queueMicrotask(() => (this.pending = null)));
    return this.pending;
  }
}
