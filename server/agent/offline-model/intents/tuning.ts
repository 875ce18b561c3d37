import type { KnownMetric, KnownTarget } from '../catalog.ts';
import { findTargetInText } from '../catalog.ts';
import { directionOf, findMetricMentions, isFraction, QUALITY, type MetricMention } from '../metrics.ts';
import { countAfter, countBefore, findDuration, NUMBER, parseNumber } from '../normalize.ts';
import { parseSpaceEdits } from './space-edits.ts';

export interface ObjectiveSlot {
  metric: string;
  direction: 'minimize' | 'maximize';
}

export interface ConstraintSlot {
  metric: string;
  op: '<' | '<=' | '>' | '>=';
  value: number;
}

/** What a tuning request says; unset fields are left to the tool's defaults. */
export interface TuneSlots {
  target: KnownTarget | null;
  objectives: ObjectiveSlot[];
  constraints: ConstraintSlot[];
  trials?: number;
  time_limit_s?: number;
  parallel?: number;
  sampler?: string;
  /** "with hyperband pruning", "stop bad trials early": a start_study pruner name. */
  pruner?: 'median' | 'successive-halving' | 'hyperband';
  seed?: number;
  /** "without losing more than 1% accuracy": the recommendation stays within this relative loss. */
  tolerance?: { metric: string; relative: number };
  /** The target's space with the parameters the user named changed ("max_depth between 2 and 6"). */
  space?: Record<string, Record<string, unknown>>;
}

const TRIAL_NOUNS = 'trials?|evaluations?|evals?|iterations?|runs?|configs?|configurations?|samples?|points?|tries|attempts|experiments?|rounds?';

/** Pruning requests → start_study pruner names (checked in order: a named pruner before the generic wish). */
const PRUNERS: Array<[RegExp, NonNullable<TuneSlots['pruner']>]> = [
  [/\bhyper-?band\b/, 'hyperband'],
  [/\bsuccessive[- ]halving\b|\basha\b/, 'successive-halving'],
  [/\bmedian (?:pruner|pruning|rule|stopping)\b/, 'median'],
  [/\b(?:prun(?:e|ing)|early[- ]stop(?:ping)?|(?:stop|kill|cut|end|drop|abandon|halt|abort|terminate) (?:the )?(?:(?:bad|unpromising|hopeless|poor|losing|weak|underperforming) (?:trials|runs|ones|configs)|losers)(?: early| short)?)\b/, 'median'],
  // "stop the runs that clearly aren't going anywhere", "kill trials that won't improve".
  [/\b(?:stop|kill|cut|end|drop|abandon|halt|abort|terminate|give up on) (?:the |any )?(?:trials|runs|ones|configs|configurations) (?:that|which) (?:clearly |obviously |probably )?(?:aren'?t|are not|won'?t|will not|don'?t|do not|can'?t|cannot) (?:going anywhere|go anywhere|going to improve|improv\w*|promising|work\w*|pan out|lead anywhere|beat the best|catch up)\b/, 'median'],
];

/** Sampler synonyms → sampler registry names (tools/optimizer/samplers/registry.ts). */
const SAMPLERS: Array<[RegExp, string]> = [
  [/\bcma-?es(?:sampler)?\b|\bcovariance matrix\b|\bevolution(?:ary)? strateg(?:y|ies)\b/, 'cmaes'],
  [/\bmotpe(?:sampler)?\b/, 'motpe'],
  [/\bnsga(?:2|ii|iii)?(?:sampler)?\b|\bgenetic\b|\bevolutionary\b/, 'nsga2'],
  [/\bmulti-?variate(?: tpe)?\b|\btpe[- ]multi-?variate\b/, 'tpe-multivariate'],
  [/\btpe(?:sampler)?\b|\btree[- ]structured parzen\b|\bhyperopt\b/, 'tpe'],
  [/\bgp(?:sampler)?\b|\bgaussian process(es)?\b|\bbayesian optimi[sz]ation\b|\bbayesian\b/, 'gp'],
  [/\bqmc(?:sampler)?\b|\bsobol\b|\bquasi[- ]?(monte carlo|random)\b|\bhalton\b/, 'qmc'],
  [/\bgrid( search|sampler)?\b/, 'grid'],
  [/\brandom(ly| search| sampl\w+|sampler)?\b(?! forest)/, 'random'],
  [/\bauto(matic)?( sampler)?\b|\bpick the (best )?sampler\b|\blet (?:it|the tool|the optimi[sz](?:er|e)|tunechat|the system) (?:choose|pick|decide)\b|\b(?:default|whatever) sampler\b/, 'auto'],
];

const COMPARATORS: Array<[RegExp, ConstraintSlot['op']]> = [
  [/^(>=|≥|at least|no less than|not (?:go )?below|not (?:drop )?under|minimum of|min)/, '>='],
  [/^(<=|≤|at most|no more than|not (?:go )?above|not exceed|within|maximum of|max)/, '<='],
  [/^(>|above|over|greater than|more than|higher than|exceeds?|exceeding)/, '>'],
  [/^(<|below|under|less than|lower than|beneath)/, '<'],
];

