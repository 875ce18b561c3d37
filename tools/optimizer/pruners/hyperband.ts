import type { Pruner, SamplerStudyView, Trial } from '../types.ts';
import { SuccessiveHalvingPruner } from './successive-halving.ts';

export interface HyperbandOptions {
  /** Steps a trial gets before the first rung of the most aggressive bracket. Default 1. */
  minResource?: number;
  /** The most steps a trial reports. Default: the last step of the first complete trial (Optuna's "auto"). */
  maxResource?: number;
  /** η, shared by every bracket. Default 3. */
  reductionFactor?: number;
  /** Trials that must reach a rung of a bracket before anything is pruned there. Default 0. */
  bootstrapCount?: number;
}

/**
 * Hyperband (Li et al. 2018; Optuna's HyperbandPruner): successive-halving brackets that differ in how early they
 * start pruning. With n = ⌊log_η(max/min)⌋ + 1 brackets, bracket b puts its first rung at minResource·η^b, so
 * bracket 0 prunes from the first step and bracket n−1 barely at all, hedging against objectives whose early
 * values mislead. A trial belongs to one bracket, drawn by a hash of its number with weights ⌈n·η^s/(s+1)⌉
 * (s = n−1−b, Optuna's allocation), and is compared only with the trials of its own bracket.
 */
export class HyperbandPruner implements Pruner {
  readonly name = 'hyperband';
  private readonly options: Required<Omit<HyperbandOptions, 'maxResource'>> & { maxResource: number | null };

  constructor(options: HyperbandOptions = {}) {
    this.options = { minResource: 1, reductionFactor: 3, bootstrapCount: 0, ...options, maxResource: options.maxResource ?? null };
  }

  shouldPrune(study: SamplerStudyView, trial: Trial): boolean {
    const budgets = this.bracketBudgets(study);
    if (!budgets) return false;
    const bracket = bracketOf(study.studyId, trial.number, budgets);
    const own: SamplerStudyView = {
      ...study,
      trials: (states) => study.trials(states).filter((t) => t.number === trial.number || bracketOf(study.studyId, t.number, budgets) === bracket),
    };
    const { minResource, reductionFactor, bootstrapCount } = this.options;
    return new SuccessiveHalvingPruner({ minResource, reductionFactor, minEarlyStoppingRate: bracket, bootstrapCount }).shouldPrune(own, trial);
  }

  /** Each bracket's share of trials (index = bracket), or null while the maximum resource is still unknown. */
  bracketBudgets(study: SamplerStudyView): number[] | null {
    const { minResource, reductionFactor: eta } = this.options;
    const max = this.options.maxResource ?? firstCompleteSteps(study);
    if (max === null || max < minResource) return null;
    const n = Math.floor(Math.log(max / minResource) / Math.log(eta) + 1e-9) + 1;
    return Array.from({ length: n }, (_, b) => {
      const s = n - 1 - b;
      return Math.ceil((n * eta ** s) / (s + 1));
    });
  }
}

/** The bracket of a trial: a stable hash of study and number, split by the bracket budgets. */
export function bracketOf(studyId: string, number: number, budgets: readonly number[]): number {
  const total = budgets.reduce((s, v) => s + v, 0);
  let h = 2166136261;
  for (const c of `${studyId}_${number}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  let left = (h >>> 0) % total;
  for (let b = 0; b < budgets.length; b++) {
    left -= budgets[b]!;
    if (left < 0) return b;
  }
  return budgets.length - 1;
}

function firstCompleteSteps(study: SamplerStudyView): number | null {
  for (const t of study.trials(['complete'])) {
    const steps = Object.keys(t.intermediate).map(Number);
    if (steps.length > 0) return Math.max(...steps);
  }
  return null;
}
