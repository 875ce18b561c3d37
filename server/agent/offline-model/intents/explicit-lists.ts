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

export function matchExplicitList(input: PlanInput): Plan | null {
  const text = input.raw.trim();
  if (RULES.test(text)) return listRulesPlan();
  if (TARGETS.test(text)) return listTargetsPlan();
  return null;
}
