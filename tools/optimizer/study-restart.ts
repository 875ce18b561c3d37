/**
 * Studies after a restart: resuming at start-up the ones a dead (or shut down) process left running, and the
 * one-click resume of a study that could not resume then. The StudyManager owns running studies; it lends what this
 * needs through RestartHost.
 */
import { ToolError } from '../common/errors.ts';
import type { StudyStorage } from './storage.ts';
import { isoSeconds, type Interruption } from './study-notes.ts';
import { FINAL_STUDY_STATUSES, type StudyRecord, type StudyStatus, type Trial } from './types.ts';

/** Owner of studies resumed after a restart (their requester is not stored): they count toward the total only. */
export const RESUMED_OWNER = 'resumed';

export interface RestartHost {
  storage: StudyStorage;
  now(): number;
  /** A record from an imported session file: never resumed. */
  isImported(studyId: string): boolean;
  isRunning(studyId: string): boolean;
  setStatus(studyId: string, status: StudyStatus): void;
  /** Throws ToolError `busy` when the client is at its running-study limit. */
  checkCapacity(client: string): void;
  /** Builds and launches the stored study again (`retry` first, `reattach` re-attached); false, with the interruption noted, when it cannot. */
  relaunch(record: StudyRecord, owner: string, retry: readonly Trial[], note: string, reattach?: readonly Trial[]): boolean;
  /** Whether the study's running trials run on workers that outlive this process (a distributed study with a queue here). */
  reattaches(record: StudyRecord): boolean;
  interruption(studyId: string): Interruption | undefined;
}

/**
 * At start-up: trials left running by a dead process become failed (with the reason) and are retried when attempts
 * remain, except those of a distributed study, which ran on workers: the study re-attaches to their jobs (a trial whose
 * job is gone fails then); studies that were running resume (noted "resumed after a server restart at …"), studies that were stopping
 * become stopped. A study that cannot resume (its target no longer builds, or the study itself) stays non-final and is
 * noted interrupted with the reason; `resumeStudy` or the next restart tries again. Imported records are left alone.
 * Returns the ids of resumed studies.
 */
export async function resumeInterrupted(host: RestartHost): Promise<string[]> {
  const resumed: string[] = [];
  for (const record of host.storage.listStudies()) {
    if (FINAL_STUDY_STATUSES.includes(record.status) || host.isRunning(record.id)) continue;
    if (host.isImported(record.id)) continue; // a record from a file: never resumed, left as imported
    const now = host.now();
    const retries = record.spec.retries ?? { max: 0 };
    const resumes = record.status === 'running' || record.status === 'created';
    const running = host.storage.getTrials(record.id, ['running']);
    const reattach = resumes && host.reattaches(record) ? running : [];
    const dead = reattach.length > 0 ? [] : running;
    for (const trial of dead) {
      host.storage.updateTrial(record.id, trial.number, {
        state: 'failed', error: 'interrupted: the process running this trial exited before it finished', completedAt: now,
      });
    }
    if (!resumes) {
      host.setStatus(record.id, 'stopped');
      continue;
    }
    const retry = dead.filter((t) => t.attempt <= retries.max);
    const note = `resumed after a server restart at ${isoSeconds(now)}${reattach.length > 0 ? `, re-attached to ${reattach.length} trial${reattach.length === 1 ? '' : 's'} on workers` : ''}`;
    if (host.relaunch(record, RESUMED_OWNER, retry, note, reattach)) resumed.push(record.id);
  }
  return resumed;
}

/**
 * Resumes a study a restart interrupted (POST /api/studies/:id/resume): it runs on to its budget for `client`. A
 * running or finished study is a `conflict` (finished ones run more with `extend`), an imported one `forbidden`; when
 * it still cannot start, `unavailable` with the reason (the study stays interrupted).
 */
export function resumeStudy(host: RestartHost, record: StudyRecord, client: string): void {
  const studyId = record.id;
  const running = host.isRunning(studyId);
  const final = FINAL_STUDY_STATUSES.includes(record.status);
  if (running || final) {
    throw new ToolError('conflict', `study ${studyId} is ${running ? 'running' : record.status}: only a study interrupted by a restart can be resumed${final ? '; continue_study runs more trials in it' : ''}`, {
      details: { study_id: studyId, status: record.status, running },
    });
  }
  if (host.isImported(studyId)) {
    throw new ToolError('forbidden', `study ${studyId} was imported from a session file; imported studies never run here`, { details: { study_id: studyId, imported: true } });
  }
  if (record.status === 'stopping') {
    host.setStatus(studyId, 'stopped');
    throw new ToolError('conflict', `study ${studyId} was stopping when the server went down; it is stopped now`, { details: { study_id: studyId, status: 'stopped' } });
  }
  host.checkCapacity(client);
  const reattach = host.reattaches(record) ? host.storage.getTrials(studyId, ['running']) : [];
  if (!host.relaunch(record, client, [], `resumed at ${isoSeconds(host.now())} after a server restart interrupted it`, reattach)) {
    const interruption = host.interruption(studyId);
    throw new ToolError('unavailable', interruption?.reason ?? 'could not resume', { details: { study_id: studyId, resumable: interruption?.resumable ?? false } });
  }
}
