/**
 * The plug-in point for running a study's trials outside this process (tools/distributed implements it with BullMQ
 * on Redis; docs/distributed.md). The StudyManager decides per study whether its trials go remote
 * ({@link runsRemotely}) and then only sees a `Target`; the sampler, the pruner and storage stay here.
 */
import { ToolError } from '../common/errors.ts';
import type { StudyStorage } from './storage.ts';
import type { StudySpec, Target, Trial } from './types.ts';

/** Where a trial ran, reported by the remote side as it starts (again, after a worker died: attempt + 1). */
export interface TrialPlacement {
  worker: string;
  host: string;
  /** How many times the trial's job has started (a start after a worker died counts). */
  attempt: number;
}

/** Notes a placement on the trial (the StudyManager stores it in the trial's system attrs). */
export type PlacementRecorder = (studyId: string, trialNumber: number, placement: TrialPlacement) => void;

/** One worker in a study's status: who, how many slots, and how fast it goes. */
export interface WorkerSummary {
  id: string;
  host: string;
  slots: number;
  running: number;
  /** Trials it finished since it started (all studies) and per minute of its uptime. */
  done: number;
  trials_per_min: number;
  /** Trials of this study it ran to an end. */
  study_trials: number;
}

/** The workers behind a distributed study: "3 workers (12 slots), 9 trials running, 2 retried". */
export interface WorkersSummary {
  /** Live workers that have the study's target. */
  workers: number;
  slots: number;
  /** Trials running on a worker now. */
  running: number;
  /** Running trials no worker has started yet: waiting in the queue for a free slot (`parallel` above the slots). */
  queued: number;
  /** Running trials whose worker stopped (heartbeat expired): they run again once their job's lock expires. */
  stopped: number;
  /** Trials whose job started more than once (a worker died, or gave the trial back on shutdown). */
  retried: number;
  /** Live workers of another protocol version (their jobs would fail; they need the same tunechat). */
  incompatible: number;
  line: string;
  per_worker: WorkerSummary[];
}

export interface RemoteTrials {
  /** Whether studies that do not set `distributed` run remotely. */
  readonly byDefault: boolean;
  /** Resolves once the queue is reachable; rejects with ToolError `unavailable` (bounded in time). */
  ready(): Promise<void>;
  /** A target that runs trials of `targetName` remotely; `record` notes where each trial ran. */
  target(targetName: string, record: PlacementRecorder): Target;
  /** The workers of `targetName` for a study's status, from the last heartbeats (no I/O). */
  summary(targetName: string, trials: readonly Trial[]): WorkersSummary;
  close(): Promise<void>;
}

/** System attrs where a remote trial's placement is kept. */
export const PLACEMENT_ATTRS = { worker: 'worker', host: 'worker_host', attempt: 'queue_attempt' } as const;

/** Notes placements in the trials' system attrs; a late note (the trial already finished) is dropped. */
export function recordPlacement(storage: StudyStorage): PlacementRecorder {
  return (studyId, trialNumber, placement) => {
    if (storage.getTrial(studyId, trialNumber)?.state !== 'running') return;
    storage.setTrialSystemAttr(studyId, trialNumber, PLACEMENT_ATTRS.worker, placement.worker);
    storage.setTrialSystemAttr(studyId, trialNumber, PLACEMENT_ATTRS.host, placement.host);
    storage.setTrialSystemAttr(studyId, trialNumber, PLACEMENT_ATTRS.attempt, placement.attempt);
  };
}

/**
 * The name a study's trials are resolved by on workers, or null: only a named target (registered, tunechat.json,
 * builtin, i.e. `spec.targetName`) runs remotely, because workers evaluate by name from their own registry.
 */
export function remoteTargetName(spec: StudySpec): string | null {
  return typeof spec.targetName === 'string' && spec.targetName !== '' ? spec.targetName : null;
}

/**
 * Whether the study's trials run remotely: `spec.distributed` when set, else the server's default (for named targets).
 * `distributed: true` without a queue or without a target name is a ToolError `invalid_argument` saying what is missing.
 */
export function runsRemotely(spec: StudySpec, remote: RemoteTrials | undefined): boolean {
  const name = remoteTargetName(spec);
  if (spec.distributed === true) {
    if (!remote) {
      throw new ToolError('invalid_argument', 'distributed: true needs a Redis queue: start the server with TUNECHAT_REDIS_URL=redis://… (or tunechat serve --redis redis://…) and run `tunechat worker` on the machines that evaluate trials', {
        details: { parameter: 'distributed', value: true, redis: null },
      });
    }
    if (!name) {
      throw new ToolError('invalid_argument', 'distributed: true needs a named target (registered, in tunechat.json, or builtin): workers evaluate trials by target name from their own registry', {
        details: { parameter: 'distributed', value: true, target_name: null },
      });
    }
    return true;
  }
  if (spec.distributed === false || spec.distributed === undefined && !remote?.byDefault) return false;
  return name !== null;
}
