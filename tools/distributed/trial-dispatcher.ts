/**
 * The server's side of the queue: enqueues one BullMQ job per trial on its target's queue and follows it to its end
 * (QueueEvents for progress and completion, plus a periodic check that the job still exists). One Queue and one
 * QueueEvents per target, created on first use and kept until `close`.
 *
 * Each trial settles once: the first of completion, failure, loss or abort wins, so a result that arrives twice
 * (a job retried after its worker died, a re-attach after a restart) is never told twice.
 */
import { Queue, QueueEvents, RedisConnection, type RedisClient } from 'bullmq';
import { TrialPrunedError } from '../optimizer/trial-pruned.ts';
import { parseTrialProgress, parseTrialResult, trialJobId, trialQueueName, type TrialJobData, type TrialJobResult, type TrialProgress } from './protocol.ts';
import { connectionOptions, type QueueOptions } from './queue-options.ts';
import { probeRedis } from './redis-probe.ts';
import { controlKey } from './trial-control.ts';

export interface DispatchRequest {
  job: TrialJobData;
  signal: AbortSignal;
  /** The job was enqueued by an earlier server process: never add it again; a job that is gone fails the trial. */
  reattach: boolean;
  /** The job started on a worker (again, after a worker died: `attempt` counts the starts). */
  onStart(progress: Extract<TrialProgress, { kind: 'start' }>): void;
  /** An intermediate report; true when the trial should stop (it is pruned). */
  onReport(step: number, metrics: Record<string, number>): boolean;
}

interface Channel {
  queue: Queue;
  /** Followed on first dispatch; null again after a failed start, so the next dispatch retries. */
  events: Promise<QueueEvents> | null;
}