/** Reads the slots of a tuning request. `previous` fills the target when the text names none ("now optimize for accuracy"). */
export function parseTuning(text: string, targets: KnownTarget[], previous: KnownTarget | null = null): TuneSlots {
  const target = findTargetInText(text, targets) ?? guessOwnTarget(text, targets) ?? previous;
  // "I don't really care about the median": a metric waved away is no objective.
  let mentions = findMetricMentions(text, target).filter((m) => !wavedAway(text, m));
  if (mentions.some((m) => m.concept !== 'latency' && /p\d\d|batch|ttft/.test(m.concept))) mentions = mentions.filter((m) => m.concept !== 'latency');
  const constraints: ConstraintSlot[] = [];
  const constrained = new Set<MetricMention>();
  for (const mention of mentions) {
    const constraint = readConstraint(text, mention);
    if (constraint) {
      constraints.push(constraint);
      constrained.add(mention);
    }
  }
  const tolerance = readTolerance(text, mentions);
  const objectives: ObjectiveSlot[] = [];
  for (const mention of mentions) {
    if (constrained.has(mention) || objectives.some((o) => o.metric === mention.metric.name)) continue;
    objectives.push({ metric: mention.metric.name, direction: explicitDirection(text, mention.index) ?? directionOf(mention.metric) });
  }
  if (objectives.length === 0 && target?.kind === 'builtin' && target.metrics.length > 1) {
    // A multi-objective test problem (zdt1, dtlz2, …): all its metrics are its objectives.
    for (const metric of target.metrics) objectives.push({ metric: metric.name, direction: directionOf(metric) });
  }
  if (objectives.length === 0 && target) {
    const metric = primaryMetric(target, text);
    if (metric) objectives.push({ metric: metric.name, direction: explicitDirection(text, text.length) ?? directionOf(metric) });
  }
  keepQuality(objectives, constraints, target);
  const slots: TuneSlots = { target, objectives, constraints };
  const trials = countBefore(text, TRIAL_NOUNS) ?? countAfter(text, 'budget|budget of|trials|n_trials') ?? readMax(text);
  if (trials !== null && trials > 0) slots.trials = Math.round(trials);
  const duration = findDuration(text);
  if (duration && !isConstraintValue(text, duration.index)) slots.time_limit_s = Math.round(duration.seconds);
  const parallel = readParallel(text);
  if (parallel !== null) slots.parallel = parallel;
  const sampler = samplerIn(text);
  if (sampler) slots.sampler = sampler;
  const pruner = PRUNERS.find(([re]) => re.test(text));
  if (pruner) slots.pruner = pruner[1];
  const seed = countAfter(text, 'seed');
  if (seed !== null) slots.seed = seed;
  if (tolerance) slots.tolerance = tolerance;
  const space = parseSpaceEdits(text, target);
  if (space) slots.space = space;
  return slots;
}

/** "my model" with exactly one user target (not a builtin problem) means that one. */
function guessOwnTarget(text: string, targets: KnownTarget[]): KnownTarget | null {
  if (!/\bmy (model|service|server|target|classifier|pipeline)\b/.test(text)) return null;
  const own = targets.filter((t) => t.kind !== 'builtin');
  return own.length === 1 ? own[0]! : null;
}

/** Speed-only requests on a target that also reports quality keep quality as a second objective (latency down, accuracy kept). */
export function keepQuality(objectives: ObjectiveSlot[], constraints: ConstraintSlot[], target: KnownTarget | null): void {
  if (!target || objectives.length === 0) return;
  const quality = target.metrics.find((m) => QUALITY.test(m.name));
  if (!quality) return;
  const hasQuality = objectives.some((o) => QUALITY.test(o.metric)) || constraints.some((c) => QUALITY.test(c.metric));
  if (!hasQuality) objectives.push({ metric: quality.name, direction: directionOf(quality) });
}

function primaryMetric(target: KnownTarget, text: string): KnownMetric | null {
  const quality = target.metrics.find((m) => QUALITY.test(m.name));
  if (quality && /\b(best|most|accura|good|better)\b/.test(text)) return quality;
  return quality ?? target.metrics[0] ?? { name: 'value', direction: 'minimize' };
}

/** The nearest "minimize"/"maximize" word before the mention, in the same clause. */
function explicitDirection(text: string, index: number): 'minimize' | 'maximize' | null {
  const before = text.slice(0, index).split(/[,;.]| but | while | and keep /).at(-1) ?? '';
  const words = [...before.matchAll(/\b(minimiz\w*|minimum|reduc\w*|lower\w*|decreas\w*|cut\w*|shrink\w*|maximiz\w*|maximum|increas\w*|rais\w*|boost\w*|highest|max|min)\b/g)];
  const last = words.at(-1)?.[1];
  if (!last) return null;
  return /^(maximiz|maximum|increas|rais|boost|highest|max$)/.test(last) ? 'maximize' : 'minimize';
}

