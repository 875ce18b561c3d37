import { ToolError } from '../../tools/common/errors.ts';
import type { StudyManager } from '../../tools/optimizer/study-manager.ts';
import { studyViewOf, trialsNumbered, trialView } from '../../tools/optimizer/study-view.ts';
import type { StudyEvent } from '../../tools/optimizer/types.ts';
import type { StudyFrame } from '../studies-protocol.ts';

/** Studies one connection may watch at once; more are refused as `busy`. */
export const MAX_WATCHED_STUDIES = 64;

/** Default delay that coalesces a study's changes into one frame (at most ~4 frames per second per study). */
export const STUDY_FRAME_COALESCE_MS = 250;

/** Schedules `fn` after `ms`; returns the cancel function. Injected so tests drive the coalescing by hand. */
export type Schedule = (fn: () => void, ms: number) => () => void;

export const timerSchedule: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
};

export interface StudyWatchOptions {
  coalesceMs?: number;
  schedule?: Schedule;
}

interface Watched {
  /** Trial numbers changed since the last frame. */
  changed: Set<number>;
  /** The pending flush, when a change is waiting to be sent. */
  cancel: (() => void) | null;
}

/**
 * The study feed of one websocket connection (`watch-study` / `unwatch-study`, see server/studies-protocol.ts): a
 * full `study` frame on watch, then at most one frame per `coalesceMs` per study with the new view and only the trials
 * that changed. One StudyManager listener per connection while it watches anything; `close` releases everything.
 */
export class StudyWatch {
  private readonly watched = new Map<string, Watched>();
  private unsubscribe: (() => void) | null = null;
  private readonly coalesceMs: number;
  private readonly schedule: Schedule;

  constructor(
    private readonly studies: StudyManager,
    private readonly send: (frame: StudyFrame) => void,
    options: StudyWatchOptions = {},
  ) {
    this.coalesceMs = options.coalesceMs ?? STUDY_FRAME_COALESCE_MS;
    this.schedule = options.schedule ?? timerSchedule;
  }

  /** Studies watched now (tests check that unwatch and close release them). */
  get size(): number {
    return this.watched.size;
  }

  /** Whether a StudyManager listener is held (released when nothing is watched). */
  get subscribed(): boolean {
    return this.unsubscribe !== null;
  }

  /**
   * Starts (or restarts) watching: sends the full frame now. Throws ToolError `not_found` for an unknown study and
   * `busy` beyond {@link MAX_WATCHED_STUDIES}.
   */
  watch(studyId: string): void {
    const record = this.studies.get(studyId);
    if (!record) throw new ToolError('not_found', `no study with id ${studyId}`, { details: { study_id: studyId } });
    const existing = this.watched.get(studyId);
    if (!existing && this.watched.size >= MAX_WATCHED_STUDIES) {
      throw new ToolError('busy', `this connection already watches ${this.watched.size} studies, the limit per connection (${MAX_WATCHED_STUDIES}); unwatch one first`, {
        details: { limit: MAX_WATCHED_STUDIES, watched: this.watched.size, study_id: studyId },
      });
    }
    existing?.cancel?.();
    this.watched.set(studyId, { changed: new Set(), cancel: null });
    this.unsubscribe ??= this.studies.on((event) => this.onEvent(event));
    const trials = this.studies.trials(studyId);
    this.send({ type: 'study', studyId, study: studyViewOf(this.studies, record, trials), trials: trials.map(trialView) });
  }

  unwatch(studyId: string): void {
    this.watched.get(studyId)?.cancel?.();
    this.watched.delete(studyId);
    if (this.watched.size === 0) this.release();
  }

  close(): void {
    for (const w of this.watched.values()) w.cancel?.();
    this.watched.clear();
    this.release();
  }

  private release(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private onEvent(event: StudyEvent): void {
    const watched = this.watched.get(event.studyId);
    if (!watched) return;
    if ('trial' in event) watched.changed.add(event.trial.number);
    watched.cancel ??= this.schedule(() => this.flush(event.studyId), this.coalesceMs);
  }

  private flush(studyId: string): void {
    const watched = this.watched.get(studyId);
    if (!watched) return;
    watched.cancel = null;
    try {
      this.sendChanges(studyId, watched);
    } catch (error) {
      // A timer callback must not throw (it would end the process): a study whose view cannot be built stops feeding.
      console.error(`tunechat: study feed for ${studyId} stopped:`, error);
      this.unwatch(studyId);
    }
  }

  private sendChanges(studyId: string, watched: Watched): void {
    const record = this.studies.get(studyId);
    if (!record) return this.unwatch(studyId); // deleted meanwhile
    const trials = this.studies.trials(studyId);
    // By number, not by a pass over every trial: a frame costs O(changed trials) plus the view's tally update.
    const changed = trialsNumbered(trials, watched.changed);
    watched.changed.clear();
    this.send({ type: 'study', studyId, study: studyViewOf(this.studies, record, trials), trials: changed.map(trialView) });
  }
}
