import type { StructuredRequest } from '../../nlu/read-request.ts';
import { normalize } from '../normalize.ts';
import type { Plan, PlanInput } from '../plan.ts';
import {
  asksForControl, controllerIsLatest, CONTROLLER_NOUNS, controlStartPlan, controlToolPlan, previousController, STUDY_NOUNS, type ControlRoles,
} from '../intents/control.ts';
import { CONTROL_WORDS, controllerIdIn, dryRunIn, periodIn, policyIn, signalIn, sloIn } from '../intents/control-slots.ts';

/**
 * Live control in the understanding pipeline (issue 15): the encoder's control_* readings checked against the words,
 * and the readings of neighbouring intents that the words make a control request. Null: not a control matter, the
 * caller plans the request as it was read.
 * - control_start needs a live-steering verb or object ("scale its workers", "by resizing the pool", "autoscale",
 *   "controller", "feedback loop") or a change to the running controller; "keep p99 under 40 ms" alone, "tune … and
 *   keep errors under 1%", "alert me if p99 goes over 200 ms" stay what the next reading says;
 * - control_status / control_stop without a controller in the conversation or words naming one are the study's;
 * - a study's "how is it going?" / "stop it" are the controller's when it is the latest live thing and no word names a study.
 */
export function planControlRequest(request: StructuredRequest, input: PlanInput, plan: (request: StructuredRequest) => Plan, fallback: () => Plan): Plan | null {
  const { text, conversation } = input;
  const roles = rolesOf(request);
  const next = (): Plan => {
    const second = request.alternative;
    if (second && !second.intent.startsWith('control_') && second.confidence >= 0.3) return plan({ ...request, intent: second.intent, confidence: second.confidence, alternative: null });
    return fallback();
  };
  const names = CONTROLLER_NOUNS.test(text) || controllerIdIn(input.raw) !== null;
  const latest = controllerIsLatest(conversation);
  // "use AIMD", "check every 2 seconds", "just show what it would do": a change to the controller that runs, whatever
  // neighbouring reading the encoder gave (a study's words, a URL or a command keep theirs).
  if (latest && !request.intent.startsWith('control_') && (policyIn(text) || periodIn(text) !== null || dryRunIn(text)) && !STUDY_WORDS.test(text) && !request.url && !request.command) return controlStartPlan(input, roles);
  switch (request.intent) {
    case 'control_start':
      return asksForControl(text, conversation) ? controlStartPlan(input, roles) : next();
    case 'control_status':
    case 'control_stop': {
      const kind = request.intent === 'control_status' ? 'status' : 'stop';
      if (kind === 'stop' && !STOP_WORDS.test(text)) return next();
      if (kind === 'status' && !names && !STATUS_WORDS.test(text)) return next();
      const controllerMeant = names || (previousController(conversation) !== null && (latest || !previousStudyExists(input)) && !STUDY_NOUNS.test(text));
      if (!controllerMeant) return plan({ ...request, intent: kind, alternative: null });
      return controlToolPlan(kind, input, roles);
    }
    case 'status':
    case 'stop':
      if ((names || latest) && !STUDY_NOUNS.test(text) && (request.intent === 'status' || STOP_WORDS.test(text))) return controlToolPlan(request.intent, input, roles);
      return null;
    case 'try_again':
    case 'switch_objective':
      if (latest && (policyIn(text) || periodIn(text) !== null || dryRunIn(text)) && !/\b(?:trials?|study|sampler|tpe|cma-?es|cmaes|random search)\b/.test(text)) return controlStartPlan(input, roles);
      return steering(text, input, roles);
    default:
      return steering(text, input, roles);
  }
}

/** Another reading whose words are plainly a control request: a steering word, an SLO, no tuning or alert words. */
function steering(text: string, input: PlanInput, roles: ControlRoles): Plan | null {
  // "autoscale the example service workers": unmistakable without an SLO (the plan asks for it); "by scaling" needs one.
  if (!STRONG_CONTROL.test(text) || (!sloIn(text) && !UNMISTAKABLE.test(text))) return null;
  if (/\b(?:tune|tuning|optimi[sz]\w*|minimi[sz]\w*|maximi[sz]\w*|find the best|trials?|study|sweep)\b/.test(text)) return null;
  if (/\b(?:alert|notify|ping|warn|page) me\b|\blet me know\b|\btell me\b|\b(?:if|when|whenever)\b/.test(text)) return null;
  return CONTROL_WORDS.test(text) ? controlStartPlan(input, roles) : null;
}

const STUDY_WORDS = /\b(?:trials?|study|studies|sampler|tpe|cma-?es|cmaes|random search|benchmark|load test|alerts?|rules?)\b/;
const UNMISTAKABLE = /\bauto-?scal\w*|\bcontroller\b|\bfeedback loop\b|\bcontrol loop\b/;
const STRONG_CONTROL = /\bauto-?scal\w*|\bcontroller\b|\bfeedback loop\b|\bcontrol loop\b|\bby (?:scaling|resizing|adjusting|changing|varying|growing|shrinking|adding|removing)\b|\b(?:scale|resize|adjust) (?:its |the |my )?(?:workers?|worker pool|pool|cache|threads?)\b/;
/** Words of a question about how something is going ("show my previous conversations" has none). */
const STATUS_WORDS = /\bhow\b|\bstatus\b|\bprogress\b|\bdoing\b|\bdone\b|\bdecisions?\b|\bmet\b|\bmeeting\b|\bwhat (?:has|did|is|are)\b|\bany (?:news|changes|updates?)\b|\bupdate\b|\bchang\w*|\bscaled?\b|\bholding\b|\bkeeping up\b|\bstill\b|\bwithin\b|\binside\b|\bnow\b|\bcurrent\w*/;
const STOP_WORDS = /\b(?:stop\w*|halt\w*|kill\w*|disabl\w*|end|ending|cancel\w*|paus\w*|shut|quit|off|enough|terminat\w*|abort\w*)\b/;

function previousStudyExists(input: PlanInput): boolean {
  return input.conversation.turns.slice(0, -1).some((t) => t.exchanges.some((e) => e.toolName === 'start_study'));
}

/** The roles of a control request, from the structured request (the SLO: the first threshold on a signal the controller knows). */
export function rolesOf(request: StructuredRequest): ControlRoles {
  const roles: ControlRoles = {};
  if (request.target) roles.target = request.target;
  const thresholds = [...request.constraints, ...(request.rule ? [request.rule] : [])];
  const slo = thresholds.find((c) => signalIn(normalize(c.text)) ?? signalIn(normalize(c.metric)));
  if (slo) roles.slo = { metric: slo.metric, text: slo.text, op: slo.op, amount: slo.amount, ...(slo.opInferred ? { opInferred: true } : {}) };
  if (request.controlParam) roles.controlParam = request.controlParam;
  if (request.boundMin !== undefined) roles.boundMin = request.boundMin;
  if (request.boundMax !== undefined) roles.boundMax = request.boundMax;
  if (request.policy) roles.policy = request.policy;
  if (request.periodS !== undefined) roles.periodS = request.periodS;
  if (request.dryRun) roles.dryRun = true;
  if (request.controllerId) roles.controllerId = request.controllerId;
  return roles;
}
