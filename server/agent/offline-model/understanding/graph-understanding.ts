import { readRequest, type StructuredRequest } from '../../nlu/read-request.ts';
import { INTENTS, type Encoder, type GraphContext, type Intent, type SemanticGraph } from '../../nlu/types.ts';
import { findTargetInText, knownTargets, nameableTargets } from '../catalog.ts';
import { previousStudy } from '../intents/follow-up.ts';
import { isConfirmation } from '../../../../tools/common/command-confirmations.ts';
import { CHART_NEIGHBOURS } from '../intents/charts.ts';
import { matchAccess } from '../intents/access.ts';
import { matchExplicitList } from '../intents/explicit-lists.ts';
import { matchPastedSpec } from '../intents/pasted-spec.ts';
import { matchMeaningQuestion, matchOutsideAction, matchTrainOnData } from '../intents/outside-actions.ts';
import { matchChoreCommand } from '../intents/chore-command.ts';
import { matchForbiddenHost } from '../intents/host-check.ts';
import { matchStudyShortcut } from '../intents/study-shortcuts.ts';
import { matchSessionLookup } from '../intents/sessions.ts';
import { matchBenchRerun, withComparison } from '../intents/bench-compare.ts';
import { matchConfirm } from '../intents/confirm.ts';
import { answersControlQuestion } from '../intents/control-match.ts';
import { helpPlan, unknownPlan } from '../intents/help.ts';
import { normalize } from '../normalize.ts';
import { allExchanges } from '../conversation.ts';
import { findMetricMentions } from '../metrics.ts';
import { isRecord, textPlan, type Plan, type PlanInput, type PlanMatcher } from '../plan.ts';
import { priorEntities } from '../prior-entities.ts';
import { keywordMatch } from './keyword-understanding.ts';
import { planForRequest } from './request-plan.ts';
import { benchFollowUpPlan } from './bench-request.ts';
import type { Understanding } from './understanding.ts';

/** The front end: text → semantic graph, and the corrected text the keyword parsers read. */
export interface FrontEnd {
  buildGraph(text: string, context: GraphContext): SemanticGraph;
  canonicalText(graph: SemanticGraph): string;
}

/** A reply that is only an affirmation ("yes", "ok, go ahead"), with no request of its own ("ok run another 30"). */
const BARE_YES = /^\W*(?:(?:yes|yeah|yep|yup|y|sure|ok|okay|confirm(?:ed)?|go ahead|do it|run it|please|please do|absolutely|of course)\W*)+$/i;

/**
 * What the words settle before the encoder reads anything, in order: who may do what (issue 16: simulation and audit
 * questions; the encoder has no intent for them, intents/access.ts), actions outside tunechat (deploy, upload, training
 * on data it does not have), questions about what a metric means, specs
 * pasted as JSON or YAML, plain listings, destructive chores and public
 * hosts declined in words, earlier sessions looked up (intents/sessions.ts), stop/winner/status/importance follow-ups on the
 * session's study, a benchmark run again to compare.
 */
const DETERMINISTIC_READERS: readonly PlanMatcher[] = [matchAccess, matchOutsideAction, matchTrainOnData, matchMeaningQuestion, matchPastedSpec, matchExplicitList, matchChoreCommand, matchForbiddenHost, matchSessionLookup, matchStudyShortcut, matchBenchRerun];

/** Above this intent probability the encoder's reading is planned as is. */
export const CONFIDENT = 0.6;
/** Between this and CONFIDENT, a plan the keyword rules agree on, else a clarifying question; below, keyword rules or an honest "not understood". */
export const UNSURE = 0.3;

/**
 * The understanding pipeline: text → semantic graph → graph attention encoder → intent and node roles → structured
 * request → plan. The keyword rules run only as a fallback on the corrected text, when the encoder is unsure.
 */
export function createGraphUnderstanding(frontEnd: FrontEnd, encoder: Encoder): Understanding {
  return {
    name: 'graph',
    plan: (input) => readMessage(frontEnd, input, (graph) => readRequest(graph, encoder.encode(graph), INTENTS)),
  };
}

/**
 * What every classifier-based understanding does around its classifier: an empty message is help, "yes" to a pending
 * confirmation repeats the call, otherwise the message becomes a graph, the classifier reads a request from it and the
 * planner plans it over the corrected text (typos fixed, synonyms and number words resolved).
 */
