import type { Plan, PlanInput } from '../plan.ts';
import { listRulesPlan } from './rules.ts';
import { listTargetsPlan } from './targets.ts';

/**
 * "show me my rules", "list the targets", "what are my alerts?": a request that is only a listing leaves nothing to
 * read, whatever the conversation before it (after a benchmark the encoder's context nodes pulled "show me my rules"
 * towards help). Anything more (a condition, a number, a name) goes to the encoder as before.
 */
const LEAD = String.raw`^(?:(?:ok(?:ay)?|now|also|and|so|please|pls|plz)[,\s]+)*(?:(?:can|could|would)\s+(?:you|u)\s+(?:please\s+)?)?(?:show|list|display|give|see|what are|which are|remind me of)(?:\s+me)?\s+(?:(?:all|my|the|our|current|active|existing|registered)\s+)*`;
const RULES = new RegExp(`${LEAD}(?:rules|alerts)(?:\\s+(?:please|again|now))?\\W*$`, 'i');
const TARGETS = new RegExp(`${LEAD}targets(?:\\s+(?:please|again|now))?\\W*$`, 'i');

/**
 * A question about what can be tuned: "what sorts of things are you able to optimise for me?", "what else is there to
 * tune besides branin?", "what systems is this tool connected to?", "what metrics does the example service report?".
 */
const TUNABLE_QUESTION = /^(?:(?:so|and|ok|okay|hmm|hey|hi)[,\s]+)*(?:what|which)\b[^.!?]{0,40}?\b(?:(?:can|could|are|would) (?:you|u|i|we|it|tunechat|this tool)(?: be)? (?:able to )?(?:tune|optimi[sz]e|improve)|(?:is|are) there (?:left )?to (?:tune|optimi[sz]e)|(?:is|are) (?:this tool|tunechat|it|you) (?:connected|hooked up|wired up|plugged in)(?: to)?)\b|^(?:(?:so|and|ok|okay)[,\s]+)*what(?:'?s| is| has been| have you got| do you have)? registered\b/i;
const TARGET_METRICS = /^(?:(?:so|and|ok|okay)[,\s]+)*(?:what|which) (?:metrics?|parameters?|params|knobs|objectives?) (?:does|do|can) (?:the |my |our )?(?!(?:study|studies|run|runs|search|sweep|best|winner|it|that|this|they)\b)[a-z0-9_ -]{2,40}? (?:report|expose|measure|output|return|emit|have|offer|tune|take|accept)\b[^.!]*\?*\s*$/i;

export function matchExplicitList(input: PlanInput): Plan | null {
  const text = input.raw.trim();
  if (RULES.test(text)) return listRulesPlan();
  if (TARGETS.test(text) || TUNABLE_QUESTION.test(text) || TARGET_METRICS.test(text)) return listTargetsPlan();
  return null;
}
