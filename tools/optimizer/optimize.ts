/**
 * `optimize`: the in-process loop over a study (Optuna's `study.optimize`). The objective gets the trial's params
 * and a context (`report(step, value)` for pruning, an abort signal) and returns one number (single objective), one
 * number per objective, or a metrics object. Throwing fails the trial (the study goes on); throwing
 * `TrialPrunedError` or returning after `report` said stop prunes it.
 */
import type { Study } from './study.ts';
import { runStudy, type RunOutcome } from './study-runner.ts';
import type { EvaluationContext, Params, Target } from './types.ts';

export type Objective = (params: Params, context: EvaluationContext) => Promise<number | number[] | Record<string, number>> | number | number[] | Record<string, number>;

export interface OptimizeOptions {
  trials: number;
  /** Objectives evaluated at once (async objectives only). Default 1. */
  parallel?: number;
  timeoutMs?: number;
  retries?: number;
  signal?: AbortSignal;
}

export function optimize(study: Study, objective: Objective, options: OptimizeOptions): Promise<RunOutcome> {
  const metricNames = study.objectives.map((o) => o.metric);
  const target: Target = {
    kind: 'function',
    async evaluate(params, context) {
      const result = await objective(params, context);
      if (typeof result === 'number') return { [metricNames[0]!]: result };
      if (Array.isArray(result)) return Object.fromEntries(metricNames.map((name, i) => [name, result[i]!]));
      return result;
    },
  };
  return runStudy({
    study,
    target,
    trials: options.trials,
    parallel: options.parallel ?? 1,
    timeLimitMs: options.timeoutMs ?? null,
    retries: { max: options.retries ?? 0, backoffMs: 0 },
    clock: study.clock,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
