import type { Plan, PlanInput } from '../plan.ts';
import { previousStudy, studyQuestionPlan } from './follow-up.ts';
import { namedStudyId } from './study-ids.ts';

/** "kill it, it is wasting cpu", "cancel the study": a stop verb on the study, with no condition or second ask after it. */
const STOP_IT = /^(?:(?:ok(?:ay)?|please|pls|just|now|ugh|hmm)[,\s]+)*(?:kill|stop|cancel|abort|halt|terminate|end)\s+(?:it|this|that|the (?:study|run|search|job|sweep|tuning)|st_[a-z0-9]+)\b(?!\s*(?:when|if|once|after|as soon|early|at|and|then|but|to)\b)/i;
/** A question about the winner: "and the winning config out of those 52 is?", "who won?". */
const WINNER = /\b(?:won|wins|winning|winner|optimum|optimal)\b/i;
const ASKS_MORE = /\b(?:more|another|extra|additional|continue|resume|again|keep going|rerun|re-run|restart)\b/i;

/**
 * Follow-ups about the session's study that the words settle whatever the encoder leans to: its context nodes (the
 * study's target and metrics) pulled "kill it, it is wasting cpu" to a new objective (cpu) and "the winning config out
 * of those 52" to more trials.
 */
export function matchStudyShortcut(input: PlanInput): Plan | null {
  if (!previousStudy(input.conversation)) return null;
  const raw = input.raw.trim();
  if (STOP_IT.test(raw)) return studyQuestionPlan('stop', input.conversation, namedStudyId(raw));
  if (WINNER.test(raw) && /\?\s*$/.test(raw) && !ASKS_MORE.test(raw)) return studyQuestionPlan('best', input.conversation, namedStudyId(raw), input.text);
  return null;
}
