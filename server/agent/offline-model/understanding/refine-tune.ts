import type { Comparison, MetricRef, StructuredRequest } from '../../nlu/read-request.ts';
import type { KnownMetric, KnownTarget } from '../catalog.ts';
import { keepQuality, wavedAway, type ConstraintSlot, type TuneSlots } from '../intents/tuning.ts';
import { directionOf, findMetricMentions, isFraction } from '../metrics.ts';
import { normalize } from '../normalize.ts';
import { comparativeBounds } from './comparative-bounds.ts';

/*
 * The slots of a tuning request from the node roles and the words that leave no doubt (bounds said with a noun,
 * counts with "in parallel" / "in total", speed kept as a state), over the keyword parse. Used by request-plan.ts.
 */

/**
 * The keyword parse of a tuning request, with what the node roles say put first: objectives and their directions,
 * constraints, budgets, parallelism, sampler, pruner and seed. The quality metric is kept as an objective when
 * the user asked only for speed, as the keyword parser does.
 */
export function refineTune(slots: TuneSlots, request: StructuredRequest, target: KnownTarget | null, options: { objectives?: boolean; text?: string } = {}): TuneSlots {
  const out: TuneSlots = { ...slots };
  // "I don't really care about the median", "not too bothered about accuracy": metrics waved away are no objectives.
  const away = options.text === undefined || options.objectives === false ? [] : findMetricMentions(options.text, target).filter((m) => wavedAway(options.text!, m)).map((m) => m.metric.name);
  if (request.constraints.length > 0) {
    const constraints = request.constraints.flatMap((c) => resolveComparison(c, target));
    if (constraints.length) out.constraints = dedupe(constraints);
  }
  if (options.objectives !== false && request.objectives.length > 0) {
    const named = request.objectives.flatMap((o) => {
      const metric = resolveMetric(o, target);
      return metric ? [{ metric: metric.name, direction: o.direction ?? directionOf(metric) }] : [];
    }).filter((o, i, all) => all.findIndex((x) => x.metric === o.metric) === i && !away.includes(o.metric));
    // A bounded metric is not also an objective, unless it is the only one ("shrink it, under 2 MB": smallest, capped).
    const unbounded = named.filter((o) => !out.constraints.some((c) => c.metric === o.metric));
    const objectives = unbounded.length > 0 ? unbounded : named;
    if (objectives.length) {
      out.objectives = objectives;
      // "now for p99 latency instead", "only latency matters": the named metric replaces the quality one.
      if (!(options.text !== undefined && ONLY_THESE.test(options.text))) keepQuality(out.objectives, out.constraints, target);
    }
  }
  // "a good balance between accuracy and how long a prediction takes": a trade-off names both sides as objectives,
  // so a metric the keyword parse found and the roles missed joins them.
  if (options.text !== undefined && options.objectives !== false && TRADE_OFF.test(options.text)) {
    for (const o of slots.objectives) if (!out.objectives.some((x) => x.metric === o.metric)) out.objectives = [...out.objectives, o];
  }
  if (options.text !== undefined) {
    const bounds: Array<ConstraintSlot & { raw?: number }> = [...boundsInWords(options.text, target), ...comparativeBounds(options.text, target)];
    for (const { raw, ...bound } of bounds) {
      if (out.constraints.some((c) => c.metric === bound.metric)) continue;
      // "tune it for size_kb with a 90% accuracy floor": the number the roles gave another metric is this bound's.
      if (raw !== undefined) out.constraints = out.constraints.filter((c) => c.value !== raw);
      out.constraints = [...out.constraints, bound];
    }
  }
  // "as accurate as possible while staying fast": speed said as a state to keep is a latency objective too.
  if (options.text !== undefined && options.objectives !== false && STAYING_FAST.test(options.text) && !out.objectives.some((o) => /latency|_ms$|time/.test(o.metric))) {
    const latency = resolveMetric({ metric: 'latency', text: 'latency' }, target);
    if (latency && !out.constraints.some((c) => c.metric === latency.name)) out.objectives = [...out.objectives, { metric: latency.name, direction: 'minimize' }];
  }
  // "more throughput without the p99 getting worse": a metric that must not get worse, with no bound, is kept as an objective.
  if (options.text !== undefined && options.objectives !== false && out.objectives.length > 0) {
    for (const match of options.text.matchAll(NOT_WORSE)) {
      const words = match[1] ?? match[2] ?? match[3] ?? '';
      const mention = findMetricMentions(words, target?.metrics.length ? target : null)[0];
      const metric = mention ? resolveMetric({ metric: mention.metric.name, text: words }, target) : null;
      if (metric && !out.objectives.some((o) => o.metric === metric.name) && !out.constraints.some((c) => c.metric === metric.name)) out.objectives = [...out.objectives, { metric: metric.name, direction: directionOf(metric) }];
    }
  }
  // "the whole-dataset prediction pass to run quicker": the speed word is about the batch the text names.
  const batch = options.text === undefined ? undefined : findMetricMentions(options.text, target?.metrics.length ? target : null).find((m) => m.concept === 'batch')?.metric.name;
  if (batch && !out.objectives.some((o) => o.metric === batch)) {
    const speed = out.objectives.findIndex((o) => /^latency_/.test(o.metric));
    if (speed >= 0) out.objectives = out.objectives.map((o, i) => (i === speed ? { metric: batch, direction: 'minimize' } : o));
  }
  // "forget accuracy, optimise purely for p50": a retracted metric is no objective.
  const retracted = options.text === undefined ? null : RETRACTED.exec(options.text);
  const dropped = retracted ? findMetricMentions(retracted[1]!, target?.metrics.length ? target : null)[0]?.metric.name : undefined;
  if (dropped && out.objectives.some((o) => o.metric !== dropped)) out.objectives = out.objectives.filter((o) => o.metric !== dropped);
  out.objectives = out.objectives.filter((o) => !out.constraints.some((c) => c.metric === o.metric) || out.objectives.length === 1);
  dropClaimedNumbers(out, request);
  if (request.trials !== undefined) out.trials = Math.round(request.trials);
  if (request.timeBudgetS !== undefined) out.time_limit_s = Math.round(request.timeBudgetS);
  if (request.parallel !== undefined) out.parallel = Math.round(request.parallel);
  // "multivariate TPE": the variant the words name wins over the family the roles read.
  if (request.sampler !== undefined && !(request.sampler === 'tpe' && out.sampler === 'tpe-multivariate')) out.sampler = request.sampler;
  if (request.pruner === 'median' || request.pruner === 'hyperband' || request.pruner === 'successive-halving') out.pruner = request.pruner;
  // "stop the bad ones early", "cut hopeless trials off early": pruning, said without its name.
  if (out.pruner === undefined && options.text !== undefined && STOP_BAD_EARLY.test(options.text)) out.pruner = 'median';
  if (request.seed !== undefined) out.seed = request.seed;
  if (options.text !== undefined) {
    const words = countsInWords(options.text);
    for (const key of ['parallel', 'trials', 'seed'] as const) {
      const value = words[key];
      if (value === undefined) continue;
      // The same number in another slot was a misreading of these words.
      for (const other of ['parallel', 'trials', 'seed'] as const) if (other !== key && out[other] === value) delete out[other];
      out[key] = value;
    }
  }
  if (request.tolerance?.unit === '%') out.tolerance = { metric: out.tolerance?.metric ?? 'accuracy', relative: request.tolerance.value / 100 };
  // "both tiny and accurate": a size adjective beside a quality is a size objective.
  if (options.text !== undefined && options.objectives !== false && SMALL_AND.test(options.text)) {
    const size = resolveMetric({ metric: 'memory', text: 'model size' }, target);
    if (size && !out.objectives.some((o) => o.metric === size.name) && !out.constraints.some((c) => c.metric === size.name)) out.objectives = [{ metric: size.name, direction: 'minimize' }, ...out.objectives];
  }
  // 'objectives: [{"metric":"latency_p50_ms","direction":"minimize"}, …]' pasted as JSON: as written.
  const pasted = options.text === undefined ? null : pastedObjectives(options.text);
  if (pasted) out.objectives = pasted;
  // Nor is the quality metric kept for a speed request ("not bothered about accuracy, the p99 is what counts").
  if (away.length && out.objectives.some((o) => !away.includes(o.metric))) out.objectives = out.objectives.filter((o) => !away.includes(o.metric));
  return out;
}

