import type { Plan, PlanInput, PlanMatcher } from '../plan.ts';
import { matchAccess } from '../intents/access.ts';
import { matchBench } from '../intents/bench.ts';
import { matchChart } from '../intents/charts.ts';
import { matchConfirm } from '../intents/confirm.ts';
import { matchControl } from '../intents/control-match.ts';
import { matchFollowUp } from '../intents/follow-up.ts';
import { helpPlan, matchHelp, unknownPlan } from '../intents/help.ts';
import { matchRules } from '../intents/rules.ts';
import { matchSessions } from '../intents/sessions.ts';
import { matchTargets } from '../intents/targets.ts';
import { matchTune } from '../intents/tune.ts';
import type { Understanding } from './understanding.ts';

/** Areas in priority order: the first that recognises the request plans it. */
const MATCHERS: PlanMatcher[] = [matchConfirm, matchAccess, matchControl, matchRules, matchBench, matchSessions, matchChart, matchFollowUp, matchTargets, matchTune, matchHelp];

/** The first keyword matcher that recognises the request, or null. */
export function keywordMatch(input: PlanInput): Plan | null {
  for (const matcher of MATCHERS) {
    const plan = matcher(input);
    if (plan) return plan;
  }
  return null;
}

/** The keyword rules alone: the offline model before the understanding pipeline, kept as a fallback and a baseline. */
export const keywordUnderstanding: Understanding = {
  name: 'keyword',
  plan(input: PlanInput): Plan {
    if (!input.text) return helpPlan();
    return keywordMatch(input) ?? unknownPlan(input.conversation);
  },
};
