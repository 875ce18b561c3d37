/**
 * Runs a study against a target: up to `parallel` trials in flight, a trial budget, a time budget, retries with
 * exponential backoff, and a stop signal that ends promptly (in-flight evaluations are aborted and recorded as
 * failed with the reason, so no trial is left running). Intermediate reports go through the pruner; a prune
 * (from the pruner or `study.requestPrune`) aborts the evaluation and records the trial as pruned. A remote target's
 * trials (workers on a queue) outlive a server shutdown: they stay running, and the next start passes them as `reattach`.
 */
import type { Clock } from '../common/clock.ts';
import type { Study } from './study.ts';
import { TrialPrunedError } from './trial-pruned.ts';
import type { StudyEvent, Target, Trial } from './types.ts';

export interface RunStudyOptions {
  study: Study;
  target: Target;
  /** Configurations to evaluate (new and enqueued; retries do not count). Read before every launch, so raising it extends a running study. */
  trials: number;
  parallel: number;
  /** Stop launching and abort in-flight trials after this long (ms since `startedAt`). Null: no limit. */
  timeLimitMs: number | null;
  /** When the study's time budget started (resumed studies keep their original start). */
  startedAt?: number;
  retries: { max: number; backoffMs: number };
  clock: Clock;
  signal?: AbortSignal;
  emit?: (event: StudyEvent) => void;
  /** Running trials a previous process left on a remote target: evaluated again with `reattach` before new ones. */
  reattach?: readonly Trial[];
}

export type RunOutcome = 'complete' | 'stopped' | 'time-limit';

export const RETRY_OF = 'retry_of';

/** Running trials abort through these, keyed by trial number (used by `StudyManager.pruneTrial`). */
export type InFlight = Map<number, AbortController>;

/** Trials that count against the trial budget: launched ones that are not retries. */
export function budgetUsed(trials: readonly Trial[]): number {
  return trials.filter((t) => t.state !== 'waiting' && t.systemAttrs[RETRY_OF] === undefined).length;
}

/** `Error.name` of a stop reason that suspends a study (process shutdown) rather than ending it. */
export const SUSPEND = 'StudySuspended';

