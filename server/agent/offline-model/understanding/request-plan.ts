import type { StructuredRequest, MetricRef, Comparison } from '../../nlu/read-request.ts';
import { findTargetInText, knownTargets, type KnownMetric, type KnownTarget } from '../catalog.ts';
import { countBefore, normalize } from '../normalize.ts';
import { directionOf, findMetricMentions, isFraction } from '../metrics.ts';
import { textPlan, type Plan, type PlanInput } from '../plan.ts';
import { lastExchange } from '../conversation.ts';
import { lastRuleId } from '../prior-entities.ts';
import { benchPlan, commandArgs, findCommand, findUrl, httpArgs, llmArgs } from '../intents/bench.ts';
import { againPlan, continuePlan, previousStudy, resumePlan, studyQuestionPlan, switchPlan, waitPlan, whyPlan } from '../intents/follow-up.ts';
import { helpPlan, thanksPlan, unknownPlan } from '../intents/help.ts';
import { addRulePlan, listRulesPlan, makeRule, matchRules, removeRulePlan, ruleActionIn } from '../intents/rules.ts';
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
      const counted = request.timeBudgetS === undefined ? countBefore(input.text, 'more|additional|extra|trials?') : null;
      const named = request.trials ?? counted ?? (typeof previous.input.trials === 'number' ? previous.input.trials : null);
      // "give it 10 more minutes": a time budget for the continuation, with the study's trial budget as the cap.
      return continuePlan(input, previous, named, request.timeBudgetS !== undefined ? Math.round(request.timeBudgetS) : undefined);
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
    case 'wait':
      return waitPlan(conversation);
    case 'bench_http':
    case 'bench_llm':
      return urlBenchPlan(request, input);
    case 'bench_command': {
      // "do it again with 2 warmups": the command timed before, with what is named now (the server still only runs
      // an argv the operator typed or registered).
      const before = request.command || findCommand(input.raw) ? null : lastExchange(conversation, 'bench_command')?.input ?? null;
      const command = request.command ?? findCommand(input.raw);
      if (before && Array.isArray(before.command)) {
        const args: Record<string, unknown> = { ...before, ...commandArgs(input.text, before.command.join(' ')), command: before.command };
        if (request.runs !== undefined) args.runs = request.runs;
        if (request.warmup !== undefined) args.warmup = request.warmup;
        return benchPlan('bench_command', args);
      }
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
      // Names and metric names are read as typed: the typo corrector must not turn "ranker" into "ranked".
      return registerPlan({ ...input, text: normalize(input.raw) });
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
  // "do the same for ackley": the previous study's budget and settings, on the target named now.
  const previous = previousStudy(input.conversation);
  if (previous && (request.references.length > 0 || /\b(same|again|likewise|too)\b/.test(input.text))) {
    for (const key of ['trials', 'time_limit_s', 'parallel', 'sampler', 'pruner', 'seed'] as const) {
      const value = previous.input[key];
      if (slots[key] === undefined && value !== undefined) (slots as unknown as Record<string, unknown>)[key] = value;
    }
  }
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
  dropClaimedNumbers(out, request);
  if (request.trials !== undefined) out.trials = Math.round(request.trials);
  if (request.timeBudgetS !== undefined) out.time_limit_s = Math.round(request.timeBudgetS);
  if (request.parallel !== undefined) out.parallel = Math.round(request.parallel);
  if (request.sampler !== undefined) out.sampler = request.sampler;
  if (request.pruner === 'median' || request.pruner === 'hyperband' || request.pruner === 'successive-halving') out.pruner = request.pruner;
  if (request.seed !== undefined) out.seed = request.seed;
  if (request.tolerance?.unit === '%') out.tolerance = { metric: out.tolerance?.metric ?? 'accuracy', relative: request.tolerance.value / 100 };
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
  if (/^error[ _]?rate$|^errors?$/.test(ref.metric.toLowerCase()) || /error rate/.test(ref.text.toLowerCase())) {
    const errors = catalog?.metrics.find((m) => /error/.test(m.name));
    if (errors || !catalog) return errors ?? { name: 'error_rate', direction: 'minimize' };
  }
  const mention = findMetricMentions(normalize(ref.text), catalog)[0] ?? findMetricMentions(normalize(ref.metric), catalog)[0];
  // A metric name the front end resolved ("requests_per_s" for "throughput") stands when no target says otherwise.
  if (!catalog && /_/.test(ref.metric)) return { name: ref.metric, direction: mention?.metric.direction ?? directionOf({ name: ref.metric }) };
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

const LLM_WORDS = /\b(ttft|llm|tokens?|vllm|ollama|llama|completions?|inference server|model server|chat model|tpot|itl)\b/;

/**
 * bench_http / bench_llm: the URL named now, else the one benchmarked before ("run that again but with POST"), whose
 * settings carry over unless named again.
 */
function urlBenchPlan(request: StructuredRequest, input: PlanInput): Plan {
  // An LLM benchmark needs an LLM server: a /v1 URL or words about tokens, TTFT or models; else it is a load test.
  const llm = request.intent === 'bench_llm' && (/\/v1\b/.test(request.url ?? input.raw) || LLM_WORDS.test(input.text) || (!request.url && !findUrl(input.raw) && lastExchange(input.conversation, 'bench_llm') !== undefined));
  request = llm || request.intent !== 'bench_llm' ? request : { ...request, intent: 'bench_http', connections: request.connections ?? request.concurrency };
  const tool = request.intent === 'bench_llm' ? 'bench_llm' : 'bench_http';
  const named = request.url ?? findUrl(input.raw);
  const before = named ? null : lastExchange(input.conversation, tool)?.input ?? null;
  const url = named ?? (typeof before?.url === 'string' ? before.url : typeof before?.base_url === 'string' ? before.base_url : null);
  if (!url) return textPlan(`${request.intent}-clarify`, 'Which URL should I load? Give me the address (for example http://127.0.0.1:8080/ or localhost:3000/api); by default I only send load to this machine.');
  if (request.intent === 'bench_llm') {
    const args = { ...before, ...llmArgs(input.text, input.raw, url) };
    if (request.concurrency !== undefined) args.concurrency = request.concurrency;
    if (request.requests !== undefined) args.requests = request.requests;
    if (request.rate !== undefined) args.rate = request.rate;
    if (request.maxTokens !== undefined) args.max_tokens = request.maxTokens;
    if (request.model !== undefined && args.model === undefined) args.model = request.model;
    return benchPlan('bench_llm', args);
  }
  const args = { ...before, ...httpArgs(input.text, input.raw, url) };
  if (request.connections !== undefined) args.connections = request.connections;
  if (request.durationS !== undefined) args.duration_s = request.durationS;
  if (request.rate !== undefined) args.rate = request.rate;
  if (request.requests !== undefined) args.requests = request.requests;
  if (request.method !== undefined) args.method = request.method;
  return benchPlan('bench_http', args);
}

/** Words that make a threshold a rule (a trigger or an action), not a constraint on the study being tuned. */
const RULE_WORDS = /\b(if|when|whenever|once|as soon as|alert|alerts|notify|ping|page|warn|tell me|let me know|heads-?up|shout|prune|kill|abort|halt|rule|rules|watch)\b/;

function addRuleRequestPlan(request: StructuredRequest, input: PlanInput): Plan {
  // "ok but keep accuracy above 93 percent" after a study: a constraint on that study, tuned again with it.
  const previous = previousStudy(input.conversation);
  const threshold = request.rule ?? request.constraints[0];
  if (previous && threshold && !RULE_WORDS.test(input.text)) {
    const asConstraint: StructuredRequest = { ...request, intent: 'switch_objective', constraints: [threshold], objectives: [] };
    const plan = switchPlan(input, previous, (slots) => ({ ...refineTune(slots, asConstraint, slots.target), objectives: previousObjectives(previous, slots) }));
    if (plan) return plan;
  }
  const target = findTargetInText(input.text, knownTargets(input.conversation));
  if (request.rule) {
    const [constraint] = resolveComparison(request.rule, target?.metrics.length ? target : null);
    const op = request.rule.op === '==' ? '==' : constraint?.op;
    const metric = constraint?.metric ?? resolveMetric(request.rule, null)?.name;
    const action = request.rule.action === 'trigger_alert' ? ruleActionIn(input.text) ?? 'trigger_alert' : request.rule.action;
    if (metric && op) return addRulePlan(makeRule(metric, op, constraint?.value ?? request.rule.amount.value, action));
  }
  const keyword = matchRules(input);
  if (keyword && keyword.intent === 'add_rule') return keyword;
  return textPlan('add_rule-clarify', 'I can watch a metric and act on it. Tell me the metric, the threshold and what to do, e.g. "alert me if p99 latency goes over 200 ms" or "stop the study when accuracy drops below 90%".');
}

/** The previous study's objectives, less any metric now constrained. */
function previousObjectives(previous: NonNullable<ReturnType<typeof previousStudy>>, slots: TuneSlots): TuneSlots['objectives'] {
  const before = Array.isArray(previous.input.objectives) ? (previous.input.objectives as TuneSlots['objectives']) : slots.objectives;
  const kept = before.filter((o) => !slots.constraints.some((c) => c.metric === o.metric));
  return kept.length ? kept : slots.objectives;
}

function noStudyPlan(what: 'continue' | 'resume'): Plan {
  return textPlan(`${what}-clarify`, `There is no study in this conversation to ${what} yet. Start one first, e.g. "minimize branin with 40 trials" or "tune xgboost for latency".`);
}
