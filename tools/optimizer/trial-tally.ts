/**
 * A study's summary figures kept across reads: counts by state, the best feasible trial, the feasible Pareto front,
 * the last finished trial, the latest activity and the closest infeasible trial. The study views and status are
 * rebuilt after every trial (websocket frames, `wait_for_study`, study cards); recomputing them reads every trial
 * each time, and the front alone was O(n²). Finished trials are immutable and numbers are dense and 0-based
 * (storage.ts), so an update reads only new trials and those unfinished at the last update: O(new + running).
 *
 * `tallyTrials` is the full recomputation; the tally equals it after any sequence of updates
 * (test/tools/optimizer/trial-tally.test.ts).
 */
import { bestTrial, better, dominates, isFeasible, paretoFront } from './objectives.ts';
import { FINISHED_STATES } from './types.ts';
import type { Constraint, Direction, StudyRecord, StudySpec, Trial, TrialState } from './types.ts';

export interface TrialTallySnapshot {
  counts: Record<TrialState, number>;
  total: number;
  /** Best feasible complete trial on the first objective (ties: the earlier trial); null when none. */
  best: Trial | null;
  /** Feasible complete trials no other one dominates (duplicates kept), in number order. */
  front: Trial[];
  /** The trial finished last (completedAt, then number); null when none. */
  lastFinished: Trial | null;
  /** Latest completedAt (else startedAt) of any trial; 0 when none. */
  lastActivity: number;
  /** Among complete trials with constraint violations, the one missing its bounds by the least (relative). */
  closestInfeasible: Trial | null;
}

export interface TallySpec {
  directions: readonly Direction[];
  constraints: readonly Constraint[];
}

export function tallySpec(spec: StudySpec): TallySpec {
  return { directions: spec.objectives.map((o) => o.direction), constraints: spec.constraints ?? [] };
}

export class TrialTally {
  private studyId: string | null = null;
  private seen = 0;
  private readonly open = new Set<number>();
  private finished!: Omit<TrialTallySnapshot, 'total' | 'front'>;
  private archive: Trial[] = [];
  private closestTotal = Infinity;

  constructor(private readonly spec: TallySpec) {
    this.reset(null);
  }

  /** Brings the tally up to date with `trials` (one study's trials in number order) and returns the figures. */
  update(trials: readonly Trial[]): TrialTallySnapshot {
    const studyId = trials[0]?.studyId ?? null;
    if (studyId !== this.studyId || trials.length < this.seen) this.reset(studyId);
    for (const number of [...this.open]) {
      const trial = trials[number];
      if (trial?.number !== number) return this.recount(trials);
      if (!FINISHED_STATES.includes(trial.state)) continue;
      this.open.delete(number);
      this.add(trial);
    }
    for (let number = this.seen; number < trials.length; number++) {
      const trial = trials[number]!;
      if (trial.number !== number) return this.recount(trials);
      if (FINISHED_STATES.includes(trial.state)) this.add(trial);
      else this.open.add(number);
    }
    this.seen = trials.length;
    // Unfinished trials still change (state, startedAt): they are read again on every update.
    const snapshot: TrialTallySnapshot = { ...this.finished, counts: { ...this.finished.counts }, total: trials.length, front: [...this.archive].sort((a, b) => a.number - b.number) };
    for (const number of this.open) this.addActivity(snapshot, trials[number]!);
    return snapshot;
  }

  /** Trials not densely numbered (not a storage this code knows): the full recomputation, and start over next time. */
  private recount(trials: readonly Trial[]): TrialTallySnapshot {
    this.reset(null);
    return tallyTrials(trials, this.spec);
  }

  private add(trial: Trial): void {
    const figures = this.finished;
    this.addActivity(figures, trial);
    if (trial.state !== 'complete') return;
    if (trial.constraintViolations) {
      const total = relativeViolation(trial.constraintViolations, this.spec.constraints);
      const closest = figures.closestInfeasible;
      if (closest === null || total < this.closestTotal || (total === this.closestTotal && trial.number < closest.number)) {
        figures.closestInfeasible = trial;
        this.closestTotal = total;
      }
    }
    if (trial.values === null || !isFeasible(trial)) return;
    const value = trial.values[0]!;
    const best = figures.best;
    if (best === null || better(value, best.values![0]!, this.spec.directions[0]!) || (value === best.values![0] && trial.number < best.number)) figures.best = trial;
    if (this.spec.directions.length > 1 && trial.values.length === this.spec.directions.length) this.addToFront(trial);
  }

