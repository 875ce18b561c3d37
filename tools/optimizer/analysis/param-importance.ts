/**
 * Parameter importance of a study, fANOVA-style (see fanova.ts): a 64-tree random forest fitted to the complete
 * trials, over the parameters present in all of them (Optuna's default, the intersection search space), with
 * numeric parameters on their unit scale (log ones in log space) and categoricals as categories.
 * `varianceFraction` is the share of the objective's variance a parameter's main effect explains alone;
 * `importance` is the same normalized to sum to 1 (Optuna's FanovaImportanceEvaluator convention).
 */
import { createRng } from '../../common/rng.ts';
import { ToolError } from '../../common/errors.ts';
import type { Distribution, Trial } from '../types.ts';
import { toUnit } from '../samplers/gp/space-encoding.ts';
import { fanovaMainEffects } from './fanova.ts';
import { growForest, type Feature } from './random-forest.ts';

export interface ParamImportance {
  param: string;
  importance: number;
  varianceFraction: number;
}

export interface ImportanceOptions {
  /** The quantity explained: an objective index, or the name of any metric the trials report. */
  target: { objective: number } | { metric: string };
  seed?: number;
  trees?: number;
}

export interface ImportanceResult {
  target: string;
  trials: number;
  params: ParamImportance[];
  /** Variance left to interactions (1 − Σ varianceFraction). */
  interactionFraction: number;
  method: string;
}

export const MIN_TRIALS_FOR_IMPORTANCE = 4;

export function parameterImportance(trials: readonly Trial[], options: ImportanceOptions): ImportanceResult {
  const value = (t: Trial): number | undefined =>
    'objective' in options.target ? t.values?.[options.target.objective] : t.metrics[options.target.metric];
  const complete = trials.filter((t) => t.state === 'complete' && Number.isFinite(value(t)));
  const label = 'objective' in options.target ? `objective ${options.target.objective}` : options.target.metric;
  if (complete.length < MIN_TRIALS_FOR_IMPORTANCE) {
    throw new ToolError('invalid_argument', `parameter importance needs at least ${MIN_TRIALS_FOR_IMPORTANCE} complete trials with ${label}; the study has ${complete.length}`, {
      details: { completeTrials: complete.length, needed: MIN_TRIALS_FOR_IMPORTANCE },
    });
  }
  const names = Object.keys(complete[0]!.distributions).filter((name) => complete.every((t) => name in t.params && name in t.distributions)).sort();
  const distributions: Distribution[] = names.map((name) => complete[0]!.distributions[name]!);
  const features: Feature[] = names.map((name, i) => ({ name, categories: distributions[i]!.type === 'categorical' ? (distributions[i] as { choices: unknown[] }).choices.length : 0 }));
  const x = complete.map((t) => names.map((name, i) => encodeFeature(distributions[i]!, t.params[name])));
  const y = complete.map((t) => value(t)!);
  const trees = growForest(x, y, features, { trees: options.trees ?? 64, maxDepth: 64, minSamplesSplit: 2, rng: createRng(options.seed ?? 0) });
  const fractions = fanovaMainEffects(trees, features);
  const total = fractions.reduce((s, f) => s + f, 0);
  const params = names
    .map((param, i) => ({ param, importance: total > 0 ? fractions[i]! / total : 0, varianceFraction: fractions[i]! }))
    .sort((a, b) => b.importance - a.importance || a.param.localeCompare(b.param));
  return {
    target: label,
    trials: complete.length,
    params,
    interactionFraction: Math.max(0, 1 - total),
    method: 'fANOVA main effects on a 64-tree random forest (Hutter et al. 2014); parameters present in every complete trial',
  };
}

function encodeFeature(d: Distribution, v: unknown): number {
  if (d.type === 'categorical') return Math.max(0, d.choices.indexOf(v as never));
  return typeof v === 'number' ? toUnit(d, v) : 0;
}