export async function runStudy(options: RunStudyOptions, inFlight: InFlight = new Map()): Promise<RunOutcome> {
  const { study, target, parallel, retries, clock, emit = () => {} } = options;
  const startedAt = options.startedAt ?? clock.now();
  const tasks = new Map<number, Promise<void>>();
  let pendingRetries = 0;
  let outcome: RunOutcome | null = null;
  let wake: () => void = () => {};
  const wakeUp = () => wake();
  const stopAll = (reason: RunOutcome, message: string, name = 'Error') => {
    outcome ??= reason;
    for (const controller of inFlight.values()) if (!controller.signal.aborted) controller.abort(Object.assign(new Error(message), { name }));
    wakeUp();
  };
  // The stop signal's reason, when it is an Error, says why (e.g. the server shutting down); else the user stopped it.
  const onStop = () => {
    const reason: unknown = options.signal?.reason;
    const suspend = reason instanceof Error && reason.name === SUSPEND;
    stopAll('stopped', suspend ? reason.message : 'stopped: the study was stopped before this trial finished', suspend ? SUSPEND : 'Error');
  };
  if (options.signal?.aborted) onStop();
  options.signal?.addEventListener('abort', onStop, { once: true });
  const deadline = new AbortController();
  if (options.timeLimitMs !== null) {
    const remaining = Math.max(0, options.timeLimitMs - (clock.now() - startedAt));
    clock.sleep(remaining, deadline.signal).then(
      () => stopAll('time-limit', `stopped: the study's time budget of ${options.timeLimitMs! / 1000} s ran out before this trial finished`),
      () => {},
    );
  }

  // Budget bookkeeping, counted once and then kept up to date (no per-launch scan of all trials).
  const existing = study.trials();
  let used = budgetUsed(existing);
  let waitingRetries = existing.filter((t) => t.state === 'waiting' && t.systemAttrs[RETRY_OF] !== undefined).length;
  const canLaunch = (): boolean => {
    if (waitingRetries > 0) return true;
    if (used >= options.trials) return false;
    return !study.sampler.isExhausted?.(study.view);
  };

  const evaluate = async (trial: Trial, reattach = false): Promise<void> => {
    const controller = new AbortController();
    inFlight.set(trial.number, controller);
    emit({ type: 'trial-start', studyId: study.id, trial, at: clock.now() });
    let finished: Trial;
    try {
      const metrics = await target.evaluate(trial.params, {
        trialNumber: trial.number,
        studyId: study.id,
        signal: controller.signal,
        attempt: trial.attempt,
        ...(reattach ? { reattach } : {}),
        report: (step, reported) => {
          if (controller.signal.aborted) return true;
          const prune = study.report(trial.number, step, reported);
          const current = study.storage.getTrial(study.id, trial.number) ?? trial;
          emit({ type: 'trial-report', studyId: study.id, trial: current, step, metrics: reported, at: clock.now() });
          if (prune) controller.abort(new TrialPrunedError(study.pruneReason(trial.number) ?? `pruned at step ${step}`));
          return prune;
        },
      });
      if (controller.signal.aborted && TrialPrunedError.isInstance(controller.signal.reason)) {
        finished = study.tell(trial.number, { state: 'pruned', reason: controller.signal.reason.message });
      } else {
        finished = study.tell(trial.number, { metrics });
      }
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      if (target.remote && reason instanceof Error && reason.name === SUSPEND) {
        // The server shuts down, the trial runs on: it stays running in storage and the next start re-attaches to it.
        return;
      }
      if (TrialPrunedError.isInstance(reason)) {
        finished = study.tell(trial.number, { state: 'pruned', reason: reason.message });
      } else {
        const message = reason instanceof Error ? reason.message : String(reason);
        finished = study.tell(trial.number, { state: 'failed', error: message });
        if (!controller.signal.aborted && trial.attempt <= retries.max) scheduleRetry(finished);
      }
    } finally {
      inFlight.delete(trial.number);
    }
    emit({ type: 'trial-end', studyId: study.id, trial: finished, at: clock.now() });
  };

  const scheduleRetry = (failed: Trial) => {
    pendingRetries++;
    const delay = retries.backoffMs * 2 ** (failed.attempt - 1);
    const enqueue = () => {
      pendingRetries--;
      if (outcome === null) {
        study.enqueue(failed.params, { attempt: failed.attempt + 1, systemAttrs: { [RETRY_OF]: failed.systemAttrs[RETRY_OF] ?? failed.number } });
        waitingRetries++;
      }
      wakeUp();
    };
    if (delay <= 0) enqueue();
    else clock.sleep(delay, deadline.signal).then(enqueue, enqueue);
  };

  const launch = (trial: Trial, reattach = false) => {
    const task = evaluate(trial, reattach).finally(() => {
      tasks.delete(trial.number);
      wakeUp();
    });
    tasks.set(trial.number, task);
  };
  for (const trial of options.reattach ?? []) launch(trial, true);

  try {
    for (;;) {
      while (outcome === null && tasks.size < parallel && canLaunch()) {
        const trial = study.ask();
        if (trial.systemAttrs[RETRY_OF] !== undefined) waitingRetries = Math.max(0, waitingRetries - 1);
        else used++;
        launch(trial);
      }
      if (tasks.size === 0 && (outcome !== null || pendingRetries === 0)) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      // In-process targets settle in microtasks; let timers and I/O (stop requests, progress) run between trials.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    deadline.abort();
    options.signal?.removeEventListener('abort', onStop);
    await Promise.allSettled([...tasks.values()]);
  }
  return outcome ?? 'complete';
}