  /** Counts and times of one trial (finished ones once; unfinished ones on every update, into that snapshot). */
  private addActivity(figures: Omit<TrialTallySnapshot, 'total' | 'front'>, trial: Trial): void {
    figures.counts[trial.state]++;
    figures.lastActivity = Math.max(figures.lastActivity, trial.completedAt ?? trial.startedAt ?? 0);
    const last = figures.lastFinished;
    if (trial.completedAt !== null && (last === null || trial.completedAt > last.completedAt! || (trial.completedAt === last.completedAt && trial.number > last.number))) {
      figures.lastFinished = trial;
    }
  }

  /** The archive stays the non-dominated set of what was added, whatever the order (dominance is transitive). */
  private addToFront(trial: Trial): void {
    const directions = this.spec.directions;
    if (this.archive.some((member) => dominates(member.values!, trial.values!, directions))) return;
    this.archive = this.archive.filter((member) => !dominates(trial.values!, member.values!, directions));
    this.archive.push(trial);
  }

  private reset(studyId: string | null): void {
    this.studyId = studyId;
    this.seen = 0;
    this.open.clear();
    this.archive = [];
    this.closestTotal = Infinity;
    this.finished = { counts: { waiting: 0, running: 0, complete: 0, pruned: 0, failed: 0 }, best: null, lastFinished: null, lastActivity: 0, closestInfeasible: null };
  }
}

/** One tally per study (the 256 most recently created; an evicted one is rebuilt from all trials on next use). */
export class TallyCache {
  private readonly tallies = new Map<string, { key: string; tally: TrialTally }>();

  of(record: StudyRecord, trials: readonly Trial[]): TrialTallySnapshot {
    const spec = tallySpec(record.spec);
    // A continued study may change its spec: figures that depend on it start over.
    const key = JSON.stringify(spec);
    let entry = this.tallies.get(record.id);
    if (entry?.key !== key) {
      entry = { key, tally: new TrialTally(spec) };
      this.tallies.delete(record.id);
      this.tallies.set(record.id, entry);
      if (this.tallies.size > 256) this.tallies.delete(this.tallies.keys().next().value!);
    }
    return entry.tally.update(trials);
  }
}

/** The same figures read from every trial, as summary.ts and study-view.ts computed them (what the tally equals). */
export function tallyTrials(trials: readonly Trial[], spec: TallySpec): TrialTallySnapshot {
  const counts: Record<TrialState, number> = { waiting: 0, running: 0, complete: 0, pruned: 0, failed: 0 };
  let lastActivity = 0;
  for (const t of trials) {
    counts[t.state]++;
    lastActivity = Math.max(lastActivity, t.completedAt ?? t.startedAt ?? 0);
  }
  const finished = trials.filter((t) => t.completedAt !== null).sort((a, b) => a.completedAt! - b.completedAt! || a.number - b.number);
  const sized = trials.filter((t) => t.values !== null && t.values.length === spec.directions.length);
  let closestInfeasible: Trial | null = null;
  let closestTotal = Infinity;
  for (const t of trials) {
    if (t.state !== 'complete' || !t.constraintViolations) continue;
    const total = relativeViolation(t.constraintViolations, spec.constraints);
    if (closestInfeasible === null || total < closestTotal) [closestInfeasible, closestTotal] = [t, total];
  }
  return {
    counts, total: trials.length, lastActivity, closestInfeasible,
    best: bestTrial(trials, spec.directions),
    front: spec.directions.length > 1 ? paretoFront(sized, spec.directions) : [],
    lastFinished: finished.at(-1) ?? null,
  };
}

/** Sum of the violations, each relative to its bound (summary.ts's closest infeasible trial). */
function relativeViolation(violations: readonly number[], constraints: readonly Constraint[]): number {
  return violations.reduce((sum, v, i) => sum + Math.max(0, v) / Math.max(Math.abs(constraints[i]?.value ?? 1), 1e-9), 0);
}
