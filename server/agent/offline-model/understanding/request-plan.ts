import type { StructuredRequest } from '../../nlu/read-request.ts';
import type { Intent } from '../../nlu/types.ts';
import { findTargetInText, knownTargets } from '../catalog.ts';
import { countBefore, findDuration, normalize } from '../normalize.ts';
import { textPlan, type Plan, type PlanInput } from '../plan.ts';
import { lastRuleId } from '../prior-entities.ts';
import { benchFollowUpPlan, commandRequestPlan, urlBenchPlan } from './bench-request.ts';
import { isComparison } from '../intents/command-slots.ts';
import { againPlan, continuePlan, previousStudy, resumePlan, studyFor, studyQuestionPlan, switchPlan, waitPlan, whyPlan } from '../intents/follow-up.ts';
import { CHART_NEIGHBOURS, CHART_WORDS, chartKindIn, chartPlan, chartText } from '../intents/charts.ts';
import type { StudyChartKind } from '../../../studies-protocol.ts';
import { keywordMatch } from './keyword-understanding.ts';
import { refineTune, resolveComparison, resolveMetric } from './refine-tune.ts';
import { namedStudyId } from '../intents/study-ids.ts';
import { ruleAgainPlan } from '../intents/rule-again.ts';
import { stagnationRulePlan, trialFailureRulePlan } from '../intents/stagnation-rule.ts';
import { AREA_WORDS, BEST_WORDS, IMPORTANCE_METHOD, IMPORTANCE_WORDS, lastNamedStudy, NEW_LIKE, ONE_SESSION, REFERS_BACK, SESSION_LIST, SQL, WAIT_FIRST } from './request-words.ts';
import { helpPlan, thanksPlan, unknownPlan } from '../intents/help.ts';
import { ALERT, addRulePlan, listRulesPlan, makeRule, matchRules, namedRule, removeRuleById, removeRulePlan, ruleActionIn } from '../intents/rules.ts';
import { conditionOf, llmRuleField } from '../intents/rule-slots.ts';
import { listSessionsPlan, replayById, replaySessionPlan } from '../intents/sessions.ts';
import { answersRegisterQuestion, isFullRegistration, listTargetsPlan, registerPlan, TARGET_DETAILS } from '../intents/targets.ts';
import type { TuneSlots } from '../intents/tuning.ts';
import { answersControlQuestion } from '../intents/control-match.ts';
import { planControlRequest } from './control-request.ts';
import { everydayObject, tuneRequestPlan } from './tune-request.ts';

/**
 * The deterministic planner of the understanding pipeline: intent + the values of the nodes that hold each role
 * → a plan of tool calls with valid inputs. Slots the roles do not give are read by the keyword parsers from the
 * corrected text (`input.text`); a required slot that neither gives becomes a short question, never a guess.
 */
