import type { Gen } from './gen.ts';
import {
  AT_LEAST, AT_MOST, MAXIMIZE, MINIMIZE, PRUNERS, SAMPLERS, metricValue, metricWords, studyDuration, trialsUnit, trialCount, count,
} from './lexicon.ts';
import { drawMetric, metricDirection, metricName, paramName, paramValues } from './pieces.ts';
import type { CorpusTarget } from './targets.ts';

/**
 * The pieces a tuning request is built from besides its core sentence: direction and objective spans, budgets
 * (trials, time), parallelism, sampler, pruner, seed, constraints, tolerances and search-space edits, and
 * `withExtras`, which appends a few of them with natural joiners.
 */
export const dir = (g: Gen, d: 'minimize' | 'maximize') => `[${g.pick(d === 'minimize' ? MINIMIZE : MAXIMIZE)}](direction)`;
export const obj = (g: Gen, metric: string) => `[${metricName(g, metric)}](objective)`;

/** Extras appended to a request: each returns a phrase (already labelled). */
export type Extra = (g: Gen, t: CorpusTarget, objectives: string[]) => string;

export const trials: Extra = (g) =>
  g.weighted<string>([
    [`with [${trialsUnit(g)}](trials)`, 4],
    [`[${trialsUnit(g)}](trials)`, 3],
    [`[${trialsUnit(g)}](trials) max`, 1],
    [`using [${trialsUnit(g)}](trials)`, 1],
    [`for [${trialsUnit(g)}](trials)`, 1],
    [`in [${trialsUnit(g)}](trials)`, 1],
    [`a budget of [${trialsUnit(g)}](trials)`, 1],
    [`budget: [${trialsUnit(g)}](trials)`, 1],
    [`try [${trialsUnit(g)}](trials)`, 1],
    [`no more than [${trialsUnit(g)}](trials)`, 1],
    [`up to [${trialsUnit(g)}](trials)`, 1],
    [`and stop after [${trialsUnit(g)}](trials)`, 1],
  ]);

export const timeBudget: Extra = (g) => {
  const d = studyDuration(g);
  return g.pick([
    `you have [${d}](time_budget)`, `within [${d}](time_budget)`, `in [${d}](time_budget)`, `for [${d}](time_budget)`, `time limit [${d}](time_budget)`,
    `stop after [${d}](time_budget)`, `don't spend more than [${d}](time_budget)`, `max [${d}](time_budget)`, `I only have [${d}](time_budget)`,
    `spend at most [${d}](time_budget) on it`, `with a time budget of [${d}](time_budget)`, `give it [${d}](time_budget)`, `time-box it to [${d}](time_budget)`,
    `I need results in [${d}](time_budget)`, `under [${d}](time_budget)`, `no longer than [${d}](time_budget)`,
    `with a [${g.pick(['2', '5', '10', '15', '30', 'ten', 'five'])} minute](time_budget) budget`, `with a [${g.pick(['1', '2', 'one'])} hour](time_budget) limit`,
  ]);
};

export const parallel: Extra = (g, t) => {
  const n = g.pick([2, 3, 4, 4, 6, 8, 16]);
  const c = count(g, n);
  const workerOk = !t.target.space || !('workers' in t.target.space);
  return g.pick([
    `[${c} at a time](parallel)`, `using [${c} parallel workers](parallel)`, `[${c} in parallel](parallel)`, `with parallelism [${n}](parallel)`,
    `[${c} concurrent trials](parallel)`, `[${c} at once](parallel)`, `with [${c} parallel jobs](parallel)`, `on [${c} cores](parallel)`,
    `running [${c} trials in parallel](parallel)`, `[${n}-way parallel](parallel)`, `n_jobs=[${n}](parallel)`, `parallel=[${n}](parallel)`,
    workerOk ? `with [${c} workers](parallel)` : `[${c} in parallel](parallel)`,
    workerOk ? `using [${c} workers](parallel)` : `[${c} at a time](parallel)`,
  ]);
};