export function readMessage(frontEnd: FrontEnd, input: PlanInput, classify: (graph: SemanticGraph) => StructuredRequest): Plan {
  if (!input.text) return helpPlan();
  const confirmed = matchConfirm(input);
  if (confirmed) return confirmed;
  // A bare "yes" with nothing waiting for it confirms nothing: no classifier may turn it into an action.
  if (isConfirmation(input.raw) && BARE_YES.test(input.raw)) return textPlan('confirm-nothing', 'Nothing is waiting for a yes right now. Tell me what you would like to do.');
  for (const read of DETERMINISTIC_READERS) {
    const plan = read(input);
    if (plan) return plan;
  }
  let graph: SemanticGraph;
  let request: StructuredRequest;
  try {
    graph = frontEnd.buildGraph(input.raw, { targets: nameableTargets(input.conversation), prior: priorEntities(input.conversation) });
    request = classify(graph);
  } catch (error) {
    // A defect in the pipeline must not cost the user the answer: the keyword rules still understand plain requests.
    console.error(`offline model: understanding failed (${(error as Error).message}); using the keyword rules`);
    return keywordMatch(input) ?? unknownPlan(input.conversation);
  }
  return withComparison(planUnderstood(request, { ...input, text: normalize(frontEnd.canonicalText(graph)) }), input);
}

/** The plan for a request whose intent came from a classifier, with the keyword rules as fallback when it is unsure. */
export function planUnderstood(request: StructuredRequest, input: PlanInput): Plan {
  // The answer to a question about a control request ("the workers") completes it, however unsure the encoder is.
  const controlAnswer = answersControlQuestion(input);
  if (controlAnswer) return controlAnswer;
  // "great, find the ratio vs ms tradeoff" right after a target was registered: a study of it, whatever the encoder reads.
  if (tradeoffStudy(input)) return planForRequest({ ...request, intent: 'tune', confidence: 1, alternative: null }, input);
  // "now do ackley the same way" after a study: the same settings on the target named now, however unsure the encoder.
  if (sameWayOnTarget(request, input)) return planForRequest({ ...request, intent: 'tune', confidence: 1, alternative: null }, input);
  // "10 more connections", "double the rate" right after a benchmark: that benchmark changed, however unsure the encoder.
  const benchFollowUp = benchFollowUpPlan(request, input);
  if (benchFollowUp) return benchFollowUp;
  if (request.confidence >= CONFIDENT) return planForRequest(request, input);
  // "carry on where you left off" (resume or more trials?), "make sure accuracy does not drop below 91%" after a study
  // (a rule or the study again with a constraint?): when both readings plan the same call, there is nothing to ask.
  const second = request.alternative;
  if (second && request.confidence >= UNSURE && request.confidence + second.confidence >= CONFIDENT) {
    const first = planForRequest(request, input);
    const other = planForRequest({ ...request, intent: second.intent, confidence: second.confidence, alternative: null }, input);
    if (first.steps.length > 0 && mainTool(first) === mainTool(other)) return first;
  }
  // "make sure accuracy does not drop below 91%" after a study, unsure between the study again and more of it: more trials
  // cannot carry a threshold, so the study again with it.
  const continuation = new Set<Intent>(['more_trials', 'resume']);
  const withThreshold = new Set<Intent>(['try_again', 'switch_objective', 'add_rule']);
  if (request.constraints.length > 0 && request.confidence >= UNSURE && second && request.confidence + second.confidence >= UNSURE * 2) {
    if (withThreshold.has(request.intent) && continuation.has(second.intent)) return planForRequest(request, input);
    // A threshold alone keeps the study's objectives (the add_rule reading adds it to that study as a constraint).
    const intent = request.objectives.length === 0 ? 'add_rule' : second.intent;
    if (continuation.has(request.intent) && withThreshold.has(second.intent)) return planForRequest({ ...request, intent, confidence: second.confidence, alternative: null }, input);
  }
  const keyword = keywordMatch(input);
  // A chart the keyword rules see ("drwa the trade-off") where the encoder hesitates over a question about the study.
  const agrees = keyword && (sameArea(keyword.intent, request.intent) || (request.alternative !== null && sameArea(keyword.intent, request.alternative.intent)) || (keyword.intent === 'chart_study' && CHART_NEIGHBOURS.has(request.intent)));
  if (keyword && (request.confidence < UNSURE || agrees)) return keyword;
  if (request.confidence >= UNSURE) {
    if (request.intent === 'out_of_scope') return unknownPlan(input.conversation);
    return clarifyPlan(request);
  }
  return unknownPlan(input.conversation);
}

const TRADEOFF = /\btrade-?\s?offs?\b|\bbalance between\b/;

/**
 * No study yet, and a trade-off between two metrics of the target named ("the size versus accuracy trade-off for the
 * distilled model") or of the one just registered: a study of both, not a question about a study that does not exist.
 */