/** Job states BullMQ reports, as exported by `/metrics`. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'paused', 'completed', 'failed'] as const;
export type JobCounts = Record<(typeof JOB_STATES)[number], number>;

export class TrialDispatcher {
  private readonly channels = new Map<string, Channel>();
  private controlConnection: RedisConnection | null = null;
  private closed = false;

  constructor(private readonly options: Readonly<QueueOptions>) {}

  /** Rejects with ToolError `unavailable` when Redis does not answer within `connectTimeoutMs`. */
  async probe(): Promise<void> {
    await probeRedis(this.options);
  }

  /** A client for plain keys (control keys, heartbeats); reconnects on its own. */
  client(): Promise<RedisClient> {
    if (!this.controlConnection) {
      this.controlConnection = new RedisConnection(connectionOptions(this.options), { shared: false, blocking: false });
      this.controlConnection.on('error', () => {}); // reconnects; a failing command rejects where it is awaited
    }
    return this.controlConnection.client;
  }

  /** Evaluates one trial remotely; resolves with the worker's result, rejects with its failure, the loss or the abort reason. */
  async dispatch(request: DispatchRequest): Promise<TrialJobResult> {
    const { job, signal } = request;
    if (signal.aborted) throw signal.reason;
    const jobId = trialJobId(job.study, job.trial, job.attempt);
    const channel = this.channel(job.target);
    const events = await untilAborted(channel.events!, signal); // following waits through a Redis outage; a stop does not

    return new Promise<TrialJobResult>((resolve, reject) => {
      let settled = false;
      let checking = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        cleanup();
        outcome();
      };
      const complete = (value: unknown) => settle(() => {
        try {
          resolve(parseTrialResult(value));
        } catch (error) {
          reject(error);
        }
      });
      const fail = (reason: string) => settle(() => reject(new Error(reason || 'the worker failed the trial without a reason')));
      const cancel = (control: { action: 'prune' | 'stop'; reason: string }) => void this.cancel(channel.queue, jobId, control).catch(() => {});
      const onProgress = ({ data }: { data: unknown }) => {
        const progress = parseTrialProgress(data);
        if (!progress || settled) return;
        if (progress.kind === 'start') return request.onStart(progress);
        if (request.onReport(progress.step, progress.metrics) && !settled) {
          const reason = `pruned at step ${progress.step}`;
          cancel({ action: 'prune', reason });
          settle(() => reject(new TrialPrunedError(reason)));
        }
      };
      const onCompleted = ({ returnvalue }: { returnvalue: unknown }) => complete(returnvalue);
      const onFailed = ({ failedReason }: { failedReason: string }) => fail(failedReason);
      const onAbort = () => {
        const reason: unknown = signal.reason;
        // The server shutting down leaves the job running; the next start re-attaches to it.
        if (!(reason instanceof Error && reason.name === 'StudySuspended')) {
          const pruned = TrialPrunedError.isInstance(reason);
          cancel({ action: pruned ? 'prune' : 'stop', reason: reason instanceof Error ? reason.message : String(reason) });
        }
        settle(() => reject(reason));
      };
      const check = async () => {
        if (checking || settled) return;
        checking = true;
        try {
          const state = await channel.queue.getJobState(jobId);
          if (settled) return;
          if (state === 'unknown') return fail(`lost: the job of trial ${job.trial} (${jobId}) is gone from Redis (a Redis restart without persistence, or it was removed)`);
          if (state !== 'completed' && state !== 'failed') return;
          // Read after the state (a finished job no longer changes), from the job's hash: its data is not needed here,
          // and may not even parse (another program's job).
          const client = await this.client();
          const [returnvalue, failedReason] = await client.hmget(channel.queue.toKey(jobId), 'returnvalue', 'failedReason');
          if (state === 'failed') return fail(failedReason ?? '');
          try {
            complete(JSON.parse(returnvalue ?? 'null'));
          } catch {
            fail(`the worker's result does not parse as JSON: ${JSON.stringify((returnvalue ?? '').slice(0, 200))}`);
          }
        } catch {
          // Redis unreachable: the next check tries again.
        } finally {
          checking = false;
        }
      };
      const timer = setInterval(() => void check(), this.options.jobCheckMs);
      timer.unref();
      const cleanup = () => {
        clearInterval(timer);
        signal.removeEventListener('abort', onAbort);
        events.off(`progress:${jobId}` as 'progress', onProgress as never);
        events.off(`completed:${jobId}` as 'completed', onCompleted as never);
        events.off(`failed:${jobId}` as 'failed', onFailed as never);
      };
      events.on(`progress:${jobId}` as 'progress', onProgress as never);
      events.on(`completed:${jobId}` as 'completed', onCompleted as never);
      events.on(`failed:${jobId}` as 'failed', onFailed as never);
      signal.addEventListener('abort', onAbort, { once: true });
      const added = request.reattach
        ? Promise.resolve()
        : channel.queue.add('trial', job, {
            jobId,
            attempts: 1,
            removeOnComplete: { age: Math.ceil(this.options.keepFinishedMs / 1000) },
            removeOnFail: { age: Math.ceil(this.options.keepFinishedMs / 1000) },
          });
      // The job may have finished before the events were followed (a re-attach): look once right away.
      added.then(() => check(), (error: unknown) => fail(`could not enqueue trial ${job.trial}: ${(error as Error).message}`));
    });
  }

  /** Job counts by state of each target queue this server used, within `timeoutMs` (null when Redis does not answer in time). */
  async counts(timeoutMs: number): Promise<Map<string, JobCounts> | null> {
    const channels = [...this.channels.entries()];
    const read = Promise.all(channels.map(async ([target, { queue }]) => [target, (await queue.getJobCounts(...JOB_STATES)) as JobCounts] as const));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    try {
      const result = await Promise.race([read, timeout]);
      return result && new Map(result);
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const channels = [...this.channels.values()];
    this.channels.clear();
    await Promise.allSettled(channels.map(async ({ queue, events }) => {
      await events?.then((e) => e.close(), () => {});
      await queue.close();
    }));
    await this.controlConnection?.close().catch(() => {});
  }

  /** Asks the worker to stop the trial (at its next report or control poll) and drops the job if no worker took it yet. */
  private async cancel(queue: Queue, jobId: string, control: { action: 'prune' | 'stop'; reason: string }): Promise<void> {
    const client = await this.client();
    await client.set(controlKey(this.options.prefix, jobId), JSON.stringify(control), { PX: this.options.keepFinishedMs });
    // A job no worker took is dropped. Only then: BullMQ removes any job whose lock is missing, and a running job's lock
    // can lapse for a moment (a renewal late under load); its worker reads the control key and ends it instead.
    const state = await queue.getJobState(jobId);
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized') await queue.remove(jobId).catch(() => 0);
  }

  private channel(target: string): Channel {
    if (this.closed) throw new Error('the trial dispatcher is closed');
    let channel = this.channels.get(target);
    if (!channel) {
      const name = trialQueueName(target);
      const queue = new Queue(name, { connection: connectionOptions(this.options), prefix: this.options.prefix });
      queue.on('error', () => {}); // reconnects; failures surface where commands are awaited
      channel = { queue, events: null };
      this.channels.set(target, channel);
    }
    if (!channel.events) {
      const followed = channel;
      followed.events = this.follow(trialQueueName(target)).catch((error: unknown) => {
        followed.events = null;
        throw error;
      });
    }
    return channel;
  }

  /** QueueEvents that start after the stream's current last event, so nothing between now and the first read is missed. */
  private async follow(name: string): Promise<QueueEvents> {
    const client = await this.client();
    const last = (await client.runCommand('xrevrange', [`${this.options.prefix}:${name}:events`, '+', '-', 'COUNT', 1])) as [string, string[]][];
    const events = new QueueEvents(name, { connection: connectionOptions(this.options), prefix: this.options.prefix, lastEventId: last[0]?.[0] ?? '0-0' });
    events.on('error', () => {});
    await events.waitUntilReady();
    return events;
  }
}

/** `promise`, or the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}
