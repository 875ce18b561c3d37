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
    const observation = observationOf(trial, study.directions);
    if (observation) result.push(observation);
  }
  return result;
}

/**
 * The observations among the trials numbered `numbers` (ascending), in trial order: what `observations` gives for
 * them, read by number (O(numbers)) instead of from every trial of the study.
 */
export function observationsOf(study: SamplerStudyView, numbers: readonly number[]): Observation[] {
  const all = study.trials();
  // Trial numbers are dense and 0-based (storage.ts), so trial k sits at index k; anything else reads them all.
  if (numbers.some((k) => all[k]?.number !== k)) return observations(study).filter((o) => numbers.includes(o.trial.number));
  const result: Observation[] = [];
  for (const k of numbers) {
    const trial = all[k]!;
    const observation = trial.state === 'complete' ? observationOf(trial, study.directions) : null;
    if (observation) result.push(observation);
  }
  return result;
}

function observationOf(trial: Trial, directions: SamplerStudyView['directions']): Observation | null {
  if (!trial.values || trial.values.length !== directions.length || !trial.values.every(Number.isFinite)) return null;
  const violations = trial.constraintViolations ?? [];
  return {
    trial,
    values: toMinimization(trial.values, directions),
    violation: violations.reduce((s, v) => s + Math.max(0, v), 0),
    violations: [...violations],
  };
}

/** A stable small hash of a parameter name (selects its random stream). */
export function nameHash(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}
