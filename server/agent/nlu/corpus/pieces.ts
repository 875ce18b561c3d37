import type { Gen } from './gen.ts';
import { CORPUS_TARGETS, type CorpusTarget } from './targets.ts';
import { metricWords, METRIC_WORDS } from './lexicon.ts';
import type { PriorEntities } from '../types.ts';

/**
 * Shared drawing of the things most sentences mention: a target and how it is named, one of its metrics and how
 * it is named, a search-space parameter and a value inside its range.
 */

const TARGET_WEIGHTS: Array<readonly [CorpusTarget, number]> = CORPUS_TARGETS.map((t) => [
  t,
  t.target.name === 'xgboost' ? 4 : t.target.name === 'example-service' ? 2 : t.family === 'builtin' ? 0.45 : 1,
]);

export function drawTarget(g: Gen, filter?: (t: CorpusTarget) => boolean): CorpusTarget {
  const pool = filter ? TARGET_WEIGHTS.filter(([t]) => filter(t)) : TARGET_WEIGHTS;
  return g.weighted(pool);
}

export const isBuiltin = (t: CorpusTarget) => t.family === 'builtin';
export const notBuiltin = (t: CorpusTarget) => t.family !== 'builtin';

/** The target's name as one `target` span, with the words around it: "my [XGBoost](target) model", "[branin](target)". */
export function targetPhrase(g: Gen, t: CorpusTarget, options: { bare?: boolean } = {}): string {
  const name = `[${g.pick(t.names)}](target)`;
  if (options.bare) return name;
  const noun = g.pick(t.nouns);
  if (t.family === 'builtin') {
    return g.weighted<string>([
      [name, 5],
      [`the ${name} ${noun}`, 2],
      [`the ${name}`, 1],
    ]);
  }
  return g.weighted<string>([
    [name, 4],
    [`my ${name}`, 3],
    [`my ${name} ${noun}`, 2],
    [`the ${name} ${noun}`, 2],
    [`our ${name} ${noun}`, 1],
    [`the ${name}`, 1],
  ]);
}

/** A metric of the target (not the builtin "value"). */
export function drawMetric(g: Gen, t: CorpusTarget, exclude: string[] = []): string {
  const names = t.target.metrics.map((m) => m.name).filter((n) => !exclude.includes(n));
  return g.pick(names.length > 0 ? names : t.target.metrics.map((m) => m.name));
}

export function metricDirection(t: CorpusTarget, metric: string): 'minimize' | 'maximize' {
  return t.target.metrics.find((m) => m.name === metric)?.direction ?? 'minimize';
}

/** A surface form of the metric (unlabelled: callers wrap it in the role they mean). */
export function metricName(g: Gen, metric: string): string {
  return g.pick(metricWords(metric).names);
}

export function isLatencyLike(metric: string): boolean {
  const kind = METRIC_WORDS[metric]?.kind;
  return kind === 'ms' || kind === 'seconds';
}

/** Written forms of a space parameter: "max_depth", "max depth", and common synonyms. */
const PARAM_SYNONYMS: Record<string, string[]> = {
  learning_rate: ['learning rate', 'learning_rate', 'eta', 'lr'],
  n_estimators: ['n_estimators', 'number of trees', 'num trees', 'tree count', 'n estimators', 'estimators'],
  max_depth: ['max depth', 'max_depth', 'tree depth', 'depth', 'maximum depth'],
  subsample: ['subsample', 'row subsampling', 'subsample ratio'],
  colsample_bytree: ['colsample_bytree', 'column sampling', 'colsample'],
  min_child_weight: ['min_child_weight', 'min child weight'],
  reg_lambda: ['reg_lambda', 'lambda', 'L2 regularisation', 'l2 regularization'],
  tree_method: ['tree_method', 'tree method'],
  lr: ['lr', 'learning rate', 'LR'],
  batch_size: ['batch size', 'batch_size', 'batch'],
  cache_size: ['cache_size', 'cache size', 'cache'],
  workers: ['workers', 'worker count', 'number of workers'],
};

export function paramName(g: Gen, param: string): string {
  return g.pick(PARAM_SYNONYMS[param] ?? [param, param.replace(/_/g, ' ')]);
}

/** A value (or pair of values) inside the parameter's range, as written. */
export function paramValues(g: Gen, spec: Record<string, unknown>): { low: string; high: string; choice?: string } {
  if (spec.type === 'categorical') {
    const choices = (spec.choices as string[]) ?? ['a'];
    const choice = g.pick(choices);
    return { low: choice, high: choice, choice };
  }
  const low = Number(spec.low);
  const high = Number(spec.high);
  if (spec.type === 'int') {
    const a = g.int(low, high);
    const b = g.int(a, high);
    return { low: String(a), high: String(b === a ? Math.min(high, a + 1) : b) };
  }
  const fmt = (x: number) => (spec.log ? x.toPrecision(1) : Number(x.toFixed(2)).toString());
  const a = spec.log ? Math.exp(Math.log(low) + g.rng.next() * (Math.log(high) - Math.log(low)) * 0.5) : low + g.rng.next() * (high - low) * 0.5;
  const b = spec.log ? Math.exp(Math.log(a) + g.rng.next() * (Math.log(high) - Math.log(a))) : a + g.rng.next() * (high - a);
  const lowText = fmt(a);
  let highText = fmt(b);
  if (highText === lowText) highText = fmt(high);
  return { low: lowText, high: highText };
}

/** What a finished study leaves for a follow-up: its target and objective metric names. */
export function studyPrior(g: Gen, t: CorpusTarget = drawTarget(g)): PriorEntities {
  const metrics = t.family === 'builtin' ? t.target.metrics.map((m) => m.name) : [drawMetric(g, t)];
  if (t.family !== 'builtin' && g.chance(0.25)) metrics.push(drawMetric(g, t, metrics));
  return { study: { target: t.target.name, metrics: [...new Set(metrics)] } };
}

/** The words a follow-up uses for the study it continues ("it", "the study"), labelled `reference`. */
export const STUDY_REFS = ['it', 'it', 'it', 'that', 'the study', 'this study', 'the run', 'the search', 'the optimization', 'the optimisation', 'the sweep', 'the job', 'that study', 'the experiment', 'the tuning run', 'the current study', 'this one', 'the last study'];
