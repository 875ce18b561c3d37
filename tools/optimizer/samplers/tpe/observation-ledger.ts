/**
 * TPE's observations kept across asks, for the common case (one objective, no constraints, no constant liar):
 * the observed trials in number order and the same trials ranked best first. An ask then costs O(new trials +
 * trials still running + kernels) instead of re-reading, re-scoring and re-ranking every trial of the study.
 *
 * It relies on the storage invariants (storage.ts): trial numbers are dense and 0-based, and finished trials are
 * immutable, so a trial once ingested never changes. The split it gives equals `splitObservations` over
 * `collectObservations` of the same trials (test/tools/optimizer/samplers/tpe/observation-ledger.test.ts).
 */
import { FINISHED_STATES } from '../../types.ts';
import type { SamplerStudyView, Trial } from '../../types.ts';
import { internalValue, type ObservationCache } from './observations.ts';

interface Ranked {
  /** Rank key as in observations.ts: [step key, signed value]; lower is better. */
  step: number;
  value: number;
  number: number;
}

export class ObservationLedger {
  /** Observed trials (complete with a value, or pruned), by trial number. */
  private readonly observed: Trial[] = [];
  /** The same trials, best first by (step key, value, number): the order `splitObservations` ranks them in. */
  private readonly ranked: Ranked[] = [];
  /** Trials [0, seen) have been looked at; `open` holds those among them that were not finished then. */
  private seen = 0;
  private readonly open = new Set<number>();
  private studyId: string | null = null;
  /** Per parameter, each observed trial's internal value (aligned with `observed`), built on first use. */
  private readonly columns = new Map<string, (number | null)[]>();

  constructor(private readonly cache: ObservationCache) {}

  /**
   * Brings the ledger up to date with `study` and returns the observed trials in number order, or null when the
   * trials break the dense-numbering invariant (the caller then uses the general path).
   */
  sync(study: SamplerStudyView): readonly Trial[] | null {
    const all = study.trials();
    if (study.studyId !== this.studyId || all.length < this.seen) this.reset(study.studyId);
    const sign = study.directions[0] === 'minimize' ? 1 : -1;
    for (const number of [...this.open]) {
      const trial = all[number];
      if (trial?.number !== number) return this.invalid();
      if (!FINISHED_STATES.includes(trial.state)) continue;
      this.open.delete(number);
      this.ingest(trial, sign);
    }
    for (let number = this.seen; number < all.length; number++) {
      const trial = all[number]!;
      if (trial.number !== number) return this.invalid();
      if (FINISHED_STATES.includes(trial.state)) this.ingest(trial, sign);
      else this.open.add(number);
    }
    this.seen = all.length;
    return this.observed;
  }

  /** Internal values of `name` for the trials `sync` returned (null where a trial lacks it). */
  column(name: string): readonly (number | null)[] {
    let column = this.columns.get(name);
    if (!column) this.columns.set(name, (column = this.observed.map((trial) => internalValue(trial, name))));
    return column;
  }

  /** Indices (into the trials `sync` returned) of the `k` best observations, in number order. */
  best(k: number): number[] {
    const numbers = this.ranked.slice(0, k).map((r) => r.number);
    return numbers.map((number) => lowerBound(this.observed, number)).sort((a, b) => a - b);
  }

  private ingest(trial: Trial, sign: number): void {
    // Failed trials are not observations (collectObservations reads complete and pruned ones only).
    if (trial.state !== 'complete' && trial.state !== 'pruned') return;
    const score = this.cache.observed(trial, [sign], false).score;
    if (score === null) return;
    const entry: Ranked = { step: score[0], value: score[1][0]!, number: trial.number };
    // Trials finish out of order under parallelism; both lists stay sorted (appending is the common case).
    const at = lowerBound(this.observed, trial.number);
    this.observed.splice(at, 0, trial);
    for (const [name, column] of this.columns) column.splice(at, 0, internalValue(trial, name));
    let lo = 0;
    let hi = this.ranked.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(this.ranked[mid]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.ranked.splice(lo, 0, entry);
  }

  private invalid(): null {
    this.studyId = null;
    return null;
  }

  private reset(studyId: string | null): void {
    this.studyId = studyId;
    this.columns.clear();
    this.observed.length = 0;
    this.ranked.length = 0;
    this.open.clear();
    this.seen = 0;
  }
}

/** Same order as `compareScores` in observations.ts (complete trials' −∞ step keys equal), then by number. */
function compare(a: Ranked, b: Ranked): number {
  if (a.step !== b.step) return a.step < b.step ? -1 : 1;
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return a.number - b.number;
}

/** First index whose trial number is ≥ `number` (the list is sorted by number). */
function lowerBound(trials: readonly Trial[], number: number): number {
  let lo = 0;
  let hi = trials.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (trials[mid]!.number < number) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