function readConstraint(text: string, mention: MetricMention): ConstraintSlot | null {
  const after = text.slice(mention.end).replace(/^\s*(stays?|remains?|is|of|should be|must be|must stay|goes|going|needs to be|to be|>=|<=|at)?\s*/, (m) => (/[<>]=/.test(m) ? m.trim() : ''));
  for (const [re, op] of COMPARATORS) {
    const match = re.exec(after);
    if (!match) continue;
    const value = new RegExp(`^\\s*${NUMBER}\\s*(%|ms|s|seconds?)?`).exec(after.slice(match[0].length));
    if (!value) return null;
    let number = parseNumber(value[1] ?? '');
    if (value[2] === '%' && isFraction(mention.metric.name)) number /= 100;
    if (/^s/.test(value[2] ?? '') && /_ms$/.test(mention.metric.name)) number *= 1000;
    return { metric: mention.metric.name, op, value: number };
  }
  // "keep accuracy above 0.95" is handled above; "above 0.95 accuracy" reads the comparator before the metric.
  const before = /(at least|above|over|below|under|at most)\s+(\d[\d.]*)\s*(%)?\s*$/.exec(text.slice(0, mention.index));
  if (before) {
    const op = COMPARATORS.find(([re]) => re.test(before[1] ?? ''))?.[1] ?? '>=';
    let number = Number(before[2]);
    if (before[3] === '%' && isFraction(mention.metric.name)) number /= 100;
    return { metric: mention.metric.name, op, value: number };
  }
  return null;
}

/** "without losing more than 1% accuracy" / "at most 0.5% accuracy loss". */
function readTolerance(text: string, mentions: MetricMention[]): TuneSlots['tolerance'] | undefined {
  const match = new RegExp(`(?:losing|lose|loss of|drop(?:ping)?|sacrific\\w*|giving up)\\s+(?:more than|over|at most)?\\s*${NUMBER}\\s*%`).exec(text)
    ?? new RegExp(`${NUMBER}\\s*%\\s+(?:\\w+\\s+)?(?:loss|drop)`).exec(text);
  if (!match) return undefined;
  const quality = mentions.find((m) => QUALITY.test(m.metric.name))?.metric.name ?? 'accuracy';
  return { metric: quality, relative: parseNumber(match[1] ?? '0') / 100 };
}

function readMax(text: string): number | null {
  const match = new RegExp(`\\b(?:at most|up to|max(?:imum)?(?: of)?)\\s+${NUMBER}\\b(?!\\s*(%|ms|s\\b|sec|min|hour|percent|[kmg]i?b\\b|bytes?|tokens?|rps|qps|req|micro|us\\b|µs))`).exec(text)
    ?? new RegExp(`\\b${NUMBER}\\s+max\\b`).exec(text);
  return match ? parseNumber(match[1] ?? '') : null;
}

function readParallel(text: string): number | null {
  const match = /\b(\d+)\s*(?:parallel|concurrent|simultaneous)?\s*(?:workers?|jobs?|processes|threads|cores)\b/.exec(text)
    ?? /\b(?:parallel(?:ism)?|concurrency|workers|n_jobs|jobs)\s*(?:of|=|:)?\s*(\d+)\b/.exec(text)
    ?? /\b(\d+)\s+(?:at a time|in parallel|concurrently)\b/.exec(text)
    ?? /\bin parallel (?:on|with|using) (\d+)\b/.exec(text)
    // "each time 6 trials run together", "4 trials going at once"
    ?? /\b(\d+)\s+(?:trials?|runs?|evaluations?|configs?|configurations?)\s+(?:(?:run|running|go|going|in flight)\s+)?(?:together|simultaneously|at once|at the same time|side by side)\b/.exec(text);
  return match ? Number(match[1]) : null;
}

function isConstraintValue(text: string, index: number): boolean {
  return /(above|over|below|under|than|least|most|<|>|=)\s*$/.test(text.slice(Math.max(0, index - 14), index));
}

const WAVED_AWAY = /\b(?:don'?t|do not|doesn'?t|not|never)\s+(?:really\s+|much\s+|particularly\s+|too\s+|so\s+|that\s+|very\s+)?(?:care|mind|worry|worried|bother|bothered|fussed|concerned)(?:\s+(?:much|about|for|with))*\s+(?:the\s+|its\s+)?$|\bnot interested in\s+(?:the\s+)?$/;

/** "I don't really care about the median", "not too bothered about accuracy": a metric mention waved away. */
export function wavedAway(text: string, mention: MetricMention): boolean {
  return WAVED_AWAY.test(text.slice(Math.max(0, mention.index - 40), mention.index));
}

/** The sampler a text names ("CMA-ES", "random search"), or null. */
export function samplerIn(text: string): string | null {
  return SAMPLERS.find(([re]) => re.test(text))?.[1] ?? null;
}
