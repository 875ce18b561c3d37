/**
 * What the model-based samplers read from a study: the jointly sampled space (parameters present in every
 * trial, i.e. without a condition) and the finished trials as minimization vectors with their total
 * constraint violation.
 */
import type { Distribution, SamplerStudyView, Trial, TrialState } from '../../types.ts';
import { toMinimization } from '../../analysis/pareto.ts';

/** The unconditional parameters of the study (conditional ones are sampled independently). */
export function unconditionalSpace(study: SamplerStudyView): Record<string, Distribution> {
  const space: Record<string, Distribution> = {};
  for (const p of study.space) if (p.condition === null) space[p.name] = p.distribution;
  return space;
}

export interface Observation {
  trial: Trial;
  /** Objective values, maximized ones negated. */
  values: number[];
  /** Sum of constraint violations (0 = feasible). */
  violation: number;
  /** Per-constraint violations (empty without constraints). */
  violations: number[];
}

const COMPLETE: readonly TrialState[] = ['complete'];

/** Complete trials with finite values, in trial order. */
export function observations(study: SamplerStudyView): Observation[] {
  const result: Observation[] = [];
  for (const trial of study.trials(COMPLETE)) {
    if (!trial.values || trial.values.length !== study.directions.length || !trial.values.every(Number.isFinite)) continue;
    const violations = trial.constraintViolations ?? [];
    result.push({
      trial,
      values: toMinimization(trial.values, study.directions),
      violation: violations.reduce((s, v) => s + Math.max(0, v), 0),
      violations: [...violations],
    });
  }
  return result;
}

/** A stable small hash of a parameter name (selects its random stream). */
export function nameHash(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}