const RETRACTED = /\b(?:forget|drop|scrap|ignore|never mind|ditch|no longer care about|don'?t care about|stop caring about)\s+(?:about\s+)?(?:the\s+)?([a-z0-9_]+(?: [a-z0-9_]+)?)/;
const ONLY_THESE = /\binstead\b|\bsolely\b|\bpurely\b|\bnothing else\b|\b(?:only|just) (?:care about |about |for |on |optimi[sz]e |minimi[sz]e |the )*(?:p\d\d|latency|speed|size|throughput)\b/;
const SMALL_AND = /\b(?:tiny|small|smaller|compact|lightweight|lean)\s+(?:and|but|yet|while)\s+(?:still\s+)?(?:accurate|fast|quick|precise)\b|\b(?:accurate|fast|quick)\s+(?:and|but|yet|while)\s+(?:also\s+)?(?:tiny|small|smaller|compact|lightweight|lean)\b/;

/** The objectives of a pasted JSON array after "objectives": [{"metric", "direction"}, …], or null. */
function pastedObjectives(text: string): TuneSlots['objectives'] | null {
  const m = /\bobjectives?"?\s*[:=]\s*(\[[^\]]{1,2000}\])/.exec(text);
  if (!m) return null;
  try {
    const value: unknown = JSON.parse(m[1]!);
    if (!Array.isArray(value) || value.length === 0) return null;
    const ok = value.every((o) => typeof o === 'object' && o !== null && typeof (o as Record<string, unknown>).metric === 'string' && /^(?:minimize|maximize)$/.test(String((o as Record<string, unknown>).direction)));
    return ok ? (value as TuneSlots['objectives']) : null;
  } catch {
    return null;
  }
}
const TRADE_OFF = /\b(?:balance|trade[- ]?off|versus|vs|compromise|sweet spot|pareto|frontier)\b|\btrade\s+(?:[a-z_-]+\s+){1,4}off\b/;
const STOP_BAD_EARLY = /\b(?:stop|kill|cut|drop|prune|abandon|terminate|end|abort|ditch)\b[^.;]{0,30}\b(?:bad|hopeless|poor|weak|unpromising|losing|bad-looking|useless|dud)\b[^.;]{0,30}\b(?:early|sooner|quickly|fast)\b/;

/** "accuracy floor 0.92", "accuracy is the floor at 93%", "p99 cap of 40 ms": a bound said with a noun, value after it. */
const BOUND_NOUN = /\b([a-z][a-z0-9_]*(?: [a-z][a-z0-9_]*)?)\s+(?:is\s+|as\s+)?(?:the\s+|a\s+|its\s+)?(floor|minimum|lower bound|cap|ceiling|maximum|upper bound)\s*(?:at|of|is|=|:|to)?\s*(\d+(?:\.\d+)?)\s*(%|percent|ms|milliseconds|s|secs?|seconds)?(?![a-z0-9])/g;

/** The constraints of BOUND_NOUN in the text, resolved against the target's metrics. */
function boundsInWords(text: string, target: KnownTarget | null): Array<ConstraintSlot & { raw?: number }> {
  const out: Array<ConstraintSlot & { raw?: number }> = [];
  // "a 90% accuracy floor": the number first.
  const said = [...text.matchAll(BOUND_NOUN)].map((m) => [m[1], m[2], m[3], m[4]] as const);
  const first = [...text.matchAll(NUMBER_FIRST_BOUND)].map((m) => [m[3], m[4], m[1], m[2]] as const);
  for (const [words, noun, number, unitWord] of [...said, ...first] as Array<readonly [string, string, string, string | undefined]>) {
    const mention = findMetricMentions(words, target?.metrics.length ? target : null).at(-1);
    if (!mention) continue;
    // "accuracy floor 93" on a ratio metric is a percentage.
    const bare = unitWord === undefined && isFraction(mention.metric.name) && Number(number) > 1 && Number(number) <= 100 ? '%' : undefined;
    const unit = unitWord === undefined ? bare : /^(%|percent)$/.test(unitWord) ? '%' : /^m/.test(unitWord) ? 'ms' : 's';
    const op = /^(floor|minimum|lower bound)$/.test(noun) ? '>=' : '<=';
    out.push({ metric: mention.metric.name, op, value: valueIn(mention.metric.name, unit ? { value: Number(number), unit } : { value: Number(number) }), raw: Number(number) });
  }
  return out;
}
const NUMBER_FIRST_BOUND = /\b(\d+(?:\.\d+)?)\s*(%|percent|ms|milliseconds|s|secs?|seconds)?\s+([a-z][a-z0-9_]*(?: [a-z][a-z0-9_]*)?)\s+(floor|minimum|lower bound|cap|ceiling|maximum|upper bound)\b/g;

/** "without the p99 getting worse", "without hurting accuracy", "not at the expense of latency". */
const NOT_WORSE = /\b(?:without (?:the |my |its )?([a-z0-9 _]{2,30}?) (?:getting|going|becoming) worse|without (?:hurting|sacrificing|degrading|harming|losing) (?:the |my |its )?([a-z0-9_]+(?: [a-z0-9_]+)?)|not at the (?:cost|expense) of (?:the |my |its )?([a-z0-9_]+(?: [a-z0-9_]+)?))/g;
const STAYING_FAST = /\b(?:stay(?:s|ing)?|keep(?:s|ing)?(?: it)?|remain(?:s|ing)?|while being|whilst being|and|but|yet|still) (?:fast|quick|snappy|speedy|responsive|low[- ]latency)\b/;

const PARALLEL_WORDS = String.raw`(?:in parallel|parallel|at once|at a time|at the same time|concurrently|simultaneously|side by side|in paral+el)`;
const TOTAL_WORDS = String.raw`(?:in total|total|overall|altogether|all together|in all)`;

/**
 * Counts whose words leave no doubt, whatever roles the encoder gave: "3 trials in parallel and 45 in total" (parallel 3,
 * trials 45), "5 at a time", "a total of 60", "a fixed seed of 5" / "seed=5" (not parallel 5). Read from the corrected text.
 */
export function countsInWords(text: string): { parallel?: number; trials?: number; seed?: number } {
  const out: { parallel?: number; trials?: number; seed?: number } = {};
  const parallel = new RegExp(String.raw`\b(\d+)\s+(?:(?:trials?|runs?|evaluations?|workers?|jobs?)\s+)?(?:(?:running|run|going|executing|in flight)\s+)?${PARALLEL_WORDS}\b`).exec(text);
  if (parallel) out.parallel = Number(parallel[1]);
  const total = new RegExp(String.raw`\b(\d+)\s+(?:(?:trials?|runs?|evaluations?)\s+)?${TOTAL_WORDS}\b|\b(?:a\s+)?total of\s+(\d+)\b`).exec(text);
  if (total) out.trials = Number(total[1] ?? total[2]);
  // "try seventy-five different settings": that many trials.
  const settings = /\b(\d+)\s+(?:different|distinct|separate)\s+(?:settings|configurations?|configs?|combinations?|variants?|candidates?|points|tries|attempts)\b/.exec(text);
  if (settings && out.trials === undefined) out.trials = Number(settings[1]);
  // "spread over all six", "split across 4 machines": that many at a time.
  const spread = /\b(?:spread|split|distribut\w*|shar\w*|fan(?:ned)? out)\s+(?:(?:it|them|the (?:trials|runs|work|study))\s+)?(?:over|across|between|among|onto|on)\s+(?:all\s+|the\s+)?(\d+)\b/.exec(text);
  if (spread && out.parallel === undefined) out.parallel = Number(spread[1]);
  // "--trials 64 --parallel 8 --seed 1": command-line flags say which count is which.
  for (const [key, flag] of [['parallel', 'parallel|n-jobs|n_jobs|jobs'], ['trials', 'trials|n-trials|n_trials'], ['seed', 'seed']] as const) {
    const m = new RegExp(String.raw`(?:^|\s)--(?:${flag})[ =](\d+)\b`).exec(text);
    if (m) out[key] = Number(m[1]);
  }
  const seed = /\bseed\s*(?:of|=|:|to|is|at)?\s*(\d+)\b|\b(\d+)\s+as (?:the |a )?(?:random )?seed\b/.exec(text);
  if (seed) out.seed = Number(seed[1] ?? seed[2]);
  return out;
}

/**
 * A number the keyword parser read into one slot but the roles gave to another ("8 trials at once": parallel, not
 * trials) is removed from the keyword slot.
 */
function dropClaimedNumbers(slots: TuneSlots, request: StructuredRequest): void {
  const claimed: Array<[keyof TuneSlots, number | undefined]> = [
    ['trials', request.trials], ['parallel', request.parallel], ['seed', request.seed], ['time_limit_s', request.timeBudgetS],
  ];
  for (const [slot] of claimed) {
    const value = slots[slot];
    if (typeof value !== 'number') continue;
    if (claimed.some(([other, v]) => other !== slot && v !== undefined && Math.round(v) === value)) delete slots[slot];
  }
}

function dedupe(constraints: ConstraintSlot[]): ConstraintSlot[] {
  return constraints.filter((c, i) => constraints.findIndex((x) => x.metric === c.metric && x.op === c.op) === i);
}

/** A metric the user named, resolved against the target's metrics (concept → the target's name for it). */
export function resolveMetric(ref: MetricRef, target: KnownTarget | null): KnownMetric | null {
  const literal = target?.metrics.find((m) => m.name.toLowerCase() === ref.metric.toLowerCase());
  if (literal) return literal;
  const catalog = target?.metrics.length ? target : null;
  // "error rate" is its own metric where a target reports one, or when no target is named (rules watch any result).
  if (/^error[ _]?rate$|^errors?$/.test(ref.metric.toLowerCase()) || /\berror rate\b/.test(ref.text.toLowerCase())) {
    const errors = catalog?.metrics.find((m) => /error/.test(m.name));
    if (errors || !catalog) return errors ?? { name: 'error_rate', direction: 'minimize' };
  }
  // "the typical per-row latency" the front end read as p50: the percentile it named, not the latency word's default.
  const percentile = /^p\d\d$/.test(ref.metric) ? findMetricMentions(ref.metric, catalog)[0] : undefined;
  const mention = percentile ?? findMetricMentions(normalize(ref.text), catalog)[0] ?? findMetricMentions(normalize(ref.metric), catalog)[0];
  // A metric name the front end resolved ("requests_per_s" for "throughput") stands when no target says otherwise.
  // So does a metric name typed as it is ("params"), which no concept covers.
  if (!catalog && (/_/.test(ref.metric) || (!mention && ref.named === true && ref.metric === ref.text.trim().toLowerCase() && /^[a-z][a-z0-9]{2,}$/.test(ref.metric)))) return { name: ref.metric, direction: mention?.metric.direction ?? directionOf({ name: ref.metric }) };
  return mention?.metric ?? null;
}

/** A constraint or rule threshold in the metric's own unit: "93 percent" of accuracy is 0.93, "2 s" of a *_ms metric is 2000. */
export function resolveComparison(comparison: Comparison, target: KnownTarget | null): ConstraintSlot[] {
  const metric = resolveMetric(comparison, target);
  if (!metric || comparison.op === '==') return [];
  const op = comparison.opInferred ? (directionOf(metric) === 'maximize' ? '>=' : '<=') : comparison.op;
  return [{ metric: metric.name, op, value: valueIn(metric.name, comparison.amount) }];
}

export function valueIn(metric: string, amount: { value: number; unit?: string }): number {
  let value = amount.value;
  if (amount.unit === '%' && isFraction(metric)) value /= 100;
  if (amount.unit === 's' && /_ms$/.test(metric)) value *= 1000;
  if (amount.unit === 'ms' && /_s$/.test(metric)) value /= 1000;
  // "below 800 microseconds" of a *_ms metric is 0.8.
  if (amount.unit === 'us') value /= /_ms$/.test(metric) ? 1000 : /_s$/.test(metric) ? 1e6 : 1;
  // "under 2 MB" of a size_kb metric is 2048; "500 KB" of a memory_mb metric is 0.49.
  const bytes: Record<string, number> = { kb: 1, mb: 1024, gb: 1024 * 1024 };
  const metricUnit = /_(kb|mb|gb)$/.exec(metric)?.[1];
  if (amount.unit && bytes[amount.unit] && metricUnit) value *= bytes[amount.unit]! / bytes[metricUnit]!;
  return Number(value.toPrecision(12));
}
