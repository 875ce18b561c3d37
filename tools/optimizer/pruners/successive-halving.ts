import type { Pruner, SamplerStudyView, Trial } from '../types.ts';

export interface SuccessiveHalvingOptions {
  /** Steps a trial gets before its first rung. Default 1. */
  minResource?: number;
  /** η: each rung keeps the top 1/η. Default 3. */
  reductionFactor?: number;
  /** s: the first rung is at minResource·η^s. Default 0. */
  minEarlyStoppingRate?: number;
  /** Trials that must reach a rung before anything is pruned there. Default 0. */
  bootstrapCount?: number;
}

/**
 * Asynchronous successive halving (ASHA, Li et al. 2020; Optuna's SuccessiveHalvingPruner). Rung r sits at step
 * minResource·η^(s+r). A trial passing a rung is promoted only if its value there is within the top 1/η of every
 * trial that reached the rung so far; otherwise it is pruned. Rung values are each trial's value at its first
 * reported step at or after the rung step, so no extra state is stored.
 */
export class SuccessiveHalvingPruner implements Pruner {
  readonly name = 'successive-halving';
  private readonly options: Required<SuccessiveHalvingOptions>;

  constructor(options: SuccessiveHalvingOptions = {}) {
    this.options = { minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 0, bootstrapCount: 0, ...options };
  }

  shouldPrune(study: SamplerStudyView, trial: Trial): boolean {
    const steps = Object.keys(trial.intermediate).map(Number).sort((a, b) => a - b);
    if (steps.length === 0) return false;
    const latest = steps[steps.length - 1]!;
    const { minResource, reductionFactor, minEarlyStoppingRate, bootstrapCount } = this.options;
    const minimize = study.directions[0] === 'minimize';
    const all = study.trials();
    for (let rung = 0; ; rung++) {
      const rungStep = minResource * reductionFactor ** (minEarlyStoppingRate + rung);
      if (latest < rungStep) return false;
      const value = rungValue(trial, rungStep);
      if (value === null) return false;
      if (Number.isNaN(value)) return true;
      const competitors = all.filter((t) => t.number !== trial.number).map((t) => rungValue(t, rungStep)).filter((v): v is number => v !== null && !Number.isNaN(v));
      competitors.push(value);
      if (competitors.length <= bootstrapCount) return true;
      competitors.sort((a, b) => a - b);
      let index = Math.floor(competitors.length / reductionFactor) - 1;
      if (index < 0) index = 0;
      const promotable = minimize ? value <= competitors[index]! : value >= competitors[competitors.length - 1 - index]!;
      if (!promotable) return true;
    }
  }
}

function rungValue(trial: Trial, rungStep: number): number | null {
  let bestStep = Infinity;
  for (const key of Object.keys(trial.intermediate)) {
    const step = Number(key);
    if (step >= rungStep && step < bestStep) bestStep = step;
  }
  return bestStep === Infinity ? null : trial.intermediate[bestStep]!;
}