export function planForRequest(request: StructuredRequest, input: PlanInput): Plan {
  const { conversation } = input;
  // A study id the user pasted ("stop st_ab12cd") names the study every follow-up acts on.
  // "and its best trial?" right after a question about st_88ee01: the study the last call named.
  const named = namedStudyId(input.raw) ?? (REFERS_BACK.test(input.text) ? lastNamedStudy(conversation) : null);
  const previous = named ? studyFor(conversation, named) : previousStudy(conversation);
  // The answer to "which metrics does it report?" completes the registration that asked it, and a registration said in
  // full (name, how it runs, metrics) is one, whatever it reads like.
  if (request.intent !== 'register_target' && (answersRegisterQuestion(input) || isFullRegistration(input))) return registerPlan({ ...input, text: normalize(input.raw) });
  // Live control (issue 15): the answer to a question about a control request, the control readings checked against the
  // words, and the study follow-ups that are the controller's ("stop it" after a controller started).
  const controlAnswer = answersControlQuestion(input);
  if (controlAnswer) return controlAnswer;
  // "play back conversation 4c1d9e2a", "please remove rule \"err-guard\"": an id with a verb that says what to do with it.
  const byId = replayById(input.text, input.raw) ?? (request.intent !== 'add_rule' ? removeRuleById(input.text, input.raw) : null);
  if (byId) return byId;
  // "which is faster, `a` or `b`?", "compare `x` with `y`": timing several commands, whatever else the words resemble.
  if (request.intent !== 'bench_command' && isComparison(input.text, input.raw)) return commandRequestPlan({ ...request, intent: 'bench_command' }, input);
  const benchFollowUp = benchFollowUpPlan(request, input);
  if (benchFollowUp) return benchFollowUp;
  // "same again but for p50 at 60" right after a rule was added: that rule again, with what changed.
  const ruleAgain = ruleAgainPlan(input.text, conversation) ?? stagnationRulePlan(input.text, input.raw) ?? trialFailureRulePlan(input.text, input.raw);
  if (ruleAgain) return ruleAgain;
  const control = planControlRequest(request, input, (next) => planForRequest(next, input), () => keywordMatch(input) ?? unknownPlan(conversation));
  if (control) return control;
  if (request.intent !== 'chart' && wantsChart(request, input, previous !== null)) return chartPlan(chartKindIn(input.text) ?? chartKindIn(chartText(input.raw)) ?? shownBefore(input) ?? 'history', input);
  // "write a python function that reverses a linked list", "explain the rules of cricket": asked to write code or explain
  // the world, with a word that looks like a request ("list", "rules"). Not a look-up.
  if (LOOKUPS.has(request.intent) && (CODE_REQUEST.test(input.text) || WORLD_RULES.test(input.text) || SQL.test(input.raw))) return unknownPlan(conversation);
  // "can you optimise my CV so recruiters notice it?": a tuning verb about an everyday thing is not a look-up either.
  if ((request.intent === 'list_targets' || request.intent === 'tune') && everydayObject(input)) return unknownPlan(conversation);
  // "sing me a song about it": a song, a poem or a joke about the study is not a question about it.
  if (CREATIVE.test(input.text) && !TOOL_WORDS.test(input.text)) return unknownPlan(conversation);
  // "ok finish it now, no more trials": the study ends, whichever follow-up the encoder leaned to (a
  // word that asks to stop, so before the check below).
  if (previous && FINISH.test(input.text) && STUDY_FOLLOW_UPS.has(request.intent)) return studyQuestionPlan('stop', conversation, named);
  // "Wait for completion before proceeding": a message that starts by asking to wait is a wait, whatever follows.
  if (previous && WAIT_FIRST.test(input.text) && STUDY_FOLLOW_UPS.has(request.intent)) return waitPlan(conversation, named);
  // Removing a rule or stopping a study needs a word that asks for it: "now write a limerick about it" after an alert
  // is not "remove it". Without one, the next reading stands when it is likely enough, else a plain answer.
  if (DESTRUCTIVE.has(request.intent) && !REMOVAL_WORDS.test(input.text)) {
    const next = request.alternative;
    if (next && !DESTRUCTIVE.has(next.intent) && next.confidence >= 0.1) return planForRequest({ ...request, intent: next.intent, confidence: next.confidence, alternative: null }, input);
    return unknownPlan(conversation);
  }
  // "what did I ask you yesterday?", "show me the very first chat I had": one earlier session by position is a replay.
  if (ONE_SESSION.test(input.text) && !SESSION_LIST.test(input.text) && !ACTING.has(request.intent)) return replaySessionPlan(input.text, input.raw);
  // "cheers mate, top job on that", "hola! what is this assistant for?": a look-up needs a word of its area; without one,
  // thanks, help or a plain answer (a wrong look-up is worse than "not understood").
  const area = AREA_WORDS[request.intent];
  if (area && !area.test(input.text) && request.references.length === 0) return keywordMatch(input) ?? thanksOrHelp(input);
  // "what metrics does the distill target report?": the catalogue, whether it read like help or like tuning.
  if ((request.intent === 'help' || request.intent === 'tune') && TARGET_DETAILS.test(input.text)) return listTargetsPlan();
  if ((previous || named) && IMPORTANCE_METHOD.test(input.text)) return studyQuestionPlan('importance', conversation, named, input.text);
  switch (request.intent) {
    case 'tune':
      return tuneRequestPlan(request, input);
    case 'switch_objective':
      return (previous && switchPlan(input, previous, (slots) => refineTune(slots, request, slots.target, { text: input.text }))) ?? tuneRequestPlan(request, input);
    case 'try_again':
      // "one more round of 20", "another 30": more of the same study, counted, is a continuation, not a new study.
      if (previous && MORE_COUNT.test(input.text) && !/\b(?:instead|but|different|other)\b/.test(input.text) && !NEW_LIKE.test(input.text)) {
        return planForRequest({ ...request, intent: 'more_trials', alternative: null }, input);
      }
      // "kill it with fire": no word asks for the study again; the next reading stands.
      if (!AGAIN_WORDS.test(input.text) && request.constraints.length === 0 && request.alternative && request.alternative.intent !== 'try_again' && request.alternative.confidence >= 0.1) {
        return planForRequest({ ...request, intent: request.alternative.intent, confidence: request.alternative.confidence, alternative: null }, input);
      }
      // "start one on the same model for batch time": the same target, for the metric named now.
      if (previous && request.objectives.length > 0 && FOR_METRIC.test(input.text)) {
        const plan = switchPlan(input, previous, (slots) => refineTune(slots, request, slots.target, { text: input.text }));
        if (plan) return plan;
      }
      return previous ? againPlan(input, previous, (slots) => refineTune(slots, request, slots.target, { objectives: false, text: input.text })) : tuneRequestPlan(request, input);
    case 'more_trials': {
      // "kill it with fire": no word asks for more, a word asks to stop.
      if (previous && asksToStop(input.text)) return studyQuestionPlan('stop', conversation, namedStudyId(input.raw));
      // "branin 30 trials please" in a conversation without a study: a new study on the target it names.
      if (!previous && (request.target || findTargetInText(input.text, knownTargets(conversation)))) return tuneRequestPlan(request, input);
      if (!previous) return noStudyPlan('continue');
      // "give it 10 more minutes": the number belongs to the time, whichever role it got.
      const minutes = /\b(\d+(?:\.\d+)?|an?)\s+(?:more|extra|additional)\s+(seconds?|secs?|minutes?|mins?|hours?|hrs?)\b|\banother\s+(\d+(?:\.\d+)?)\s+(seconds?|secs?|minutes?|mins?|hours?|hrs?)\b/.exec(input.text);
      if (minutes && request.timeBudgetS === undefined) {
        const [count, word] = minutes[1] !== undefined ? [minutes[1], minutes[2]!] : [minutes[3]!, minutes[4]!];
        const amount = count.startsWith('a') ? 1 : Number(count);
        const unit = word.startsWith('h') ? 3600 : word.startsWith('m') ? 60 : 1;
        request = { ...request, timeBudgetS: amount * unit, trials: request.trials === amount ? undefined : request.trials };
      }
      // "carry on for another half an hour": a duration after a word of more is the time budget.
      if (request.timeBudgetS === undefined && /\b(?:another|extra|additional|more)\b/.test(input.text)) {
        const spoken = findDuration(input.text);
        if (spoken && spoken.seconds >= 60) request = { ...request, timeBudgetS: spoken.seconds, trials: undefined };
      }
      // "one more round of 20": the size of the round, not "one".
      const round = /\b(?:round|batch|set|lot|bunch|block)\s+of\s+(\d+)\b/.exec(input.text);
      const counted = request.timeBudgetS === undefined ? (round ? Number(round[1]) : countBefore(input.text, 'more|additional|extra|trials?')) : null;
      const named = (round ? counted : request.trials) ?? counted ?? (typeof previous.input.trials === 'number' ? previous.input.trials : null);
      // "give it 10 more minutes": a time budget for the continuation, with the study's trial budget as the cap.
      return continuePlan(input, previous, named, request.timeBudgetS !== undefined ? Math.round(request.timeBudgetS) : undefined);
    }
    case 'resume':
      if (!previous && (request.target || findTargetInText(input.text, knownTargets(conversation)))) return tuneRequestPlan(request, input);
      // "would you mind cancelling that study?": a word that asks to stop, none that asks for more.
      if (previous && asksToStop(input.text)) return studyQuestionPlan('stop', conversation, namedStudyId(input.raw));
      return previous ? resumePlan(input, previous, request.trials ?? null) : noStudyPlan('resume');
    case 'status':
      // "which setting won", "what's the optimum so far?": a question about the winner, not about progress.
      if (WINNER.test(input.text) && !PROGRESS.test(input.text)) return studyQuestionPlan('best', conversation, named);
      return studyQuestionPlan('status', conversation, named);
    case 'importance':
      // "which configurations are pareto-optimal?", "what workers should I deploy?": the winner, not what matters.
      if (BEST_WORDS.test(input.text) && !IMPORTANCE_WORDS.test(input.text)) return studyQuestionPlan('best', conversation, named, input.text);
      return studyQuestionPlan(request.intent, conversation, named, input.text);
    case 'stop':
    case 'best':
      return studyQuestionPlan(request.intent, conversation, named, input.text);
    case 'why':
      return whyPlan(conversation, named);
    case 'wait':
      // "send an email saying the build is done": nothing to wait for without a study here or named.
      if (!previous && !STUDY_WORDS.test(input.text)) return unknownPlan(conversation);
      return waitPlan(conversation, named);
    case 'chart':
      return chartRequestPlan(request, input);
    case 'bench_http':
    case 'bench_llm':
      return urlBenchPlan(request, input);
    case 'bench_command':
      return commandRequestPlan(request, input);
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
      return listSessionsPlan(input.text);
    case 'replay_session':
      return replaySessionPlan(input.text, input.raw);
    case 'help':
      return helpPlan();
    case 'thanks':
      return thanksPlan();
    case 'out_of_scope':
      return unknownPlan(conversation);
    case 'control_start':
    case 'control_status':
    case 'control_stop':
      // planControlRequest answered every control reading above; kept for the exhaustive switch.
      return unknownPlan(conversation);
  }
}