function tradeoffStudy(input: PlanInput): boolean {
  if (!TRADEOFF.test(input.text) || previousStudy(input.conversation)) return false;
  const targets = knownTargets(input.conversation);
  const registered = allExchanges(input.conversation).reverse().find((e) => e.toolName === 'register_target' && !e.failed);
  const name = isRecord(registered?.input) ? registered.input.name : null;
  const target = findTargetInText(input.text, targets) ?? targets.find((t) => t.name === name);
  return target !== undefined && target !== null && new Set(findMetricMentions(input.text, target).map((m) => m.metric.name)).size >= 2;
}

const SAME_WAY = /\b(?:(?:the )?same way|same settings|same setup|same budget|same as before|like before|likewise)\b/;
const ALSO = /\b(?:as well|too)\b/;
const STUDY_LIKE: ReadonlySet<string> = new Set(['tune', 'switch_objective', 'try_again', 'more_trials', 'resume']);

/**
 * A known target other than the previous study's, named with words that ask for the same study on it: "the same way"
 * whatever the encoder leans to when it is unsure, "too" only when it reads a study request.
 */
function sameWayOnTarget(request: StructuredRequest, input: PlanInput): boolean {
  if (request.intent === 'tune' && request.confidence >= CONFIDENT) return false;
  const studyLike = STUDY_LIKE.has(request.intent);
  if (!(SAME_WAY.test(input.text) && (studyLike || request.confidence < CONFIDENT)) && !(studyLike && ALSO.test(input.text))) return false;
  if (/`|https?:\/\//.test(input.raw)) return false;
  const previous = previousStudy(input.conversation);
  const target = findTargetInText(input.text, knownTargets(input.conversation));
  return previous !== null && target !== null && target.name !== previous.input.target;
}

/** The call a plan is for: its first step that is not a look-up made on the way (study_status before continue_study). */
function mainTool(plan: Plan): string | undefined {
  return (plan.steps.find((step) => !step.optional && step.tool !== 'study_status' && step.tool !== 'list_targets') ?? plan.steps.find((step) => step.tool !== 'stop_controller') ?? plan.steps[0])?.tool;
}

/** Keyword plan intents are tool names or areas; the encoder's are finer. They agree when they name the same tool. */
function sameArea(keywordIntent: string, intent: Intent): boolean {
  const tools: Partial<Record<Intent, string[]>> = {
    tune: ['tune', 'tune-clarify'],
    switch_objective: ['tune'],
    try_again: ['tune'],
    more_trials: ['resume'],
    resume: ['resume'],
    status: ['study_status'],
    stop: ['stop_study'],
    best: ['best_trials'],
    importance: ['param_importance'],
    why: ['why'],
    wait: ['wait'],
    thanks: ['thanks'],
    list_sessions: ['list_sessions', 'replay_session'],
    replay_session: ['replay_session', 'list_sessions'],
    chart: ['chart_study'],
    control_start: ['start_controller', 'control-clarify'],
    control_status: ['controller_status'],
    control_stop: ['stop_controller'],
  };
  return (tools[intent] ?? [intent]).includes(keywordIntent);
}

const ASK: Record<Intent, string> = {
  tune: 'start a tuning study',
  switch_objective: 'tune the same target for another objective',
  try_again: 'run the last study again with changes',
  more_trials: 'run more trials of the current study',
  resume: 'resume the current study',
  status: 'tell you how the study is going',
  stop: 'stop the study',
  best: 'show the best trials',
  importance: 'show which parameters matter most',
  why: 'explain why the best configuration wins',
  bench_http: 'load test a URL',
  bench_llm: 'benchmark an LLM server',
  bench_command: 'time a command',
  add_rule: 'add a rule or alert',
  list_rules: 'list the rules',
  remove_rule: 'remove a rule',
  list_targets: 'list what I can tune',
  register_target: 'register a new target',
  list_sessions: 'list your earlier conversations',
  replay_session: 'replay an earlier conversation',
  help: 'explain what I can do',
  thanks: 'wrap up',
  out_of_scope: 'say that this is outside what I do',
  wait: 'wait for the study to finish and report',
  chart: 'draw a chart of the study',
  control_start: 'start a controller that keeps the service inside its SLO',
  control_status: 'tell you how the controller is doing',
  control_stop: 'stop the controller',
};

/** A short question instead of a guess: the two readings the encoder hesitates between. */
function clarifyPlan(request: StructuredRequest): Plan {
  const first = ASK[request.intent];
  const second = request.alternative && request.alternative.intent !== request.intent ? ASK[request.alternative.intent] : null;
  const question = second ? `Do you want me to ${first}, or to ${second}?` : `Do you want me to ${first}?`;
  return textPlan('clarify', `I am not sure I understood. ${question} Say it with a little more detail and I will do it.`);
}
