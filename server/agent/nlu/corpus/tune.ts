import type { Gen, Template } from './gen.ts';
import {
  FASTER, SAMPLERS, TUNE_VERBS, metricWords, studyDuration, trialsUnit,
} from './lexicon.ts';
import { drawMetric, drawTarget, isBuiltin, isLatencyLike, metricDirection, metricName, notBuiltin, paramName, studyPrior, targetPhrase } from './pieces.ts';
import type { CorpusTarget } from './targets.ts';
import { constraintExtra, constraintPhrase, dir, obj, sampler, toleranceExtra, trials, withExtras } from './tune-extras.ts';

/**
 * "Start a study" requests: a target, objectives with or without a direction word, constraints, tolerances,
 * budgets (trials, time), parallelism, sampler, pruner, seed and search-space edits, in many sentence shapes.
 */

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
