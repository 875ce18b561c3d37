import type { StudyFrame, StudyViewJson } from '../server/studies-protocol.ts';
import { TrialIndex } from './charts/trial-index.ts';
import type { StudiesApi } from './studies-api.ts';

/** Frames the feed sends on the page's websocket (server/studies-protocol.ts). */
export type WatchFrame = { type: 'watch-study'; requestId: string; studyId: string } | { type: 'unwatch-study'; studyId: string };

/** What a subscriber sees of one study: the latest view, every trial, and when the view arrived (for a ticking clock). */
export interface StudyState {
  study: StudyViewJson | null;
  trials: TrialIndex;
  receivedAt: number;
  error: string | null;
}

export type StudyListener = (state: StudyState) => void;

interface Watch {
  state: StudyState;
  listeners: Set<StudyListener>;
  /** The next frame holds every trial (sent after a watch or re-watch): it replaces what is held. */
  awaitingFull: boolean;
  fallback: ReturnType<typeof setTimeout> | null;
}

export interface StudyFeedDeps {
  send(frame: WatchFrame): void;
  api: Pick<StudiesApi, 'get' | 'trials'>;
  now?: () => number;
  /** With no `study` frame this long after a watch, poll the REST routes instead (a server without the feed, a lost frame). */
  fallbackMs?: number;
}

/**
 * The page's live view of studies: one `watch-study` subscription per study however many cards show it, a
 * re-subscription after every reconnect (`resubscribeAll`), and the REST routes as a fallback while no frame comes.
 * The last listener leaving sends `unwatch-study`.
 */
export class StudyFeed {
  private readonly watches = new Map<string, Watch>();
  private sequence = 0;

  constructor(private readonly deps: StudyFeedDeps) {}

  subscribe(studyId: string, listener: StudyListener): () => void {
    let watch = this.watches.get(studyId);
    if (!watch) {
      watch = { state: { study: null, trials: new TrialIndex(), receivedAt: 0, error: null }, listeners: new Set(), awaitingFull: true, fallback: null };
      this.watches.set(studyId, watch);
      this.watch(studyId, watch);
    } else if (watch.state.study) {
      listener(watch.state);
    }
    watch.listeners.add(listener);
    return () => {
      const current = this.watches.get(studyId);
      if (!current) return;
      current.listeners.delete(listener);
      if (current.listeners.size === 0) {
        if (current.fallback) clearTimeout(current.fallback);
        this.watches.delete(studyId);
        this.deps.send({ type: 'unwatch-study', studyId });
      }
    };
  }

  /** The held state of a watched study. */
  get(studyId: string): StudyState | undefined {
    return this.watches.get(studyId)?.state;
  }

  /** Number of studies watched (one websocket subscription each). */
  get watching(): number {
    return this.watches.size;
  }

  /** After the websocket reconnects: the server forgot the subscriptions, so watch every study again (full frames follow). */
  resubscribeAll(): void {
    for (const [id, watch] of this.watches) this.watch(id, watch);
  }

  onFrame(frame: StudyFrame): void {
    const watch = this.watches.get(frame.studyId);
    if (!watch) return;
    this.accept(watch, frame.study, frame.trials, watch.awaitingFull);
    watch.awaitingFull = false;
    if (watch.fallback) clearTimeout(watch.fallback);
    watch.fallback = null;
  }

  /** Applies a view returned by a REST call (stop, resume) at once, before its frame arrives. */
  applyView(study: StudyViewJson): void {
    const watch = this.watches.get(study.id);
    if (watch) this.accept(watch, study, [], false);
  }

  private watch(studyId: string, watch: Watch): void {
    watch.awaitingFull = true;
    this.deps.send({ type: 'watch-study', requestId: `ws-${(this.sequence++).toString(36)}`, studyId });
    this.armFallback(studyId, watch);
  }

  private armFallback(studyId: string, watch: Watch): void {
    if (watch.fallback) clearTimeout(watch.fallback);
    watch.fallback = setTimeout(() => void this.poll(studyId, watch), this.deps.fallbackMs ?? 3000);
  }

  /** One REST refresh, then another later while frames still do not come. */
  private async poll(studyId: string, watch: Watch): Promise<void> {
    watch.fallback = null;
    if (this.watches.get(studyId) !== watch) return;
    try {
      const full = watch.awaitingFull || watch.state.trials.size === 0;
      const last = watch.state.trials.list().at(-1);
      // Running trials may finish: fetch from the first unfinished one on.
      const firstOpen = watch.state.trials.list().find((t) => t.state === 'running' || t.state === 'waiting');
      const after = full ? undefined : (firstOpen?.number ?? (last ? last.number + 1 : 0)) - 1;
      const [study, trials] = await Promise.all([this.deps.api.get(studyId), this.deps.api.trials(studyId, after !== undefined && after >= 0 ? after : undefined)]);
      if (this.watches.get(studyId) !== watch) return;
      this.accept(watch, study, trials, full);
      watch.awaitingFull = false;
    } catch (error) {
      // Unknown study, or the server is unreachable: say so and stop polling (a reconnect watches again).
      watch.state.error = (error as Error).message;
      for (const listener of watch.listeners) listener(watch.state);
      return;
    }
    if (this.watches.get(studyId) === watch && !isFinal(watch.state.study)) this.armFallback(studyId, watch);
  }

  private accept(watch: Watch, study: StudyViewJson, trials: StudyFrame['trials'], full: boolean): void {
    const state = watch.state;
    if (full) state.trials.reset(trials);
    else state.trials.apply(trials);
    state.study = study;
    state.receivedAt = this.deps.now?.() ?? Date.now();
    state.error = null;
    for (const listener of [...watch.listeners]) listener(state);
  }
}

/** Whether a study will not change any more by itself. */
export function isFinal(study: StudyViewJson | null): boolean {
  return study !== null && ['stopped', 'complete', 'failed', 'interrupted'].includes(study.status);
}
