/**
 * The server's word to a running trial: a key per job holding a `TrialControl` (prune or stop, with the reason).
 * The server writes it when its pruner decides or the study stops; the worker reads it at each report and every
 * `controlPollMs`, and stops the trial.
 */
import type { RedisClient } from 'bullmq';
import { parseTrialControl, type TrialControl } from './protocol.ts';

export function controlKey(prefix: string, jobId: string): string {
  return `${prefix}:control:${jobId}`;
}

/** The control of a job, or null when there is none (or it does not parse). */
export async function readControl(client: RedisClient, prefix: string, jobId: string): Promise<TrialControl | null> {
  return parseTrialControl(await client.get(controlKey(prefix, jobId)));
}
