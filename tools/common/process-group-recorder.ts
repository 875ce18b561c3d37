/**
 * Where trial and benchmark processes are remembered while they run. Command targets, service targets and bench
 * command runs start every child in its own process group (`detached: true`), so a server killed with `kill -9`
 * leaves those groups running as orphans. Spawn sites tell the injected recorder about each group right after
 * `spawn` and release it when the group's leader exits; the server's start-up stops what a dead predecessor left
 * (server/process-group-cleanup.ts). The db implementation is `db/process-group-store.ts`, wired by
 * `server/main.ts`; the default everywhere else (CLI one-shots, unit tests) records nothing.
 */

/** What a process group was started for (shown in the start-up log line when it is cleaned up). */
export type ProcessGroupOwner =
  | { kind: 'trial'; studyId: string | null; trialNumber: number }
  | { kind: 'bench'; runId: string | null };

export interface ProcessGroupRecorder {
  /**
   * Records the group led by `pgid` (the pid of the child just spawned with `detached: true`). Returns the
   * function that forgets it; call it once, when the leader has exited. Neither ever throws: bookkeeping that
   * fails must not fail the trial or the benchmark it belongs to (the implementation reports the failure itself).
   */
  record(pgid: number, owner: ProcessGroupOwner): () => void;
}

/** Records nothing: the default for code that runs without a server (CLI one-shots, unit tests). */
export const noProcessGroupRecorder: ProcessGroupRecorder = Object.freeze({ record: () => () => {} });

/**
 * Records `child`'s group when it has a pid (a spawn that failed has none) and releases it on the child's `exit`
 * or spawn `error`. Returns the release function (idempotent), for callers that learn of the end earlier.
 */
export function recordChildGroup(
  recorder: ProcessGroupRecorder,
  child: { pid?: number | undefined; once(event: 'exit' | 'error', listener: () => void): unknown },
  owner: ProcessGroupOwner,
): () => void {
  if (child.pid === undefined) return () => {};
  let release: (() => void) | null = recorder.record(child.pid, owner);
  const done = () => {
    release?.();
    release = null;
  };
  child.once('exit', done);
  child.once('error', done);
  return done;
}

/** `study st_… trial 3` / `bench run …`: how an owner is named in logs. */
export function describeOwner(owner: ProcessGroupOwner): string {
  return owner.kind === 'trial' ? `study ${owner.studyId ?? '(unknown)'} trial ${owner.trialNumber}` : `bench run ${owner.runId ?? '(unknown)'}`;
}
