import type { Gen, Template } from './gen.ts';
import {
  AT_LEAST, AT_MOST, FASTER, MAXIMIZE, MINIMIZE, PRUNERS, SAMPLERS, TUNE_VERBS, metricValue, metricWords, studyDuration, trialsUnit, trialCount, count,
} from './lexicon.ts';
import { drawMetric, drawTarget, isBuiltin, isLatencyLike, metricDirection, metricName, notBuiltin, paramName, paramValues, studyPrior, targetPhrase } from './pieces.ts';
import type { CorpusTarget } from './targets.ts';

/**
 * "Start a study" requests: a target, objectives with or without a direction word, constraints, tolerances,
 * budgets (trials, time), parallelism, sampler, pruner, seed and search-space edits, in many sentence shapes.
 */

const dir = (g: Gen, d: 'minimize' | 'maximize') => `[${g.pick(d === 'minimize' ? MINIMIZE : MAXIMIZE)}](direction)`;
const obj = (g: Gen, metric: string) => `[${metricName(g, metric)}](objective)`;

/** Extras appended to a request: each returns a phrase (already labelled). */
type Extra = (g: Gen, t: CorpusTarget, objectives: string[]) => string;

const trials: Extra = (g) =>
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

const timeBudget: Extra = (g) => {
  const d = studyDuration(g);
  return g.pick([
    `you have [${d}](time_budget)`, `within [${d}](time_budget)`, `in [${d}](time_budget)`, `for [${d}](time_budget)`, `time limit [${d}](time_budget)`,
    `stop after [${d}](time_budget)`, `don't spend more than [${d}](time_budget)`, `max [${d}](time_budget)`, `I only have [${d}](time_budget)`,
    `spend at most [${d}](time_budget) on it`, `with a time budget of [${d}](time_budget)`, `give it [${d}](time_budget)`, `time-box it to [${d}](time_budget)`,
    `I need results in [${d}](time_budget)`, `under [${d}](time_budget)`, `no longer than [${d}](time_budget)`,
    `with a [${g.pick(['2', '5', '10', '15', '30', 'ten', 'five'])} minute](time_budget) budget`, `with a [${g.pick(['1', '2', 'one'])} hour](time_budget) limit`,
  ]);
};