/**
 * A chart needs words that ask for one ("plot", "graph", "table", …) or a kind that only a chart shows (convergence,
 * learning curves, parallel coordinates). Without them the nearest reading stands: "which parameters matter most" is
 * the importance, "the pareto set" the best trials, anything else what the encoder ranked second.
 */
function chartRequestPlan(request: StructuredRequest, input: PlanInput): Plan {
  const text = chartText(input.raw);
  const kind = chartKindIn(input.text) ?? chartKindIn(text);
  if (CHART_WORDS.test(input.text) || CHART_WORDS.test(text) || CHART_ONLY.test(text)) return chartPlan(kind ?? shownBefore(input) ?? 'history', input);
  const named = namedStudyId(input.raw);
  if (kind === 'importance') return studyQuestionPlan('importance', input.conversation, named, input.text);
  if (kind === 'pareto' || kind === 'trials') return studyQuestionPlan('best', input.conversation, named);
  const second = request.alternative;
  if (second && second.intent !== 'chart' && second.confidence >= 0.1) return planForRequest({ ...request, intent: second.intent, confidence: second.confidence, alternative: null }, input);
  return keywordMatch(input) ?? unknownPlan(input.conversation);
}

/** Words that ask for a picture and nothing else ("table" and "figure" need a chart kind to mean one). */
const PICTURE_WORDS = /\b(?:plot\w*|chart\w*|graph\w*|visuali[sz]\w*|draw\w*|diagrams?|sparklines?|scatter ?plots?)\b/;

