import type { StructuredRequest } from '../../nlu/read-request.ts';
import { findTargetInText, knownTargets, nameableTargets, type KnownTarget } from '../catalog.ts';
import { normalize } from '../normalize.ts';
import { findMetricMentions } from '../metrics.ts';
import type { Plan, PlanInput } from '../plan.ts';
import { findCommand, findUrl } from '../intents/bench.ts';
import { previousStudy, switchPlan } from '../intents/follow-up.ts';
import { unknownPlan } from '../intents/help.ts';
import { clarifyTarget, tunePlan } from '../intents/tune.ts';
import { parseTuning } from '../intents/tuning.ts';
import { refineTune } from './refine-tune.ts';

/**
 * A new study from an understood request (request-plan.ts): the target named, else the one just registered or asked
 * about, else the previous study's when the words refer back; an honest answer for things tunechat does not tune.
 */
export function tuneRequestPlan(request: StructuredRequest, input: PlanInput): Plan {
  const known = knownTargets(input.conversation);
  const targets = nameableTargets(input.conversation);
  const named = request.target ? targets.find((t) => t.name.toLowerCase() === request.target!.toLowerCase()) ?? null : null;
  const target = named ?? findTargetInText(input.text, known) ?? ownTarget(known, input.text) ?? findTargetInText(input.text, targets);
  // "I want it faster but not less accurate" after a study: no target named means the study's own.
  const refersBack = request.references.length > 0 || /\b(?:it|that|this|same|again|the (?:study|model|target|service|run))\b/.test(input.text);
  const previousTarget = target || !refersBack ? null : previousStudy(input.conversation);
  // "register … as svm" then "now tune it": the target just registered, when no study came after it.
  // "find the ratio vs ms tradeoff" right after registering a target that reports ratio and ms: that target too.
  const latest = target ? null : justRegistered(input, targets);
  // "what does the distill target optimise?" then "tune it for the smallest size": the target the last message named.
  const asked = target || !refersBack || previousTarget ? null : findTargetInText(normalize(input.conversation.turns.at(-2)?.userText ?? ''), known);
  const registered = (latest && (refersBack || findMetricMentions(input.text, latest).some((m) => latest.metrics.some((k) => k.name === m.metric.name))) ? latest : null) ?? asked;
  if (registered) return tunePlan({ ...refineTune(parseTuning(input.text, targets, registered), request, registered, { text: input.text }), target: registered }, input);
  if (previousTarget) {
    const plan = switchPlan(input, previousTarget, (slots) => refineTune(slots, request, slots.target, { text: input.text }));
    if (plan) return plan;
  }
  if (!target) return notTunable(input) ?? clarifyTarget(known);
  const slots = refineTune(parseTuning(input.text, targets, target), request, target, { text: input.text });
  // "do the same for ackley": the previous study's budget and settings, on the target named now.
  const previous = previousStudy(input.conversation);
  if (previous && (request.references.length > 0 || /\b(same|again|likewise|too|as well)\b/.test(input.text))) {
    for (const key of ['trials', 'time_limit_s', 'parallel', 'sampler', 'pruner', 'seed'] as const) {
      const value = previous.input[key];
      if (slots[key] === undefined && value !== undefined) (slots as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return tunePlan({ ...slots, target }, input);
}

/** The target registered by the latest tool call of the conversation, if that was a registration. */
function justRegistered(input: PlanInput, targets: KnownTarget[]): KnownTarget | null {
  const latest = [...input.conversation.turns.slice(0, -1)].reverse().flatMap((t) => [...t.exchanges].reverse()).find((e) => !e.failed);
  if (latest?.toolName !== 'register_target' || typeof latest.input.name !== 'string') return null;
  const name = latest.input.name.toLowerCase();
  return targets.find((t) => t.name.toLowerCase() === name) ?? null;
}

/** Words of the things tunechat tunes: a tuning request without a target but with one of these is asked about. */
const TUNING_WORDS = /\b(?:models?|services?|servers?|targets?|endpoints?|apis?|pipelines?|classifiers?|regressors?|networks?|llms?|hyper ?param\w*|param\w*|study|studies|trials?|sweeps?|benchmarks?|scripts?|commands?|latency|throughput|accuracy|auc|f1|rmse|loss|p\d\d|sampler|xgb\w*|lightgbm|catboost|sklearn|pytorch|tensorflow|something|it|that|this)\b/;

/**
 * "optimize my diet for weight loss", "maximize the returns of my portfolio": a tuning verb about something that is no
 * target, no metric and nothing tunechat runs gets the honest answer, not a question about which target to tune.
 */
function notTunable(input: PlanInput): Plan | null {
  // "weight loss", "hair loss" are not a model's loss.
  const text = input.text.replace(/\b(?:weight|hair|blood|job|memory|fat) loss\b/g, ' ');
  if (TUNING_WORDS.test(text) || findCommand(input.raw) || findUrl(input.raw)) return null;
  // "the fastest route": a speed adjective alone names no metric of anything tunechat runs.
  const metrics = findMetricMentions(text, null).filter((m) => !/^(?:fast\w*|quick\w*|speed\w*|slow\w*|snapp\w*|rapid\w*)$/.test(text.slice(m.index, m.end).trim()));
  if (metrics.length > 0) return null;
  return unknownPlan(input.conversation);
}

/** "optimise my CV", "tune my guitar": a tuning verb whose object is no target and none of the things tunechat tunes. */
export function everydayObject(input: PlanInput): boolean {
  const verb = /\b(?:optimi[sz]e|tune|maximi[sz]e|minimi[sz]e|improve|boost|speed up)\s+(?:my|our|your|the|a)\s+[a-z]/.exec(input.text);
  if (!verb || findCommand(input.raw) || findUrl(input.raw)) return false;
  // What follows the verb, pronouns aside ("… so recruiters notice it"): none of it may name a thing tunechat tunes.
  const rest = input.text.slice(verb.index + verb[0].length - 1);
  if (TUNABLE_THINGS.test(rest) || findTargetInText(rest, nameableTargets(input.conversation))) return false;
  return findMetricMentions(rest, null).filter((m) => !/^(?:fast\w*|quick\w*|speed\w*|slow\w*)$/.test(rest.slice(m.index, m.end).trim())).length === 0;
}
const TUNABLE_THINGS = new RegExp(TUNING_WORDS.source.replace('|something|it|that|this', ''));

/** "my model" when exactly one user target is registered. */
function ownTarget(targets: KnownTarget[], text: string): KnownTarget | null {
  if (!/\bmy (model|service|server|target|classifier|pipeline)\b/.test(text)) return null;
  const own = targets.filter((t) => t.kind !== 'builtin');
  return own.length === 1 ? own[0]! : null;
}
