/**
 * Collecting TPE's observations and splitting them into "below" (good) and "above" (the rest), as Optuna does:
 * complete trials rank by their values, pruned trials after them by the last step reached and its value, and
 * with constant liar running trials count as the worst complete ones. With constraints, feasible trials come
 * first. With several objectives, non-domination ranks decide.
 */
import { toInternal } from '../../distributions.ts';
import { dominates } from '../../objectives.ts';
import { FINISHED_STATES } from '../../types.ts';
import type { Direction, SamplerStudyView, Trial, TrialState } from '../../types.ts';

export interface Observations {
  /** Per parameter, each observation's internal value or null when the trial lacks it (empty with `withValues: false`). */
  values: Record<string, (number | null)[]>;
  /** Lexicographic rank keys: [step key, signed values...]; lower is better. */
  scores: [number, number[]][];
  violations: number[];
  /** The observed trials, aligned with `scores`. */
  trials: Trial[];
}

/** What one trial contributes as an observation: its rank key and summed violation. */
interface Observed {
  trial: Trial;
  score: [number, number[]] | null;
  violation: number;
}

/**
 * Per-trial work kept across asks. Finished trials are immutable and the storages hand out the same object for
 * them on every read, so a study of n trials scores each trial once, not n times. Entries are indexed by trial
 * number and checked by identity, so a trial object the cache has not seen is scored again.
 */
export class ObservationCache {
  private readonly byNumber: (Observed | undefined)[] = [];

  observed(trial: Trial, signs: readonly number[], multi: boolean): Observed {
    const cached = this.byNumber[trial.number];
    if (cached?.trial === trial) return cached;
    const violation = (trial.constraintViolations ?? []).reduce((a, v) => a + Math.max(0, v), 0);
    const entry: Observed = { trial, score: scoreOf(trial, signs, multi), violation };
    // A running trial's score (constant liar) and intermediate values still change; only finished ones are kept.
    if (FINISHED_STATES.includes(trial.state)) this.byNumber[trial.number] = entry;
    return entry;
  }
}

/** The trial's internal value of `name` (log scale, choice index), or null when it lacks the parameter. */
export function internalValue(trial: Trial, name: string): number | null {
  const distribution = trial.distributions[name];
  return distribution && name in trial.params ? toInternal(distribution, trial.params[name]!) : null;
}

export function collectObservations(
  study: SamplerStudyView,
  names: readonly string[],
  options: { requireAll: boolean; constantLiar: boolean; cache?: ObservationCache; withValues?: boolean },
): Observations {
  const states: TrialState[] = options.constantLiar ? ['complete', 'pruned', 'running'] : ['complete', 'pruned'];
  const signs = study.directions.map((d) => (d === 'minimize' ? 1 : -1));
  const multi = study.directions.length > 1;
  const cache = options.cache ?? new ObservationCache();
  const columns = options.withValues === false ? [] : names;
  const out: Observations = { values: Object.fromEntries(columns.map((n) => [n, []])), scores: [], violations: [], trials: [] };
  for (const trial of study.trials(states)) {
    if (options.requireAll && names.some((n) => !(n in trial.params))) continue;
    const { score, violation } = cache.observed(trial, signs, multi);
    if (score === null) continue;
    out.scores.push(score);
    out.trials.push(trial);
    out.violations.push(violation);
    for (const name of columns) out.values[name]!.push(internalValue(trial, name));
  }
  return out;
}

function scoreOf(trial: Trial, signs: readonly number[], multi: boolean): [number, number[]] | null {
  if (trial.state === 'complete') return trial.values ? [-Infinity, trial.values.map((v, i) => signs[i]! * v)] : null;
  if (multi) return null;
  if (trial.state === 'running') return [-Infinity, [Infinity]];
  const steps = Object.keys(trial.intermediate).map(Number);
  if (steps.length === 0) return [Infinity, [0]];
  const step = Math.max(...steps);
  const value = trial.intermediate[step]!;
  return [-step, [Number.isNaN(value) ? Infinity : signs[0]! * value]];
}

/** Lexicographic (step key, first value); -Infinity step keys (complete trials) compare equal to each other. */
function compareScores(a: [number, number[]], b: [number, number[]]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  const x = a[1][0]!;
  const y = b[1][0]!;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Indices of the below and above sets, each in chronological order. */
export function splitObservations(observations: Observations, nBelow: number, useConstraints: boolean): { below: number[]; above: number[] } {
  const n = observations.scores.length;
  let below: number[];
  if (useConstraints) {
    const v = observations.violations;
    const all = Array.from({ length: n }, (_, i) => i);
    const feasible = all.filter((i) => v[i]! <= 0);
    if (feasible.length < nBelow) below = all.sort((a, b) => v[a]! - v[b]! || a - b).slice(0, nBelow);
    else below = bestIndices(observations, feasible, nBelow);
  } else {
    below = bestIndices(observations, null, nBelow);
  }
  const inBelow = new Uint8Array(n);
  for (const i of below) inBelow[i] = 1;
  const above: number[] = [];
  for (let i = 0; i < n; i++) if (!inBelow[i]) above.push(i);
  return { below: below.sort((a, b) => a - b), above };
}

/** The `k` best of `indices` (all observations when null), best first. */
function bestIndices(observations: Observations, indices: number[] | null, k: number): number[] {
  const scores = observations.scores;
  const pool = indices ?? Array.from({ length: scores.length }, (_, i) => i);
  const objectives = scores[pool[0] ?? 0]?.[1].length ?? 1;
  if (objectives > 1) return rankMultiObjective(observations, pool).slice(0, k);
  // One objective: keep a small sorted buffer of the k best (k <= 25), one pass over the observations.
  const best: number[] = [];
  for (const i of pool) {
    if (best.length === k && compareScores(scores[i]!, scores[best[k - 1]!]!) >= 0) continue;
    let at = best.length;
    while (at > 0 && compareScores(scores[i]!, scores[best[at - 1]!]!) < 0) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}

/** Indices ordered best first by non-domination rank (then value sum) for several objectives. */
function rankMultiObjective(observations: Observations, indices: number[]): number[] {
  const scores = observations.scores;
  const objectives = scores[indices[0] ?? 0]?.[1].length ?? 1;
  const directions: Direction[] = new Array<Direction>(objectives).fill('minimize');
  const rank = new Map<number, number>();
  let remaining = [...indices];
  for (let r = 0; remaining.length > 0; r++) {
    const front = remaining.filter((i) => !remaining.some((j) => j !== i && dominates(scores[j]![1], scores[i]![1], directions)));
    for (const i of front) rank.set(i, r);
    remaining = remaining.filter((i) => !rank.has(i));
  }
  const sum = (i: number) => scores[i]![1].reduce((a, b) => a + b, 0);
  return [...indices].sort((a, b) => rank.get(a)! - rank.get(b)! || sum(a) - sum(b) || a - b);
}