/** A total and a parallelism in one breath: "40 trials, 4 at a time". */
export const trialsAndParallel: Extra = (g) => {
  const n = trialCount(g);
  const k = g.pick([2, 3, 4, 4, 5, 8, 10, 16]);
  const N = `[${trialsUnit(g, n)}](trials)`;
  const K = count(g, k);
  return g.pick([
    `${N}, [${K} at a time](parallel)`, `${N} with [${K}](parallel) running in parallel`, `${N} in batches of [${K}](parallel)`, `[${K} at a time](parallel) up to ${N}`,
    `${N} total, [${K} in parallel](parallel)`, `${N}, [${K} concurrently](parallel)`, `run ${N} [${K} at once](parallel)`, `${N} spread over [${K} slots](parallel)`,
    `[${K}](parallel) parallel trials, ${N} overall`, `${N} ([${K} parallel](parallel))`,
  ]);
};

export const sampler: Extra = (g) => {
  const s = g.pick(g.pick(Object.values(SAMPLERS)));
  return g.pick([`using [${s}](sampler)`, `with [${s}](sampler)`, `use [${s}](sampler)`, `via [${s}](sampler)`, `sampler [${s}](sampler)`, `with the [${s}](sampler) sampler`, `and use [${s}](sampler)`, `I'd like [${s}](sampler)`, `search with [${s}](sampler)`]);
};

export const pruner: Extra = (g) => {
  const p = g.pick(g.pick(Object.values(PRUNERS)));
  return g.pick([`with [${p}](pruner)`, `and [${p}](pruner)`, `using [${p}](pruner)`, `enable [${p}](pruner)`, `turn on [${p}](pruner)`, `plus [${p}](pruner)`]);
};

export const seed: Extra = (g) => {
  const n = g.pick([0, 1, 2, 3, 7, 42, 123, 1234, 2024, 99]);
  return g.pick([
    `seed [${n}](seed)`, `with seed [${n}](seed)`, `seed=[${n}](seed)`, `random seed [${n}](seed)`, `using seed [${n}](seed)`, `fix the seed to [${n}](seed)`, `reproducibly with seed [${n}](seed)`,
    `and set the seed to [${n}](seed)`, `seeded with [${n}](seed)`, `seeded [${n}](seed)`, `with random seed [${n}](seed)`, `use [${n}](seed) as the seed`, `rng seed [${n}](seed)`,
    `with a fixed seed of [${n}](seed)`, `seed it with [${n}](seed)`, `seed: [${n}](seed)`, `--seed [${n}](seed)`, `random_state=[${n}](seed)`, `deterministic, seed [${n}](seed)`,
  ]);
};

/** A constraint on another metric of the target: "keep accuracy above 93 percent". */
export function constraintPhrase(g: Gen, t: CorpusTarget, objectives: string[], short = false): string {
  const metric = drawMetric(g, t, objectives);
  const words = metricWords(metric);
  const floor = metricDirection(t, metric) === 'maximize';
  const op = g.pick(floor ? AT_LEAST : AT_MOST);
  const value = metricValue(g, words.kind, floor ? 'high' : 'low');
  const m = `[${metricName(g, metric)}](constraint_metric)`;
  const o = `[${op}](constraint_op)`;
  const v = `[${value}](constraint_value)`;
  if (short) return g.pick([`${m} ${o} ${v}`, `${m} kept ${o} ${v}`, `${m} ${o} ${v} as a constraint`]);
  const motion = floor ? g.pick(['drop below', 'fall below', 'go under', 'dip below']) : g.pick(['go over', 'exceed', 'rise above', 'go above']);
  return g.pick([
    `keep ${m} ${o} ${v}`, `but keep ${m} ${o} ${v}`, `while ${m} stays ${o} ${v}`, `as long as ${m} is ${o} ${v}`, `${m} must stay ${o} ${v}`,
    `with ${m} ${o} ${v}`, `subject to ${m} ${floor ? '[>=](constraint_op)' : '[<=](constraint_op)'} ${v}`, `making sure ${m} stays ${o} ${v}`,
    `don't let ${m} [${motion}](constraint_op) ${v}`, `without letting ${m} [${motion}](constraint_op) ${v}`, `${m} has to be ${o} ${v}`,
    `and ${m} should remain ${o} ${v}`, `constraint: ${m} ${o} ${v}`, `but ${m} can't [${motion}](constraint_op) ${v}`, `${m} needs to stay ${o} ${v}`,
    `provided ${m} is ${o} ${v}`, `on the condition that ${m} stays ${o} ${v}`, `with the constraint that ${m} is ${o} ${v}`,
    boundPhrase(g, m, v, floor), boundPhrase(g, m, v, floor), boundPhrase(g, m, v, floor), boundPhrase(g, m, v, floor),
  ]);
}

