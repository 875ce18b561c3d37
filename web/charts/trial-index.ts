import type { TrialViewJson } from '../../server/studies-protocol.ts';

/**
 * The trials of one study as the charts see them: kept by number, updated from the feed's changed trials.
 * `version` grows on every change so charts can tell whether to redraw; `appendedOnly` says whether the last update
 * only added finished trials after every earlier one (the cheap, incremental path of the history chart).
 */
export class TrialIndex {
  private readonly byNumber = new Map<number, TrialViewJson>();
  private sorted: TrialViewJson[] | null = [];
  version = 0;
  /** The trials added or changed by the last `apply`. */
  lastChanged: TrialViewJson[] = [];

  constructor(trials: readonly TrialViewJson[] = []) {
    if (trials.length) this.apply(trials);
  }

  /** Replaces every trial (a full frame after a (re)subscription). */
  reset(trials: readonly TrialViewJson[]): void {
    this.byNumber.clear();
    this.sorted = null;
    this.apply(trials);
  }

  apply(changed: readonly TrialViewJson[]): void {
    if (changed.length === 0) return;
    for (const trial of changed) this.byNumber.set(trial.number, trial);
    this.sorted = null;
    this.lastChanged = [...changed];
    this.version += 1;
  }

  get size(): number {
    return this.byNumber.size;
  }

  get(number: number): TrialViewJson | undefined {
    return this.byNumber.get(number);
  }

  /** Every trial by number (cached until the next change). */
  list(): readonly TrialViewJson[] {
    this.sorted ??= [...this.byNumber.values()].sort((a, b) => a.number - b.number);
    return this.sorted;
  }
}

export const isFinished = (t: TrialViewJson): boolean => t.state === 'complete' || t.state === 'pruned' || t.state === 'failed';

/** The last intermediate value of a trial (where a pruned trial stopped), or null. */
export function lastIntermediate(t: TrialViewJson): number | null {
  const last = t.intermediate[t.intermediate.length - 1];
  return last && Number.isFinite(last[1]) ? last[1] : null;
}

/** Parameter names over all trials, in first-seen order. */
export function paramNames(trials: readonly TrialViewJson[]): string[] {
  const names = new Set<string>();
  for (const t of trials) for (const k of Object.keys(t.params)) names.add(k);
  return [...names];
}
