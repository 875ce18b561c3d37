import { findTargetInText, knownTargets } from '../catalog.ts';
import { normalize } from '../normalize.ts';
import type { Plan, PlanInput } from '../plan.ts';
import {
  asksForControl, controllerIsLatest, CONTROLLER_NOUNS, controlStartPlan, controlToolPlan, STUDY_NOUNS, WHAT_TO_KEEP, WHICH_PARAMETER, WHICH_SERVICE,
} from './control.ts';
import { CONTROL_WORDS, parameterIn, parametersOf, parameterWordIn, sloIn } from './control-slots.ts';

/*
 * Live control (issue 15) in the keyword rules (the fallback and the baseline), and the answer to a question this model
 * asked about a control request, for every understanding.
 */

/**
 * The answer to a question this model asked about a control request ("Which parameter should I adjust: workers or
 * cache_size?" → "workers"): the earlier request with the answer, planned again. Null when the last answer asked
 * nothing of the kind, or the message does not answer it.
 */
export function answersControlQuestion(input: PlanInput): Plan | null {
  const before = input.conversation.turns.at(-2);
  if (!before || before.exchanges.length > 0) return null;
  const asked = [WHICH_PARAMETER, WHICH_SERVICE, WHAT_TO_KEEP].find((q) => before.assistantText.includes(q));
  if (!asked) return null;
  const text = input.text;
  const answered =
    asked === WHICH_PARAMETER ? parameterIn(text, ['workers', 'cache_size', ...knownTargets(input.conversation).flatMap((t) => parametersOf(t))]) !== null || parameterWordIn(text) !== null
      : asked === WHICH_SERVICE ? findTargetInText(text, knownTargets(input.conversation)) !== null
        : sloIn(text) !== null;
  if (!answered || text.split(/\s+/).length > 16) return null;
  return controlStartPlan({ ...input, text: `${normalize(before.userText)} ${text}`, raw: `${before.userText} ${input.raw}` });
}

/** Stop and status words of a follow-up that names no study. */
const STOP_WORDS = /\b(?:stop\w*|halt|kill|disable|end|cancel|pause|shut|quit|switch off|turn off)\b|\b(?:turn|switch|shut) (?:it |the \w+ )?(?:off|down)\b|\benough\b/;
const STATUS_WORDS = /\bhow(?:'s| is| are)?\b|\bstatus\b|\bprogress\b|\bdoing\b|\bdone so far\b|\bdecisions?\b|\b(?:being )?met\b|\bmeeting\b|\bwithin\b.*\bslo\b|\bwhat (?:has|did|is)\b|\bany (?:news|changes|updates?)\b|\bupdate\b|\bchanged?\b/;

/**
 * The keyword rules (the fallback and the baseline): a controller id or controller words with a stop or status word,
 * a steering request with an SLO, a change to the running controller, and "stop it" / "how is it doing?" when the
 * controller is the conversation's latest live thing.
 */
export function matchControl(input: PlanInput): Plan | null {
  const { text, conversation } = input;
  const answer = answersControlQuestion(input);
  if (answer) return answer;
  const latest = controllerIsLatest(conversation);
  const aboutController = CONTROLLER_NOUNS.test(text) || /\bcontrolling\b/.test(text) || (latest && !STUDY_NOUNS.test(text));
  if (STUDY_NOUNS.test(text) && !CONTROLLER_NOUNS.test(text)) return null;
  if (/\b(?:alert|notify|ping|warn|page) me\b|\blet me know\b|\btell me (?:if|when)\b/.test(text)) return null;
  if (aboutController && STOP_WORDS.test(text) && !/\bwithout\b/.test(text) && !sloIn(text)) return controlToolPlan('stop', input);
  if (CONTROL_WORDS.test(text) && (sloIn(text) || parameterWordIn(text)) && !/\b(?:tune|optimi[sz]e|minimi[sz]e|maximi[sz]e|find the best)\b/.test(text)) return controlStartPlan(input);
  if (aboutController && STATUS_WORDS.test(text)) return controlToolPlan('status', input);
  if (latest && asksForControl(text, conversation)) return controlStartPlan(input);
  return null;
}