const parallel: Extra = (g, t) => {
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
const trialsAndParallel: Extra = (g) => {
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

const sampler: Extra = (g) => {
  const s = g.pick(g.pick(Object.values(SAMPLERS)));
  return g.pick([`using [${s}](sampler)`, `with [${s}](sampler)`, `use [${s}](sampler)`, `via [${s}](sampler)`, `sampler [${s}](sampler)`, `with the [${s}](sampler) sampler`, `and use [${s}](sampler)`, `I'd like [${s}](sampler)`, `search with [${s}](sampler)`]);
};

const pruner: Extra = (g) => {
  const p = g.pick(g.pick(Object.values(PRUNERS)));
  return g.pick([`with [${p}](pruner)`, `and [${p}](pruner)`, `using [${p}](pruner)`, `enable [${p}](pruner)`, `turn on [${p}](pruner)`, `plus [${p}](pruner)`]);
};

const seed: Extra = (g) => {
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
function tolerancePhrase(g: Gen, t: CorpusTarget, objectives: string[]): string {
  const metric = drawMetric(g, t, objectives);
  const m = `[${metricName(g, metric)}](constraint_metric)`;
  const tol = `[${g.pick(['1%', '0.5%', '2%', '1 percent', 'half a percent', '0.01', 'one percent', '3%'])}](tolerance)`;
  return g.pick([
    `without losing more than ${tol} ${m}`, `without losing more than ${tol} of ${m}`, `while giving up at most ${tol} of ${m}`, `allowing up to ${tol} loss in ${m}`,
    `${m} may drop by ${tol} at most`, `but ${m} shouldn't get worse by more than ${tol}`, `losing at most ${tol} in ${m}`, `with at most ${tol} ${m} regression`,
  ]);
}

const spaceEdit: Extra = (g, t) => {
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

const constraintExtra: Extra = (g, t, o) => (t.family === 'builtin' ? '' : constraintPhrase(g, t, o));
const toleranceExtra: Extra = (g, t, o) => (t.family === 'builtin' ? '' : tolerancePhrase(g, t, o));

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
function withExtras(g: Gen, t: CorpusTarget, objectives: string[], core: string, max = 3, exclude: Extra[] = []): string {
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

/** Request shapes for a model/service target with a named objective. */
function objectiveCore(g: Gen, t: CorpusTarget, metric: string): string {
  const T = targetPhrase(g, t);
  const O = obj(g, metric);
  const d = metricDirection(t, metric);
  const D = dir(g, d);
  const V = g.pick(TUNE_VERBS);
  const adjective = metricWords(metric).adjectives;
  const fast = `[${g.pick(FASTER)}](direction)`;
  const shapes: Array<readonly [string, number]> = [
    [`${V} ${T} for ${O}`, 6],
    [`${V} ${T} for ${g.pick(['better', 'lower', 'higher', 'best', 'optimal'])} ${O}`, 1],
    [`${D} ${O} of ${T}`, 3],
    [`${D} the ${O} of ${T}`, 2],
    [`${D} ${T} ${O}`, 2],
    [`${D} ${O} for ${T}`, 1],
    [`can you ${V} ${T} for ${O}?`, 2],
    [`could you ${D} ${O} on ${T}`, 1],
    [`I want to ${D} ${O} of ${T}`, 2],
    [`I need ${T} ${g.pick(['tuned', 'optimized', 'optimised'])} for ${O}`, 2],
    [`I'd like ${T} tuned for ${O}`, 1],
    [`${T} needs to be tuned for ${O}`, 1],
    [`${O} of ${T} should be [${d === 'minimize' ? g.pick(['minimized', 'minimised', 'lower', 'reduced']) : g.pick(['maximized', 'maximised', 'higher', 'improved'])}](direction)`, 1],
    [`help me ${D} ${O} on ${T}`, 1],
    [`let's ${V} ${T} for ${O}`, 1],
    [`please ${V} ${T}, objective ${O}`, 1],
    [`${V} ${T}. objective: ${O}`, 1],
    [`start a study on ${T} that ${g.pick(['minimizes', 'maximizes', 'optimizes'])} ${O}`.replace(/(minimizes|maximizes)/, '[$1](direction)'), 1],
    [`run an optimization of ${T} for ${O}`, 1],
    [`find the best ${T} config for ${O}`, 1],
    [`find ${T} settings with the ${d === 'minimize' ? '[lowest](direction)' : '[highest](direction)'} ${O}`, 1],
    [`what ${T} settings give the ${d === 'minimize' ? '[lowest](direction)' : '[best](direction)'} ${O}?`, 1],
    [`get the ${O} of ${T} [${d === 'minimize' ? 'down' : 'up'}](direction)`, 1],
    [`I care about ${O}, ${V} ${T}`, 1],
    [`${O} is what matters, ${V} ${T}`, 1],
    [`${T}: ${D} ${O}`, 1],
    [`${V} ${T} to ${D} ${O}`, 2],
    [`for ${T}, ${D} ${O}`, 1],
    [`${T} tuning for ${O} please`, 1],
    [`the goal is ${g.pick(['lower', 'better', 'the best'])} ${O} for ${T}`.replace(/the goal is (lower|better|the best)/, 'the goal is [$1](direction)'), 1],
    [`is there a way to ${D} ${O} on ${T}?`, 1],
    [`how can I ${D} the ${O} of ${T}?`, 1],
    [`target: ${T}, objective: ${O}`, 0.7],
    [`target=${T.replace(/^(my|the|our) /, '')} metric=${O} direction=[${d === 'minimize' ? 'min' : 'max'}](direction)`, 0.4],
    [`I need to ${V} ${T}, mostly for ${O}`, 1],
    [`we need ${g.pick(['better', d === 'minimize' ? 'lower' : 'higher'])} ${O} on ${T}`.replace(/we need (better|lower|higher)/, 'we need [$1](direction)'), 1],
    [`${V} ${T} so that ${O} is [${d === 'minimize' ? g.pick(['minimized', 'as low as possible', 'lower']) : g.pick(['maximized', 'as high as possible', 'higher'])}](direction)`, 1],
  ];
  if (d === 'minimize' && isLatencyLike(metric)) {
    shapes.push(
      [`how do I make ${T} ${fast}?`, 1],
      [`is there a way to make ${T} ${fast}?`, 1],
      [`what settings make ${T} [${g.pick(['fastest', 'quickest'])}](direction)?`, 1],
      [`I want ${T} ${fast}, ${constraintPhrase(g, t, [metric], true)}`, 1],
      [`make ${T} ${fast}, ${g.pick(['I care about', 'but I still need', 'without hurting'])} [${metricName(g, drawMetric(g, t, [metric]))}](objective)`, 1],
      [`make ${T} ${fast}`, 2],
      [`make ${T} ${fast} but don't lose [${metricName(g, drawMetric(g, t, [metric]))}](objective)`, 1],
      [`I want ${T} to be ${fast}`, 1],
      [`can ${T} be made ${fast}?`, 1],
      [`[speed up](direction) ${T}`, 1],
      [`${T} is [too slow](direction), fix it`, 1],
      [`find the [${g.pick(['fastest', 'quickest', 'snappiest'])}](direction) ${T} config`, 1],
      [`${V} ${T} for [${g.pick(['speed', 'lower latency', 'faster responses', 'quick responses', 'fast predictions'])}](objective)`, 1],
      [`make ${T} respond [quicker](direction)`, 1],
      [`[lower](direction) ${O} is what I want from ${T}`, 1],
    );
  }
  if (adjective) {
    const a = g.pick(adjective);
    shapes.push(
      [`find the [most ${a}](objective) ${T} settings`, 2],
      [`make ${T} [more ${a}](objective)`, 1],
      [`I want the [most ${a}](objective) ${T} possible`, 1],
    );
  }
  if (d === 'maximize') {
    shapes.push([`I need [higher](direction) ${O} from ${T}`, 1], [`squeeze more ${O} out of ${T}`, 1], [`get ${T} to a [better](direction) ${O}`, 1]);
  }
  return g.weighted(shapes);
}

/** Two objectives at once: "minimize p99 and maximize accuracy of xgboost", "make it faster while staying accurate". */
function tradeOffCore(g: Gen, t: CorpusTarget, a: string, b: string): string {
  if (a === b) return objectiveCore(g, t, a);
  const T = targetPhrase(g, t);
  const A = obj(g, a);
  const B = obj(g, b);
  const V = g.pick(TUNE_VERBS);
  const da = metricDirection(t, a);
  const db = metricDirection(t, b);
  const adjective = metricWords(b).adjectives;
  const shapes: Array<readonly [string, number]> = [
    [`${V} ${T} for ${A} and ${B}`, 3],
    [`${dir(g, da)} ${A} and ${dir(g, db)} ${B} of ${T}`, 2],
    [`${V} ${T}: ${dir(g, da)} ${A}, ${dir(g, db)} ${B}`, 1],
    [`trade off ${A} against ${B} on ${T}`, 1],
    [`find the pareto front of ${A} vs ${B} for ${T}`, 1],
    [`I care about ${A} but also ${B}, ${V} ${T}`, 1],
    [`${V} ${T} balancing ${A} and ${B}`, 1],
    [`${dir(g, da)} ${A} on ${T} without hurting ${B}`, 1],
    [`${V} ${T} so that ${A} is [${da === 'minimize' ? 'minimized' : 'maximized'}](direction) and ${B} is [${db === 'minimize' ? 'minimized' : 'maximized'}](direction)`, 1],
  ];
  if (adjective && isLatencyLike(a)) {
    shapes.push([`can you make ${T} [${g.pick(['respond quicker', 'faster', 'quicker'])}](direction) while staying [${g.pick(adjective)}](objective)?`, 2]);
  }
  return g.weighted(shapes);
}

/**
 * Priorities and trade-offs stated in words. "latency matters more than accuracy" and "I don't care about speed, just
 * accuracy" name one objective (the other metric is not labelled: it is what the user puts second or drops; with no
 * direction word the planner uses the metric's default); "faster but not less accurate" and "as fast as possible
 * without hurting accuracy" keep both as objectives.
 */
function priorityCore(g: Gen, t: CorpusTarget): string {
  const T = targetPhrase(g, t);
  const V = g.pick(TUNE_VERBS);
  const [a, b] = g.sample(t.target.metrics.map((m) => m.name), 2) as [string, string];
  const A = obj(g, a);
  const bName = isLatencyLike(b) && g.chance(0.4) ? g.pick(['speed', 'latency', 'how fast it is', 'response time', 'being fast']) : metricName(g, b);
  const prefer = g.pick([
    `${A} matters more than ${bName}`, `${A} is more important than ${bName}`, `I care more about ${A} than ${bName}`, `prioritize ${A} over ${bName}`, `prioritise ${A} over ${bName}`,
    `${A} first, ${bName} is secondary`, `${A} is the priority, not ${bName}`, `${A} beats ${bName} for me`, `rather ${A} than ${bName}`, `favour ${A} over ${bName}`,
  ]);
  const only = g.pick([
    `I don't care about ${bName}, just ${A}`, `I don't care about ${bName}, only ${A}`, `forget ${bName}, only ${A} matters`, `${bName} doesn't matter, just ${A}`,
    `never mind ${bName}, I only want ${A}`, `ignore ${bName}, just ${A}`, `only ${A} counts, not ${bName}`, `${bName} is irrelevant, ${A} is all I care about`,
    `dont care about ${bName} at all, only ${A}`, `just ${A}, not ${bName}`,
  ]);
  const shapes: Array<readonly [string, number]> = [
    [`${V} ${T}, ${prefer}`, 3],
    [`${prefer}, ${V} ${T}`, 2],
    [`for ${T} ${prefer}`, 1],
    [`${prefer} on ${T}`, 1],
    [`${V} ${T}: ${prefer}`, 1],
    [`${V} ${T}. ${only}`, 2],
    [`${V} ${T}, ${only}`, 2],
    [`${only}: ${V} ${T}`, 1],
    [`${only} on ${T}`, 1],
    [`${only} for ${T}`, 1],
  ];
  const latency = t.target.metrics.map((m) => m.name).find(isLatencyLike);
  const other = latency ? t.target.metrics.map((m) => m.name).find((m) => m !== latency && metricDirection(t, m) === 'maximize') : undefined;
  if (latency && other) {
    const adjective = metricWords(other).adjectives;
    const B = `[${metricName(g, other)}](objective)`;
    const fast = `[${g.pick(FASTER)}](direction)`;
    const asFast = `[${g.pick(['as fast as possible', 'as quick as possible', 'as fast as it can be', 'fastest possible'])}](direction)`;
    const notWorse = adjective ? `not less [${g.pick(adjective)}](objective)` : `no worse ${B}`;
    shapes.push(
      [`make ${T} ${fast} but ${notWorse}`, 2],
      [`${V} ${T}: ${fast} but ${notWorse}`, 1],
      [`${fast} but ${notWorse}, ${V} ${T}`, 1],
      [`I want ${T} ${fast} and ${notWorse}`, 1],
      [`make ${T} ${asFast} without hurting ${B}`, 2],
      [`${V} ${T} to be ${asFast} without hurting ${B}`, 1],
      [`${asFast} without hurting ${B}, ${V} ${T}`, 1],
      [`${T} ${asFast} but without losing ${B}`, 1],
      [`I want ${T} ${asFast} while keeping ${B}`, 1],
      [`${V} ${T} for speed without sacrificing ${B}`.replace('for speed', `for [${g.pick(['speed', 'lower latency', 'quick responses'])}](objective)`), 1],
    );
  }
  return g.weighted(shapes);
}

/** Builtin problems: "minimize branin", "find the minimum of the ackley function". */
function builtinCore(g: Gen, t: CorpusTarget): string {
  const T = targetPhrase(g, t);
  const V = g.pick(TUNE_VERBS.slice(0, 3));
  const multi = t.target.metrics.length > 1;
  const shapes: Array<readonly [string, number]> = [
    [`${dir(g, 'minimize')} ${T}`, 6],
    [`${dir(g, 'minimize')} the ${T} function`, 2],
    [`find the [minimum](direction) of ${T}`, 2],
    [`${V} ${T}`, 3],
    [`run a study on ${T}`, 1],
    [`can you ${dir(g, 'minimize')} ${T}?`, 1],
    [`I want to ${dir(g, 'minimize')} ${T}`, 1],
    [`search ${T}`, 1],
    [`let's see how low ${T} goes`, 1],
    [`start an optimization of ${T}`, 1],
    [`${T} please, ${dir(g, 'minimize')} it`, 0.5],
  ];
  if (multi) {
    shapes.push(
      [`find the pareto front of ${T}`, 3],
      [`${dir(g, 'minimize')} both [f1](objective) and [f2](objective) of ${T}`, 2],
      [`${dir(g, 'minimize')} ${T} [${t.target.metrics.map((m) => m.name).join(' and ')}](objective)`.replace(/\[f1 and f2\]\(objective\)/, '[f1](objective) and [f2](objective)').replace(/\[f1 and f2 and f3\]\(objective\)/, '[f1](objective), [f2](objective) and [f3](objective)'), 1],
    );
  } else {
    shapes.push([`${dir(g, 'minimize')} the [${metricName(g, 'value')}](objective) of ${T}`, 1]);
  }
  return g.weighted(shapes);
}

/** A sampler-first shape: "run CMA-ES on hartmann6 for 150 evaluations", "use TPE to minimize rosenbrock". */
function samplerFirstCore(g: Gen, t: CorpusTarget): string {
  const s = `[${g.pick(g.pick(Object.values(SAMPLERS)))}](sampler)`;
  const T = targetPhrase(g, t);
  const goal = t.family === 'builtin' ? `${dir(g, 'minimize')} ${T}` : (() => {
    const m = drawMetric(g, t);
    return `${dir(g, metricDirection(t, m))} ${obj(g, m)} of ${T}`;
  })();
  return g.pick([`run ${s} on ${T}`, `use ${s} to ${goal}`, `with ${s}, ${goal}`, `${goal} using ${s}`, `try ${s} on ${T}`, `let ${s} ${goal}`]);
}

/** Fronted conditions and budgets: "with 20 trials, minimize branin", "as long as accuracy stays above 95%, make xgboost faster". */
function frontedCore(g: Gen, t: CorpusTarget): string {
  if (t.family === 'builtin') return `${trials(g, t, ['value']).replace(/^(with|using|for|in) /, 'with ')}, ${builtinCore(g, t)}`;
  const m = drawMetric(g, t);
  const c = constraintPhrase(g, t, [m]).replace(/^(but |and )/, '');
  const core = objectiveCore(g, t, m);
  return g.pick([`${c}, ${core}`, `if possible ${core}, ${c}`, `given [${trialsUnit(g)}](trials), ${core}`, `with [${studyDuration(g)}](time_budget) available, ${core}`]);
}

/** A tuning request without a target ("tune it for latency please"): the planner must ask which one. */
function noTargetCore(g: Gen): string {
  const t = drawTarget(g, notBuiltin);
  const m = drawMetric(g, t);
  return g.pick([
    `tune it for ${obj(g, m)} please`, `${dir(g, metricDirection(t, m))} ${obj(g, m)}`, `optimize for ${obj(g, m)}`, `I want better ${obj(g, m)}`,
    `run a tuning study for ${obj(g, m)}`, `can you tune something for ${obj(g, m)}?`, `start a study`, `let's tune a model`, `tune my model`, `optimise my service for ${obj(g, m)}`,
  ]);
}

/** A target without an objective ("tune xgboost", "what's the best learning rate for xgboost?"): defaults apply. */
function bareCore(g: Gen, t: CorpusTarget): string {
  const T = targetPhrase(g, t);
  const params = Object.keys(t.target.space ?? {});
  const param = params.length > 0 ? paramName(g, g.pick(params)) : 'settings';
  return g.pick([
    `${g.pick(TUNE_VERBS)} ${T}`, `can you ${g.pick(TUNE_VERBS)} ${T}?`, `start a study on ${T}`, `I want to tune ${T}`, `let's optimize ${T}`, `${T} needs tuning`,
    `what is the best ${param} for ${T}?`, `which ${param} works best for ${T}?`, `find the best ${param} for ${T}`, `what ${param} should ${T} use?`, `help me pick the ${param} of ${T}`,
    `find good hyperparameters for ${T}`, `tune the hyperparameters of ${T}`, `kick off a tuning run for ${T}`, `run a hyperparameter search for ${T}`,
  ]);
}

function tuneDraft(g: Gen, withoutTarget: boolean): string {
  const kind = g.weighted<string>([['objective', 10], ['tradeoff', 2.5], ['priority', 2], ['builtin', 4], ['sampler', 1.5], ['fronted', 1.5], ['bare', 1.2], ['noTarget', withoutTarget ? 0.6 : 0]]);
  if (kind === 'noTarget') return noTargetCore(g);
  if (kind === 'priority') {
    const t = drawTarget(g, notBuiltin);
    return withExtras(g, t, t.target.metrics.map((m) => m.name), priorityCore(g, t), 1, [constraintExtra, toleranceExtra]);
  }
  if (kind === 'bare') {
    const t = drawTarget(g, notBuiltin);
    return withExtras(g, t, [], bareCore(g, t), 2);
  }
  if (kind === 'builtin') {
    const t = drawTarget(g, isBuiltin);
    return withExtras(g, t, ['value'], builtinCore(g, t));
  }
  const t = kind === 'sampler' || kind === 'fronted' ? drawTarget(g) : drawTarget(g, notBuiltin);
  if (kind === 'sampler') return withExtras(g, t, [], samplerFirstCore(g, t), 2, [sampler]);
  if (kind === 'fronted') return frontedCore(g, t);
  if (kind === 'tradeoff') {
    const a = drawMetric(g, t);
    const b = drawMetric(g, t, [a]);
    return withExtras(g, t, [a, b], tradeOffCore(g, t, a, b), 2);
  }
  const m = drawMetric(g, t);
  return withExtras(g, t, [m], objectiveCore(g, t, m));
}

export const TUNE_TEMPLATES: Template[] = [
  { intent: 'tune', weight: 4, make: (g) => ({ markup: tuneDraft(g, true) }) },
  // A new study while another one exists: a request that names its target is a new study, not a follow-up.
  { intent: 'tune', weight: 1, make: (g) => ({ markup: tuneDraft(g, false), prior: studyPrior(g) }) },
];
