/**
 * A worker process's engine (`tunechat worker`): one BullMQ Worker per target it has (so jobs of other targets are
 * never taken, let alone consumed), a heartbeat every `heartbeatMs`, and a graceful close: stop taking jobs, let
 * running trials finish for `graceMs`, then hand the rest back to the queue.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { RedisConnection, Worker, type Job, type RedisClient } from 'bullmq';
import type { Target } from '../optimizer/types.ts';
import { PROTOCOL_VERSION } from './protocol.ts';
import { trialQueueName } from './protocol.ts';
import { connectionOptions, type QueueOptions } from './queue-options.ts';
import { probeRedis } from './redis-probe.ts';
import { processTrialJob, UNPARSABLE, type ProcessorContext } from './trial-processor.ts';
import { removeWorker, writeHeartbeat, type WorkerInfo } from './worker-registry.ts';

export interface TrialWorkerOptions {
  queue: Readonly<QueueOptions>;
  /** Trials at once, per target. */
  concurrency: number;
  /** Name → built target (the CLI builds them from tunechat.json and the builtins). */
  targets: ReadonlyMap<string, Target>;
  /** Default `<host>-<pid>-<random>`. */
  id?: string;
  now?: () => number;
}

export interface RunningWorker {
  readonly id: string;
  readonly targets: string[];
  /** Trials running now, and finished since start. */
  stats(): { running: number; done: number; failed: number };
  /** Stops taking jobs; running trials finish within `graceMs`, the rest go back to the queue. Idempotent. */
  close(graceMs: number): Promise<void>;
  /** Hands every running trial back now (a second SIGTERM). */
  handBack(): void;
}

/** Keeps a job BullMQ cannot parse (not written by tunechat) processable, so it fails with the reason instead of stalling. */
class TrialWorker extends Worker {
  protected override createJob(data: Parameters<Worker['createJob']>[0], jobId: string): Job {
    try {
      return super.createJob(data, jobId);
    } catch (error) {
      return super.createJob({ ...data, data: JSON.stringify({ [UNPARSABLE]: (error as Error).message }) }, jobId);
    }
  }
}

/** Connects (bounded by `connectTimeoutMs`: ToolError `unavailable`), then takes jobs until closed. */
export async function startTrialWorker(options: TrialWorkerOptions): Promise<RunningWorker> {
  const { queue } = options;
  await probeRedis(queue);
  const host = hostname();
  const id = options.id ?? `${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const connection = new RedisConnection(connectionOptions(queue), { shared: false, blocking: false });
  connection.on('error', () => {}); // reconnects; commands wait (maxRetriesPerRequest: null)
  const client = (): Promise<RedisClient> => connection.client;
  const running = new Map<string, { abort(): void }>();
  const counts = { done: 0, failed: 0 };
  let handingBack = false;
  const handBack = () => {
    handingBack = true;
    for (const trial of running.values()) trial.abort();
  };
  const workers = [...options.targets].map(([targetName, target]) => {
    const context: ProcessorContext = {
      worker: id, host, prefix: queue.prefix, controlPollMs: queue.controlPollMs, targetName, target, client, now, running, counts, handingBack: () => handingBack,
    };
    const worker = new TrialWorker(trialQueueName(targetName), (job, token) => processTrialJob(job, token, context), {
      connection: connectionOptions(queue),
      prefix: queue.prefix,
      name: id,
      concurrency: options.concurrency,
      lockDuration: queue.lockMs,
      stalledInterval: queue.stalledIntervalMs,
      maxStalledCount: queue.maxStalls,
      // BullMQ wakes one idle worker per burst of jobs (its "marker" is one member); the others notice the rest when
      // their blocking wait times out. 1 s instead of 5 s spreads the trials of a study's start over the workers sooner.
      drainDelay: 1,
      removeOnComplete: { age: Math.ceil(queue.keepFinishedMs / 1000) },
      removeOnFail: { age: Math.ceil(queue.keepFinishedMs / 1000) },
    });
    worker.on('error', () => {}); // connection errors while Redis restarts; BullMQ reconnects
    return worker;
  });
  const info = (): WorkerInfo => ({
    v: PROTOCOL_VERSION, id, host, pid: process.pid, concurrency: options.concurrency, targets: [...options.targets.keys()],
    running: running.size, done: counts.done, failed: counts.failed, startedAt, at: now(),
  });
  const beat = () => client().then((c) => writeHeartbeat(c, queue.prefix, info(), 3 * queue.heartbeatMs)).catch(() => {});
  await beat();
  const heartbeat = setInterval(() => void beat(), queue.heartbeatMs);
  heartbeat.unref();
  let closing: Promise<void> | null = null;
  return {
    id,
    targets: [...options.targets.keys()],
    stats: () => ({ running: running.size, ...counts }),
    handBack,
    close: (graceMs) =>
      (closing ??= (async () => {
        const closed = Promise.all(workers.map((w) => w.close()));
        let timer: NodeJS.Timeout | undefined;
        const late = await Promise.race([closed.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs)))]);
        clearTimeout(timer);
        if (late) handBack();
        await closed;
        clearInterval(heartbeat);
        await client().then((c) => removeWorker(c, queue.prefix, id)).catch(() => {});
        await Promise.allSettled([...options.targets.values()].map((t) => t.close?.()));
        await connection.close().catch(() => {});
      })()),
  };
}
