import type { Pruner, SamplerStudyView, Trial } from '../types.ts';

export interface MedianPrunerOptions {
  /** Complete trials needed before pruning starts. Default 5 (Optuna). */
  nStartupTrials?: number;
  /** Steps of a trial before it can be pruned. Default 0. */
  nWarmupSteps?: number;
  /** Check every k-th step after warm-up. Default 1. */
  intervalSteps?: number;
  /** Other trials that must have reported this step. Default 1. */
  nMinTrials?: number;
  /** 50 gives the median pruner; other values Optuna's PercentilePruner. */
  percentile?: number;
}

/**
 * Optuna's MedianPruner / PercentilePruner: at a trial's latest step, prune when its best intermediate value so
 * far is worse than the given percentile of the complete trials' intermediate values at that step.
 */
export class MedianPruner implements Pruner {
  readonly name = 'median';
  private readonly options: Required<MedianPrunerOptions>;

  constructor(options: MedianPrunerOptions = {}) {
    this.options = { nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1, percentile: 50, ...options };
  }

  shouldPrune(study: SamplerStudyView, trial: Trial): boolean {
    const steps = Object.keys(trial.intermediate).map(Number);
    if (steps.length === 0) return false;
    const step = Math.max(...steps);
    const { nStartupTrials, nWarmupSteps, intervalSteps, nMinTrials, percentile } = this.options;
    if (step < nWarmupSteps || (step - nWarmupSteps) % intervalSteps !== 0) return false;
    const complete = study.trials(['complete']);
    if (complete.length < nStartupTrials) return false;
    const others = complete.map((t) => t.intermediate[step]).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
    if (others.length < nMinTrials) return false;
    const minimize = study.directions[0] === 'minimize';
    const own = Object.values(trial.intermediate);
    const best = minimize ? Math.min(...own) : Math.max(...own);
    if (Number.isNaN(best)) return true;
    // For maximization the comparison is against the (100 − p)-th percentile, as in Optuna.
    const threshold = quantile(others, minimize ? percentile : 100 - percentile);
    return minimize ? best > threshold : best < threshold;
  }
}

/** Linear-interpolated percentile (numpy's default). */
export function quantile(values: readonly number[], percent: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (percent / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}
