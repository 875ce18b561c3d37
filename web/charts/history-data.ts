import type { StudyViewJson, TrialViewJson } from '../../server/studies-protocol.ts';
import { isFinished, lastIntermediate } from './trial-index.ts';

/**
 * The columns of the optimization-history chart for one objective, aligned on x = trial number (uPlot's data
 * layout): complete values, pruned trials at their last intermediate value, failed trials (marked, no value) and the
 * best-so-far step line over feasible complete trials. Kept as growing arrays: trials that finish after every trial
 * already there are appended in O(1) each; anything else (a late finisher in a parallel study) rebuilds in O(n).
 */
export class HistoryData {
  x: number[] = [];
  complete: (number | null)[] = [];
  pruned: (number | null)[] = [];
  failed: (number | null)[] = [];
  best: (number | null)[] = [];
  private bestValue: number | null = null;
  private readonly seen = new Set<number>();

  constructor(
    readonly objective: number,
    readonly direction: 'minimize' | 'maximize',
  ) {}

  /** Adds changed trials; returns false when nothing visible changed. */
  update(changed: readonly TrialViewJson[], all: () => readonly TrialViewJson[]): boolean {
    const finished = changed.filter((t) => isFinished(t) && !this.seen.has(t.number)).sort((a, b) => a.number - b.number);
    if (finished.length === 0) return false;
    const last = this.x.length ? this.x[this.x.length - 1]! : -1;
    if (finished[0]!.number > last) {
      for (const t of finished) this.append(t);
    } else {
      this.rebuild(all());
    }
    return true;
  }

  rebuild(trials: readonly TrialViewJson[]): void {
    this.x = [];
    this.complete = [];
    this.pruned = [];
    this.failed = [];
    this.best = [];
    this.bestValue = null;
    this.seen.clear();
    for (const t of trials) if (isFinished(t)) this.append(t);
  }

  private append(t: TrialViewJson): void {
    this.seen.add(t.number);
    const value = t.state === 'complete' && t.values ? t.values[this.objective] ?? null : null;
    const ok = value !== null && Number.isFinite(value);
    this.x.push(t.number);
    this.complete.push(ok ? value : null);
    this.pruned.push(t.state === 'pruned' ? lastIntermediate(t) : null);
    this.failed.push(t.state === 'failed' ? 1 : null);
    if (ok && t.feasible !== false) {
      const better = this.bestValue === null || (this.direction === 'minimize' ? value < this.bestValue : value > this.bestValue);
      if (better) this.bestValue = value;
    }
    this.best.push(this.bestValue);
  }

  /** Every plotted value (complete, pruned), for the y range and the log-scale decision. */
  *values(): Iterable<number> {
    for (const v of this.complete) if (v !== null) yield v;
    for (const v of this.pruned) if (v !== null) yield v;
  }
}

/** A history per objective of the study. */
export function historiesFor(study: StudyViewJson): HistoryData[] {
  return study.objectives.map((o, i) => new HistoryData(i, o.direction));
}
