/**
 * The rules of the `auto` sampler: which sampler handles the next trial, from the space, the number of
 * objectives, the constraints, the budget and the number of finished trials. Pure and deterministic; the
 * table is documented in docs/samplers.md ("auto").
 */
import type { SamplerStudyView } from '../../types.ts';

export type AutoChoice = 'gp' | 'cmaes' | 'tpe' | 'nsga2' | 'motpe' | 'random';

export interface AutoDecision {
  sampler: AutoChoice;
  /** Why, in one sentence (shown by the agent and in the study plan). */
  reason: string;
}

export interface AutoLimits {
  /** Largest number of unconditional parameters GP-BO is used for. Default 20. */
  gpMaxDimensions: number;
  /** GP-BO handles trials while fewer than this many have finished (its cost grows as n³). Default 300. */
  gpMaxTrials: number;
  /** Budgets at or above this make several-objective studies evolutionary from the start. Default 1000. */
  largeBudget: number;
}

export const defaultAutoLimits: AutoLimits = { gpMaxDimensions: 20, gpMaxTrials: 300, largeBudget: 1000 };

/** Facts about a study that the rules read. */
export interface StudyShape {
  objectives: number;
  constraints: number;
  /** Parameters without a condition. */
  unconditional: number;
  /** Of those, categorical. */
  categorical: number;
  /** Parameters that live in a branch of a choice. */
  conditional: number;
  budget: number | null;
  finished: number;
}

/** `finished` may come from a FinishedCount kept across asks (finished-count.ts); by default every trial is read. */
export function studyShape(study: SamplerStudyView, finished = study.trials(['complete', 'pruned', 'failed']).length): StudyShape {
  const unconditional = study.space.filter((p) => p.condition === null);
  return {
    objectives: study.directions.length,
    constraints: study.constraintCount,
    unconditional: unconditional.length,
    categorical: unconditional.filter((p) => p.distribution.type === 'categorical').length,
    conditional: study.space.length - unconditional.length,
    budget: study.budget,
    finished,
  };
}

/** The rule table. `available` says which optional samplers (tpe, motpe) are registered. */
export function decide(shape: StudyShape, limits: AutoLimits, available: (name: AutoChoice) => boolean): AutoDecision {
  const tree = shape.conditional > 0;
  const categoricalHeavy = shape.categorical * 2 > shape.unconditional;
  const numericCount = shape.unconditional - shape.categorical;
  const gpFits = !tree && !categoricalHeavy && shape.unconditional > 0 && shape.unconditional <= limits.gpMaxDimensions;
  const early = shape.finished < limits.gpMaxTrials;
  if (shape.objectives === 1) {
    if (gpFits && early) return { sampler: 'gp', reason: `GP-BO: ${shape.unconditional} mostly numeric parameters and ${shape.finished} < ${limits.gpMaxTrials} finished trials, where a GP is the most sample-efficient` };
    if ((tree || categoricalHeavy) && shape.constraints === 0 && available('tpe')) return { sampler: 'tpe', reason: 'TPE: the space is conditional or mostly categorical, which TPE models natively' };
    if (numericCount > 0 && !tree && shape.constraints === 0) return { sampler: 'cmaes', reason: `CMA-ES (warm-started from the best trial): ${gpFits ? `past ${limits.gpMaxTrials} trials GP-BO gets slow` : 'too many parameters for GP-BO'}, and CMA-ES converges well late in a study` };
    if (shape.constraints > 0 && numericCount > 0 && !tree) return { sampler: gpFits ? 'gp' : 'nsga2', reason: 'constraints: a sampler that models feasibility (GP-BO with probability of feasibility, or NSGA-II with constrained domination)' };
    return available('tpe') ? { sampler: 'tpe', reason: 'TPE: general fallback for this space' } : { sampler: 'nsga2', reason: 'NSGA-II: general fallback for this space' };
  }
  const large = shape.budget !== null && shape.budget >= limits.largeBudget;
  if (gpFits && early && !large && shape.objectives <= 4) return { sampler: 'gp', reason: `GP-BO with hypervolume scalarizations (ParEGO and qParEGO on alternate trials): ${shape.objectives} objectives over ${shape.unconditional} numeric parameters, budget ${shape.budget ?? 'open'}, ${shape.finished} finished trials` };
  if (!large && shape.constraints === 0 && available('motpe') && (tree || categoricalHeavy)) return { sampler: 'motpe', reason: 'multi-objective TPE: several objectives over a conditional or categorical space' };
  return { sampler: 'nsga2', reason: `NSGA-II: ${shape.objectives} objectives with ${large ? 'a large budget' : shape.finished >= limits.gpMaxTrials ? 'many finished trials' : 'a space GP-BO does not fit'}` };
}
