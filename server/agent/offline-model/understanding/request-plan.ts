import type { StructuredRequest, MetricRef, Comparison } from '../../nlu/read-request.ts';
import { findTargetInText, knownTargets, type KnownMetric, type KnownTarget } from '../catalog.ts';
import { countBefore } from '../normalize.ts';
import { directionOf, findMetricMentions, isFraction } from '../metrics.ts';
import { textPlan, type Plan, type PlanInput } from '../plan.ts';
import { lastRuleId, priorEntities } from '../prior-entities.ts';
import { benchPlan, commandArgs, findCommand, findUrl, httpArgs, llmArgs } from '../intents/bench.ts';
import { againPlan, continuePlan, previousStudy, resumePlan, studyQuestionPlan, switchPlan, whyPlan } from '../intents/follow-up.ts';
import { helpPlan, thanksPlan, unknownPlan } from '../intents/help.ts';
import { addRulePlan, listRulesPlan, makeRule, matchRules, removeRulePlan } from '../intents/rules.ts';
import { listSessionsPlan, replaySessionPlan } from '../intents/sessions.ts';
import { listTargetsPlan, registerPlan } from '../intents/targets.ts';
import { clarifyTarget, tunePlan } from '../intents/tune.ts';
import { keepQuality, parseTuning, type ConstraintSlot, type TuneSlots } from '../intents/tuning.ts';

/**
 * The deterministic planner of the understanding pipeline: intent + the values of the nodes that hold each role
 * → a plan of tool calls with valid inputs. Slots the roles do not give are read by the keyword parsers from the
 * corrected text (`input.text`); a required slot that neither gives becomes a short question, never a guess.
 */
