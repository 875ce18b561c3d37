/**
 * What a worker does with one job: check the payload (protocol version, shape), evaluate the target, publish the start
 * and every intermediate report as job progress, and stop the trial when the server says so (its control key, read
 * at each report and every `controlPollMs`). A job that cannot be run fails at once with the reason
 * (`UnrecoverableError`: never retried); a trial handed back on shutdown goes back to the queue (`WaitingError`).
 */
import { UnrecoverableError, WaitingError, type Job, type RedisClient } from 'bullmq';
import { TrialPrunedError } from '../optimizer/trial-pruned.ts';
import type { Target } from '../optimizer/types.ts';
import { parseMetricRecord, parseTrialJob, PROTOCOL_VERSION, type TrialControl, type TrialJobData, type TrialJobResult } from './protocol.ts';
import { readControl } from './trial-control.ts';

/** Set in a job's data by the worker when BullMQ could not parse the stored payload (see trial-worker.ts). */
export const UNPARSABLE = '__tunechat_unparsable';

export interface ProcessorContext {
  worker: string;
  host: string;
  prefix: string;
  controlPollMs: number;
  /** The queue's target (jobs of another target on this queue are refused). */
  targetName: string;
  target: Target;
  client: () => Promise<RedisClient>;
  now: () => number;
  /** Trials in progress, so a shutdown can hand them back. */
  running: Map<string, { abort(): void }>;
  counts: { done: number; failed: number };
  /** True once the worker hands its trials back (shutdown past its grace period). */
  handingBack: () => boolean;
}

/** Parses the job's data, failing the job with a clear reason when it cannot be run. */
function readJob(job: Job, context: ProcessorContext): TrialJobData {
  const data = job.data as Record<string, unknown> | null;
  if (data && typeof data === 'object' && UNPARSABLE in data) throw new UnrecoverableError(`the job payload does not parse as JSON (${String(data[UNPARSABLE])}); it was not written by tunechat`);
  let parsed: TrialJobData;
  try {
    parsed = parseTrialJob(data);
  } catch (error) {
    throw new UnrecoverableError(`worker ${context.worker} refused job ${job.id}: ${(error as Error).message}`);
  }
  if (parsed.target !== context.targetName) throw new UnrecoverableError(`job ${job.id} is for target "${parsed.target}" but sits on the queue of "${context.targetName}"`);
  return parsed;
}

export async function processTrialJob(job: Job, token: string | undefined, context: ProcessorContext): Promise<TrialJobResult> {
  const data = readJob(job, context);
  const jobId = job.id!;
  const controller = new AbortController();
  let control: TrialControl | null = null;
  let handedBack = false;
  let lastStep: number | null = null;
  const apply = (found: TrialControl | null) => {
    if (!found || control) return;
    control = found;
    controller.abort(found.action === 'prune' ? new TrialPrunedError(found.reason) : Object.assign(new Error(found.reason), { name: 'TrialStopped' }));
  };
  const poll = async () => apply(await readControl(await context.client(), context.prefix, jobId));
  context.running.set(jobId, {
    abort: () => {
      handedBack = true;
      controller.abort(new Error('handed back: the worker shuts down'));
    },
  });
  const timer = setInterval(() => void poll().catch(() => {}), context.controlPollMs);
  try {
    // Not awaited (two round trips less per trial): progress and completion go out on the same connection, in order.
    void job.updateProgress({ v: PROTOCOL_VERSION, kind: 'start', worker: context.worker, host: context.host, started: context.now(), attempt: job.attemptsStarted }).catch(() => {});
    void poll().catch(() => {}); // stopped or pruned while it waited in the queue: the evaluation is aborted at once
    if (context.handingBack()) handedBack = true;
    const metrics = control || handedBack ? {} : await context.target.evaluate(data.params, {
      trialNumber: data.trial,
      studyId: data.study,
      attempt: data.attempt,
      signal: controller.signal,
      report: (step, reported) => {
        lastStep = step;
        void job.updateProgress({ v: PROTOCOL_VERSION, kind: 'report', step, metrics: reported }).then(poll).catch(() => {});
        return control !== null;
      },
    });
    if (!control && !handedBack) {
      context.counts.done++;
      return { v: PROTOCOL_VERSION, outcome: 'complete', worker: context.worker, metrics: parseMetricRecord(metrics, `target "${context.targetName}" returned`) };
    }
  } catch (error) {
    if (!control && !handedBack) {
      if (TrialPrunedError.isInstance(error)) return { v: PROTOCOL_VERSION, outcome: 'pruned', worker: context.worker, reason: error.message, step: lastStep };
      context.counts.failed++;
      throw error;
    }
  } finally {
    clearInterval(timer);
    context.running.delete(jobId);
  }
  if (handedBack && !control) {
    // Back to the queue for another worker; its next start counts as a new attempt.
    await job.moveToWait(token);
    throw new WaitingError();
  }
  const ended = control as TrialControl | null;
  if (ended?.action === 'prune') context.counts.done++;
  return { v: PROTOCOL_VERSION, outcome: ended?.action === 'prune' ? 'pruned' : 'stopped', worker: context.worker, reason: ended?.reason ?? 'stopped', step: lastStep };
}
