/**
 * `RemoteTrials` on BullMQ/Redis (docs/distributed.md): the StudyManager's way to run a study's trials on
 * `tunechat worker` processes. Holds the dispatcher and the last heartbeats of the workers (refreshed every
 * `heartbeatMs` once used), so a study's status names its workers without waiting on Redis.
 */
import type { PlacementRecorder, RemoteTrials, WorkersSummary } from '../optimizer/remote-trials.ts';
import type { Target, Trial } from '../optimizer/types.ts';
import { createQueueTarget } from './queue-target.ts';
import type { QueueOptions } from './queue-options.ts';
import { TrialDispatcher, type JobCounts } from './trial-dispatcher.ts';
import { listWorkers, type WorkerInfo } from './worker-registry.ts';
import { summarizeWorkers } from './workers-summary.ts';

const MAX_GONE = 1000;

export interface DistributedTrialsOptions {
  queue: Readonly<QueueOptions>;
  /** Studies without `distributed` run on workers (true when the server has a Redis URL, unless TUNECHAT_DISTRIBUTED=0). */
  byDefault: boolean;
  now?: () => number;
}

export class DistributedTrials implements RemoteTrials {
  readonly byDefault: boolean;
  readonly dispatcher: TrialDispatcher;
  private workers: WorkerInfo[] = [];
  /** Workers seen alive once whose heartbeat expired since (the newest MAX_GONE): their trials wait for a retry. */
  private readonly gone = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  /** The Redis URL (with its password: redact before printing). */
  get url(): string {
    return this.options.queue.url;
  }

  constructor(private readonly options: DistributedTrialsOptions) {
    this.byDefault = options.byDefault;
    this.dispatcher = new TrialDispatcher(options.queue);
    this.now = options.now ?? Date.now;
  }

  async ready(): Promise<void> {
    await this.dispatcher.probe();
    this.follow();
    await this.refresh();
  }

  target(targetName: string, record: PlacementRecorder): Target {
    this.follow();
    return createQueueTarget({ dispatcher: this.dispatcher, target: targetName, record });
  }

  summary(targetName: string, trials: readonly Trial[]): WorkersSummary {
    const { lockMs, stalledIntervalMs } = this.options.queue;
    return summarizeWorkers(targetName, this.workers, trials, { gone: this.gone, retryWithinMs: lockMs + stalledIntervalMs });
  }

  /** Workers as of the last heartbeat read. */
  knownWorkers(): readonly WorkerInfo[] {
    return this.workers;
  }

  /** Reads the heartbeats now (`/metrics` does, within its timeout). */
  async refresh(): Promise<readonly WorkerInfo[]> {
    const client = await this.dispatcher.client();
    const workers = await listWorkers(client, this.options.queue.prefix, this.now());
    const live = new Set(workers.map((w) => w.id));
    for (const w of this.workers) if (!live.has(w.id)) this.gone.add(w.id);
    for (const id of live) this.gone.delete(id);
    for (const id of this.gone) if (this.gone.size > MAX_GONE) this.gone.delete(id);
    this.workers = workers;
    return workers;
  }

  /** Job counts by state of every target queue this server used; null when Redis does not answer in time. */
  queueCounts(timeoutMs: number): Promise<Map<string, JobCounts> | null> {
    return this.dispatcher.counts(timeoutMs);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.dispatcher.close();
  }

  private follow(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh().catch(() => {}), this.options.queue.heartbeatMs);
    this.timer.unref();
  }
}