export function planForRequest(request: StructuredRequest, input: PlanInput): Plan {
  const { conversation } = input;
  const previous = previousStudy(conversation);
  switch (request.intent) {
    case 'tune':
      return tuneRequestPlan(request, input);
    case 'switch_objective':
      return (previous && switchPlan(input, previous, (slots) => refineTune(slots, request, slots.target))) ?? tuneRequestPlan(request, input);
    case 'try_again':
      return previous ? againPlan(input, previous, (slots) => refineTune(slots, request, slots.target, { objectives: false })) : tuneRequestPlan(request, input);
    case 'more_trials': {
      if (!previous) return noStudyPlan('continue');
      const named = request.trials ?? countBefore(input.text, 'more|additional|extra|trials?') ?? (typeof previous.input.trials === 'number' ? previous.input.trials : null);
      return continuePlan(input, previous, named);
    }
    case 'resume':
      return previous ? resumePlan(input, previous, request.trials ?? null) : noStudyPlan('resume');
    case 'status':
    case 'stop':
    case 'best':
    case 'importance':
      return studyQuestionPlan(request.intent, conversation);
    case 'why':
      return whyPlan(conversation);
    case 'bench_http':
    case 'bench_llm':
      return urlBenchPlan(request, input);
    case 'bench_command': {
      const command = request.command ?? findCommand(input.raw);
      if (!command) return textPlan('bench_command-clarify', 'Which command should I time? Write it in backticks exactly as it should run, e.g. "time `python3 predict.py` 10 times". I only run commands you typed or targets you registered.');
      const args = commandArgs(input.text, command);
      if (request.runs !== undefined) args.runs = request.runs;
      if (request.warmup !== undefined) args.warmup = request.warmup;
      return benchPlan('bench_command', args);
    }
    case 'add_rule':
      return addRuleRequestPlan(request, input);
    case 'list_rules':
      return listRulesPlan();
    case 'remove_rule': {
      const id = request.ruleId ?? /\b(?:rule|alert)\s+(?:id\s+)?[#"'`]?([a-z0-9][\w-]*\d[\w-]*)/.exec(input.text)?.[1] ?? lastRuleId(conversation);
      return removeRulePlan(id ?? null);
    }
    case 'list_targets':
      return listTargetsPlan();
    case 'register_target':
      return registerPlan(input);
    case 'list_sessions':
      return listSessionsPlan();
    case 'replay_session':
      return replaySessionPlan(input.text, input.raw);
    case 'help':
      return helpPlan();
    case 'thanks':
      return thanksPlan();
    case 'out_of_scope':
      return unknownPlan(conversation);
  }
}

function tuneRequestPlan(request: StructuredRequest, input: PlanInput): Plan {
  const targets = knownTargets(input.conversation);
  const named = request.target ? targets.find((t) => t.name.toLowerCase() === request.target!.toLowerCase()) ?? null : null;
  const target = named ?? findTargetInText(input.text, targets) ?? ownTarget(targets, input.text);
  if (!target) return clarifyTarget(targets);
  const slots = refineTune(parseTuning(input.text, targets, target), request, target);
  return tunePlan({ ...slots, target }, input);
}

/** "my model" when exactly one user target is registered. */
function ownTarget(targets: KnownTarget[], text: string): KnownTarget | null {
  if (!/\bmy (model|service|server|target|classifier|pipeline)\b/.test(text)) return null;
  const own = targets.filter((t) => t.kind !== 'builtin');
  return own.length === 1 ? own[0]! : null;
}

/**
 * The keyword parse of a tuning request, with what the node roles say put first: objectives and their directions,
 * constraints, budgets, parallelism, sampler, pruner and seed. The quality metric is kept as an objective when
 * the user asked only for speed, as the keyword parser does.
 */
export function refineTune(slots: TuneSlots, request: StructuredRequest, target: KnownTarget | null, options: { objectives?: boolean } = {}): TuneSlots {
  const out: TuneSlots = { ...slots };
  if (request.constraints.length > 0) {
    const constraints = request.constraints.flatMap((c) => resolveComparison(c, target));
    if (constraints.length) out.constraints = dedupe(constraints);
  }
  if (options.objectives !== false && request.objectives.length > 0) {
    const objectives = request.objectives.flatMap((o) => {
      const metric = resolveMetric(o, target);
      return metric ? [{ metric: metric.name, direction: o.direction ?? directionOf(metric) }] : [];
    }).filter((o, i, all) => all.findIndex((x) => x.metric === o.metric) === i && !out.constraints.some((c) => c.metric === o.metric));
    if (objectives.length) {
      out.objectives = objectives;
      keepQuality(out.objectives, out.constraints, target);
    }
  }
  out.objectives = out.objectives.filter((o) => !out.constraints.some((c) => c.metric === o.metric) || out.objectives.length === 1);
  if (request.trials !== undefined) out.trials = Math.round(request.trials);
  if (request.timeBudgetS !== undefined) out.time_limit_s = Math.round(request.timeBudgetS);
  if (request.parallel !== undefined) out.parallel = Math.round(request.parallel);
  if (request.sampler !== undefined) out.sampler = request.sampler;
  if (request.pruner === 'median' || request.pruner === 'hyperband' || request.pruner === 'successive-halving') out.pruner = request.pruner;
  if (request.seed !== undefined) out.seed = request.seed;
  if (request.tolerance?.unit === '%') out.tolerance = { metric: out.tolerance?.metric ?? 'accuracy', relative: request.tolerance.value / 100 };
  return out;
}

function dedupe(constraints: ConstraintSlot[]): ConstraintSlot[] {
  return constraints.filter((c, i) => constraints.findIndex((x) => x.metric === c.metric && x.op === c.op) === i);
}

/** A metric the user named, resolved against the target's metrics (concept → the target's name for it). */
export function resolveMetric(ref: MetricRef, target: KnownTarget | null): KnownMetric | null {
  const literal = target?.metrics.find((m) => m.name.toLowerCase() === ref.metric.toLowerCase());
  if (literal) return literal;
  const mention = findMetricMentions(ref.text.toLowerCase(), target?.metrics.length ? target : null)[0]
    ?? findMetricMentions(ref.metric.toLowerCase(), target?.metrics.length ? target : null)[0];
  return mention?.metric ?? null;
}

/** A constraint or rule threshold in the metric's own unit: "93 percent" of accuracy is 0.93, "2 s" of a *_ms metric is 2000. */
function resolveComparison(comparison: Comparison, target: KnownTarget | null): ConstraintSlot[] {
  const metric = resolveMetric(comparison, target);
  if (!metric || comparison.op === '==') return [];
  return [{ metric: metric.name, op: comparison.op, value: valueIn(metric.name, comparison.amount) }];
}

function valueIn(metric: string, amount: { value: number; unit?: string }): number {
  let value = amount.value;
  if (amount.unit === '%' && isFraction(metric)) value /= 100;
  if (amount.unit === 's' && /_ms$/.test(metric)) value *= 1000;
  if (amount.unit === 'ms' && /_s$/.test(metric)) value /= 1000;
  return Number(value.toPrecision(12));
}

function urlBenchPlan(request: StructuredRequest, input: PlanInput): Plan {
  const url = request.url ?? findUrl(input.raw) ?? (request.references.includes('url') ? priorEntities(input.conversation).url ?? null : null);
  if (!url) return textPlan(`${request.intent}-clarify`, 'Which URL should I load? Give me the address (for example http://127.0.0.1:8080/ or localhost:3000/api); by default I only send load to this machine.');
  if (request.intent === 'bench_llm') {
    const args = llmArgs(input.text, input.raw, url);
    if (request.concurrency !== undefined) args.concurrency = request.concurrency;
    if (request.requests !== undefined) args.requests = request.requests;
    if (request.rate !== undefined) args.rate = request.rate;
    if (request.maxTokens !== undefined) args.max_tokens = request.maxTokens;
    if (request.model !== undefined && args.model === undefined) args.model = request.model;
    return benchPlan('bench_llm', args);
  }
  const args = httpArgs(input.text, input.raw, url);
  if (request.connections !== undefined) args.connections = request.connections;
  if (request.durationS !== undefined) args.duration_s = request.durationS;
  if (request.rate !== undefined) args.rate = request.rate;
  if (request.requests !== undefined) args.requests = request.requests;
  if (request.method !== undefined) args.method = request.method;
  return benchPlan('bench_http', args);
}

function addRuleRequestPlan(request: StructuredRequest, input: PlanInput): Plan {
  const target = findTargetInText(input.text, knownTargets(input.conversation));
  if (request.rule) {
    const [constraint] = resolveComparison(request.rule, target?.metrics.length ? target : null);
    const op = request.rule.op === '==' ? '==' : constraint?.op;
    const metric = constraint?.metric ?? resolveMetric(request.rule, null)?.name;
    if (metric && op) return addRulePlan(makeRule(metric, op, constraint?.value ?? request.rule.amount.value, request.rule.action));
  }
  const keyword = matchRules(input);
  if (keyword && keyword.intent === 'add_rule') return keyword;
  return textPlan('add_rule-clarify', 'I can watch a metric and act on it. Tell me the metric, the threshold and what to do, e.g. "alert me if p99 latency goes over 200 ms" or "stop the study when accuracy drops below 90%".');
}

function noStudyPlan(what: 'continue' | 'resume'): Plan {
  return textPlan(`${what}-clarify`, `There is no study in this conversation to ${what} yet. Start one first, e.g. "minimize branin with 40 trials" or "tune xgboost for latency".`);
}