/**
 * "can you visualise how the best value improved?", "show me the learning curves", "draw the trade-off": words that
 * only a chart answers, about the session's study (or one named by id), whatever neighbouring reading the encoder gave.
 */
function wantsChart(request: StructuredRequest, input: PlanInput, hasStudy: boolean): boolean {
  if (!CHART_NEIGHBOURS.has(request.intent) || (!hasStudy && !namedStudyId(input.raw))) return false;
  if (/^(?:tune|switch_objective|try_again)$/.test(request.intent) && (request.target || findTargetInText(input.text, knownTargets(input.conversation)))) return false;
  const text = chartText(input.raw);
  return CHART_ONLY.test(text) || (PICTURE_WORDS.test(text) && (chartKindIn(input.text) !== null || chartKindIn(text) !== null || /\b(?:it|that|this|the study|the run|results?)\b/.test(text)));
}

/** Things to write that no tool makes, and the words that still make the request a tool's. */
const CREATIVE = /\b(?:sing|song|poem|limerick|haiku|lyrics|sonnet|joke)\b/;
const TOOL_WORDS = /\b(?:tune|optimi[sz]e|minimi[sz]e|maximi[sz]e|benchmark|alert|rule|plot|chart|graph|trials?)\b/;
/** Words that ask for more of a study. */
const MORE_WORDS = /\b(?:more|another|extra|additional|continue|keep|longer|further|round|again|resume|go on|carry on|\d+)\b/;
/** Look-up intents a stray word can trigger: "list", "rules", "sessions", "targets". */
const MORE_COUNT = /\b(?:more|another|extra|additional)\b.*\b\d+\b|\b\d+\s+(?:more|extra|additional)\b/;
const DESTRUCTIVE: ReadonlySet<string> = new Set(['remove_rule', 'stop']);
/** Follow-ups about the session's study that "finish it now, no more trials" turns into a stop. */
const STUDY_FOLLOW_UPS: ReadonlySet<Intent> = new Set(['stop', 'more_trials', 'resume', 'wait', 'status', 'try_again', 'best', 'thanks']);
/** Intents that act on something named in the message: a session position in them is not a replay. */
const ACTING: ReadonlySet<Intent> = new Set(['tune', 'switch_objective', 'try_again', 'add_rule', 'remove_rule', 'bench_http', 'bench_llm', 'bench_command', 'register_target', 'control_start']);
/** "not enough", "wasn't enough": a complaint that asks for more, not "enough, stop". */
const NOT_ENOUGH = /\b(?:not|n't|never|nowhere near)\s+(?:quite\s+)?enough\b/;
/** "no more trials, finish now", "pack it in": the study should end. */
const FINISH = /\bno more (?:trials|runs|searching)\b|\bpack (?:it|this|that) in\b|\b(?:finish|end) (?:it |this |that )?now\b/;

/** A follow-up read as more trials or a resume that asks to stop instead: a stop word and no word asking for more. */
function asksToStop(text: string): boolean {
  if (FINISH.test(text)) return true;
  if (NOT_ENOUGH.test(text) || /\bextend\w*|\blonger\b/.test(text)) return false;
  // "accuracy must not drop below 91%": a threshold, not a request to drop anything.
  const words = text.replace(/\b(?:drop|drops|dropping|dropped)\s+(?:below|under|beneath|to|past|more than|by)\b/g, ' ');
  return !MORE_WORDS.test(words) && REMOVAL_WORDS.test(words);
}
const REMOVAL_WORDS =
  /\b(?:remove\w*|delet\w*|drop\w*|rid|kill\w*|cancel\w*|disabl\w*|off|stop\w*|halt\w*|abort\w*|end|ending|scrap\w*|ditch\w*|nuke\w*|clear\w*|undo|terminat\w*|pause\w*|silenc\w*|mute\w*|axe|trash|bin|retire\w*|enough|quit|shut|forget|erase\w*|purge\w*|wipe\w*|unregister\w*|no longer|don'?t need|do not need|rm|del|x|plug|call (?:it|that|this) off|give up|pack (?:it|this|that) in)\b/;
const LOOKUPS: ReadonlySet<string> = new Set(['list_targets', 'list_rules', 'list_sessions', 'replay_session', 'tune']);
/** A request to write or fix code: tunechat runs studies, it does not write programs. */
const CODE_REQUEST = /^(?:(?:please|can you|could you|would you|pls)\s+)?(?:write|code|implement|program|refactor|debug)\b(?!.*\b(?:rule|alert)s?\b)/;
/** "the rules of cricket", "rules for chess": rules of a game or a language, not tunechat's. */
const WORLD_RULES = /\brules (?:of|for) (?!(?:the |my |this |that |our )?(?:study|studies|alerts?|service|model|target|benchmarks?|tuning|runs?|trials?|metrics?|latency|accuracy)\b)[a-z]/;
/** The winner of a study, asked as a question that can read like a status one. */
const WINNER = /\b(?:won|wins|winning|winner|optimum|optimal|best|top|leader\w*)\b/;
const PROGRESS = /\b(?:progress|status|done|finished|running|going|how far|eta|left|update|complete|how many|still)\b/;
/** Words for a study, for a wait in a conversation that has none: "wait for my study to finish" (it runs elsewhere). */
const STUDY_WORDS = /\b(?:study|studies|run|runs|trials?|tuning|sweep|search|job|optimi[sz]ation|experiment)\b/;

/**
 * "plot that" after the importances or the Pareto front: the chart of what the last answer showed (importance;
 * the front of a study with several objectives), else null.
 */
function shownBefore(input: PlanInput): StudyChartKind | null {
  const last = input.conversation.turns.at(-2)?.exchanges.at(-1);
  if (last?.toolName === 'param_importance') return 'importance';
  if (last?.toolName === 'best_trials') {
    const objectives = previousStudy(input.conversation)?.input.objectives;
    return Array.isArray(objectives) && objectives.length > 1 ? 'pareto' : null;
  }
  return null;
}

/** Words that ask for a study again, with or without changes. */
const AGAIN_WORDS = /\b(?:again|retry|re-?run|redo|re-?do|repeat|once more|restart|start over|another (?:go|try|shot|run)|same|instead|one more time|re-?try|this time)\b/;

/** "… for batch time", "optimise it for p99 instead": a metric the study is now for. */
const FOR_METRIC = /\b(?:for|on|towards?)\s+(?:the\s+|its\s+|a\s+(?:better|lower|higher)\s+)?(?:[a-z0-9_]+\s+){0,2}(?:time|latency|accuracy|throughput|size|loss|f1|auc|p\d\d|[a-z0-9]+_[a-z0-9_]+)\b/;

/** Kinds of chart nothing but a chart shows. */
const CHART_ONLY = /\bconverg\w*|\boptimi[sz]ation history\b|\b(?:study|trial|search|objective) history\b|\bbest[- ]so[- ]far\b|\blearning curves?\b|\bintermediate values?\b|\bparallel[- ]?coord\w*|\btrials? table\b/;

/** Thanks, help or a plain answer, for a message that asks for nothing tunechat does. */
function thanksOrHelp(input: PlanInput): Plan {
  if (/\b(?:th\w*nks?|thx|ty|cheers|ta|appreciated?|great|brilliant|top job|nice one)\b/.test(input.text)) return thanksPlan();
  if (/\b(?:help|halp|what (?:can|do) (?:you|u)|what is this|how does this work)\b/.test(input.text)) return helpPlan();
  return unknownPlan(input.conversation);
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
    // "if the time to first token goes over 500 ms": the LLM result's field, not a latency percentile.
    const metric = llmRuleField(conditionOf(input.text)) ?? constraint?.metric ?? resolveMetric(request.rule, null)?.name;
    const named = ruleActionIn(input.text);
    // "a rule that flags any trial with …": words that ask to be told, and none that ask to act, are an alert.
    const action = request.rule.action === 'trigger_alert' || named === 'log' ? named ?? 'trigger_alert' : named === null && ALERT.test(input.text) ? 'trigger_alert' : request.rule.action;
    if (metric && op) return addRulePlan(namedRule(makeRule(metric, op, constraint?.value ?? request.rule.amount.value, action), input.raw));
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