/**
 * Bounds said other ways: "95% accuracy is the floor", "accuracy at or above 0.9", "without p99 going past 50ms",
 * "error must stay below 5 percent" (the value may come before the metric).
 */
function boundPhrase(g: Gen, m: string, v: string, floor: boolean): string {
  const bound = `[${floor ? g.pick(['floor', 'minimum', 'lower bound', 'bare minimum']) : g.pick(['ceiling', 'cap', 'limit', 'upper bound', 'max'])}](constraint_op)`;
  const inclusive = `[${floor ? g.pick(['at or above', 'at or over', 'equal to or above', 'at least equal to', 'greater than or equal to', '≥']) : g.pick(['at or below', 'at or under', 'equal to or below', 'less than or equal to', '≤'])}](constraint_op)`;
  const motion = `[${floor ? g.pick(['going below', 'dropping under', 'falling below', 'slipping under']) : g.pick(['going past', 'going over', 'exceeding', 'creeping above', 'rising past'])}](constraint_op)`;
  const stay = `[${floor ? g.pick(['above', 'over', 'at least']) : g.pick(['below', 'under', 'at most'])}](constraint_op)`;
  const postfix = `[${floor ? g.pick(['or more', 'or higher', 'or better', 'or above']) : g.pick(['or less', 'or lower', 'or below', 'or under'])}](constraint_op)`;
  const asThe = `[${floor ? g.pick(['as the minimum', 'as the floor', 'as a minimum', 'as a floor']) : g.pick(['as the maximum', 'as the ceiling', 'as a maximum', 'as a cap'])}](constraint_op)`;
  // "95% accuracy is the floor" reads well; "500 rps rps is the floor" does not: unit-like metric names come first.
  const before = /^\[(rps|qps|rps|req\/s|tok\/s|img\/s|requests_per_s|tokens_per_s|images_per_s)\]/i.test(m) ? 0 : 1;
  return g.weighted<string>([
    [`${v} ${m} is the ${bound}`, 2 * before], [`${m} of ${v} is the ${bound}`, 1], [`${v} is the ${bound} for ${m}`, 1], [`with a ${m} ${bound} of ${v}`, 1], [`${m} ${bound}: ${v}`, 0.5],
    [`${m} ${v} ${postfix}`, 1.5], [`keep ${m} at ${v} ${postfix}`, 1], [`${v} ${postfix} ${m}`, 0.5 * before], [`${v} ${m} ${asThe}`, before], [`with ${v} ${m} ${asThe}`, 0.5 * before],
    [`${v} [${floor ? 'min' : 'max'}](constraint_op) ${m}`, 0.7 * before], [`${m} of ${v} ${asThe}`, 1 - before],
    [`${m} ${inclusive} ${v}`, 1.5], [`keep ${m} ${inclusive} ${v}`, 1], [`with ${m} ${inclusive} ${v}`, 1], [`${m} has to be ${inclusive} ${v}`, 1],
    [`without ${m} ${motion} ${v}`, 1], [`but no ${m} ${motion} ${v}`, 0.5], [`and avoid ${m} ${motion} ${v}`, 0.5],
    [`${m} must stay ${stay} ${v}`, 1.5], [`${m} must remain ${stay} ${v}`, 0.5], [`${m} needs to be ${stay} ${v}`, 0.5],
  ]);
}

/** "without losing more than 1% accuracy". */
export function tolerancePhrase(g: Gen, t: CorpusTarget, objectives: string[]): string {
  const metric = drawMetric(g, t, objectives);
  const m = `[${metricName(g, metric)}](constraint_metric)`;
  const tol = `[${g.pick(['1%', '0.5%', '2%', '1 percent', 'half a percent', '0.01', 'one percent', '3%'])}](tolerance)`;
  return g.pick([
    `without losing more than ${tol} ${m}`, `without losing more than ${tol} of ${m}`, `while giving up at most ${tol} of ${m}`, `allowing up to ${tol} loss in ${m}`,
    `${m} may drop by ${tol} at most`, `but ${m} shouldn't get worse by more than ${tol}`, `losing at most ${tol} in ${m}`, `with at most ${tol} ${m} regression`,
  ]);
}

