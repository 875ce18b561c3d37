/**
 * A study's target: in this process (a `TargetSpec` kind from targets/), or on workers when the study is distributed
 * (remote-trials.ts). Also the distributed parts of starting a study and of its status.
 */
import type { StudyStorage } from './storage.ts';
import type { StudyStatusSummary } from './summary.ts';
import { recordPlacement, remoteTargetName, runsRemotely, type RemoteTrials, type WorkersSummary } from './remote-trials.ts';
import { createTarget, type TargetDeps } from './targets/index.ts';
import type { StudySpec, Target, Trial } from './types.ts';

export interface StudyTargetDeps extends Pick<TargetDeps, 'clock'> {
  storage: StudyStorage;
  allowedHosts?: readonly string[];
  targetServices?: Record<string, unknown>;
  remote?: RemoteTrials;
}

/** Builds the study's target; throws `ToolError('invalid_argument')` for a bad target spec. */
export function buildStudyTarget(spec: StudySpec, deps: StudyTargetDeps): Target {
  if (runsRemotely(spec, deps.remote)) return deps.remote!.target(remoteTargetName(spec)!, recordPlacement(deps.storage));
  return createTarget(spec.target, { clock: deps.clock, allowedHosts: deps.allowedHosts ?? [], ...deps.targetServices });
}

/**
 * Before a study starts or continues: whether it runs on workers, once the queue answered (an unreachable Redis throws
 * ToolError `unavailable`, so nothing is stored or started).
 */
export async function prepareRemote(spec: StudySpec, remote: RemoteTrials | undefined): Promise<boolean> {
  if (!runsRemotely(spec, remote)) return false;
  await remote!.ready();
  return true;
}

/** A distributed study's status with its workers. */
export function withWorkers(summary: StudyStatusSummary, spec: StudySpec, trials: readonly Trial[], remote: RemoteTrials | undefined): StudyStatusSummary {
  const workers = workersSummary(spec, trials, remote);
  return workers ? { ...summary, workers } : summary;
}

/** The workers of a distributed study, from the last heartbeats (no I/O); undefined when it runs in this process. */
export function workersSummary(spec: StudySpec, trials: readonly Trial[], remote: RemoteTrials | undefined): WorkersSummary | undefined {
  const name = spec.distributed ? remoteTargetName(spec) : null;
  return name && remote ? remote.summary(name, trials) : undefined;
}