export const spaceEdit: Extra = (g, t) => {
  const space = t.target.space;
  if (!space) return '';
  const entries = Object.entries(space);
  const [param, spec] = g.pick(entries);
  const p = `[${paramName(g, param)}](space_param)`;
  const v = paramValues(g, spec);
  if (v.choice !== undefined) {
    const c = `[${v.choice}](space_value)`;
    return g.pick([`fix ${p} at ${c}`, `and fix ${p} at ${c}`, `keep ${p} = ${c}`, `with ${p} set to ${c}`, `only ${p} ${c}`, `${p} fixed to ${c}`, `use ${c} for ${p}`]);
  }
  const a = `[${v.low}](space_value)`;
  const b = `[${v.high}](space_value)`;
  return g.pick([
    `${p} between ${a} and ${b}`, `with ${p} between ${a} and ${b}`, `${p} from ${a} to ${b}`, `search ${p} from ${a} to ${b}`, `with ${p} in [${a}, ${b}]`,
    `limit ${p} to ${a}-${b}`, `${p} in the range ${a} to ${b}`, `restrict ${p} to ${a}..${b}`, `let ${p} range from ${a} to ${b}`, `keep ${p} under ${b}`,
    `${p} up to ${b}`, `${p} at least ${a}`, `set ${p} to ${a}`, `with ${p} capped at ${b}`,
  ]);
};

export const constraintExtra: Extra = (g, t, o) => (t.family === 'builtin' ? '' : constraintPhrase(g, t, o));
export const toleranceExtra: Extra = (g, t, o) => (t.family === 'builtin' ? '' : tolerancePhrase(g, t, o));

const EXTRAS: Array<readonly [Extra, number]> = [
  [trials, 6],
  [trialsAndParallel, 1.5],
  [timeBudget, 2.5],
  [parallel, 2],
  [sampler, 2.5],
  [pruner, 1.2],
  [seed, 1],
  [constraintExtra, 2.5],
  [toleranceExtra, 1.2],
  [spaceEdit, 1.5],
];

/** 0–3 extras, joined as a user would: ", ", " and ", " with ", or a second sentence. */
export function withExtras(g: Gen, t: CorpusTarget, objectives: string[], core: string, max = 3, exclude: Extra[] = []): string {
  const n = g.weighted<number>([[0, 3], [1, 5], [2, 3], [3, 1]].map(([k, w]) => [Math.min(k!, max), w!] as const));
  const pool = EXTRAS.filter(([e]) => !exclude.includes(e));
  const chosen: Extra[] = [];
  const clashes = (a: Extra, b: Extra) => a === b || (a === trialsAndParallel && (b === trials || b === parallel)) || (b === trialsAndParallel && (a === trials || a === parallel));
  for (let tries = 0; chosen.length < n && tries < 50; tries++) {
    const e = g.weighted(pool);
    if (!chosen.some((c) => clashes(c, e))) chosen.push(e);
  }
  // A question keeps its question mark at the end: "can you minimize branin, with 40 trials?"
  const question = core.endsWith('?');
  let out = question ? core.slice(0, -1) : core;
  for (const e of chosen) {
    const phrase = e(g, t, objectives);
    if (!phrase) continue;
    // A bare space only before a word that starts a phrase ("with", "using", "in"): "for accuracy max depth from 2 to 5"
    // reads as one noun phrase, to people and to the graph builder alike.
    const joiner = /^(but|and|plus|with|using) /.test(phrase)
      ? g.pick([', ', ' '])
      : /^(for|in|within|under|on|via|seed|no|up|a|max|budget|time|don't|stop|spend|give|try|you|I|running|enable|turn|use|search|fix|keep|limit|restrict|let|set|only|as|while|making|without|provided|subject|allowing|losing|reproducibly|random|fix|n_jobs|parallel|run)\b/.test(phrase)
        ? g.weighted<string>([[', ', 5], [' ', 3], [' and ', 1], ['. ', 1], ['; ', 0.5], [' - ', 0.5]])
        : g.weighted<string>([[', ', 6], [' and ', 1], ['. ', 1], ['; ', 0.5], [' - ', 0.5]]);
    out += joiner + phrase;
  }
  return question ? `${out}?` : out;
}
