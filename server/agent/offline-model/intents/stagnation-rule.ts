import { NUMBER, parseNumber } from '../normalize.ts';
import type { Plan } from '../plan.ts';
import { addRulePlan, namedRule, ruleActionIn } from './rules.ts';

/**
 * A rule on a study's stagnation: "if there's no improvement for 40 trials in a row, stop the study", "alert me
 * when the best hasn't improved in 25 trials", "30 trials without a new best → stop". The field is the study fact
 * `trials_since_best` (tools/rules/fact-publishing.ts); the action is the one the words ask for, an alert by default
 * when they ask to be told.
 */
const NO_GAIN = String.raw`(?:improvement|improving|progress|gain|new best|better (?:trial|result|value)|change in the best)`;
const TRIALS = String.raw`(?:consecutive |straight |more )?(?:trials?|evaluations?|runs?|iterations?)`;
const PATTERNS = [
  new RegExp(String.raw`\bno(?:thing)?\s+${NO_GAIN}s?\s+(?:for|in|over|after|within|during|across)\s+(?:the\s+(?:last|past)\s+)?${NUMBER}\s+${TRIALS}`),
  new RegExp(String.raw`\b${NUMBER}\s+${TRIALS}\s+(?:in a row\s+)?(?:(?:pass|go by|elapse|go|run|have passed|have gone by)\s+)?(?:in a row\s+)?(?:without|with no|with zero)\s+(?:an?\s+|any\s+)?${NO_GAIN}`),
  new RegExp(String.raw`\b(?:nothing|the best(?: value| score| result)?|best value|it|the study|the objective)\s+(?:has(?:n'?t| not)|does(?:n'?t| not)|did(?:n'?t| not)|has stopped|stops|stopped)\s+(?:improv\w*|get\w* better|mov\w*)\s+(?:for|in|over|after|within)\s+(?:the\s+(?:last|past)\s+)?${NUMBER}\s+${TRIALS}`),
  new RegExp(String.raw`\b(?:nothing|no trial)\s+(?:improves|beats the best|gets better)\s+(?:for|in|over|within)\s+${NUMBER}\s+${TRIALS}`),
  new RegExp(String.raw`\b${NUMBER}\s+${TRIALS}\s+(?:in a row\s+)?(?:fail to|don'?t|do not|can'?t|cannot|never)\s+(?:beat|improve on|top|better)\s+the best`),
  new RegExp(String.raw`\b(?:stalls?|stalled|plateaus?|plateaued|stagnates?|stagnated)\s+(?:for|over|during)\s+${NUMBER}\s+${TRIALS}`),
];
const TELL_ME = /\b(?:alert|notify|ping|tell|warn|let me know|flag|page)\b/;

export function stagnationRulePlan(text: string, raw: string): Plan | null {
  const match = PATTERNS.map((p) => p.exec(text)).find((m) => m !== null);
  if (!match) return null;
  const count = parseNumber(match[1] ?? '');
  if (!Number.isInteger(count) || count < 1) return null;
  // "… stop it automatically": the study is what stops (the trial count in the condition is no trial to prune).
  const stopsStudy = /\b(?:stop|halt|abort|kill|end|terminate|cancel)\s+(?:it|the (?:study|run|search|sweep|tuning|optimi[sz]ation))\b/.test(text);
  const action = ruleActionIn(text) ?? (stopsStudy ? 'stop_study' : TELL_ME.test(text) ? 'trigger_alert' : null);
  if (!action) return null;
  const verb = action === 'trigger_alert' ? 'Alert' : action === 'stop_study' ? 'Stop the study' : action === 'log' ? 'Log a line' : 'Prune the trial';
  const rule = {
    rule_id: `${action === 'trigger_alert' ? 'alert' : action.replace('_', '-')}-no-improvement-${count}`,
    description: `${verb} when the best value has not improved for ${count} trials`,
    // "(trials_since_best over 40)": the operator as written, when it is.
    condition: { field: 'trials_since_best', operator: /\btrials_since_best\s*(?:>(?!=)|over|above|more than|greater than|exceeds)/.test(text) ? '>' : '>=', value: count },
    action,
  };
  return addRulePlan(namedRule(rule, raw));
}

/** "log a message every time a trial fails", "alert me whenever a trial crashes": a rule on the trial's state. */
const TRIAL_FAILS = /\b(?:every time|each time|whenever|when|if|once|as soon as)\s+(?:a|any|one|some)\s+(?:trial|run|evaluation)\s+(?:fails|crashes|errors(?: out)?|breaks|dies)\b|\b(?:on|for|about) (?:every |each |any )?(?:failed|failing|crashed|crashing) (?:trials?|runs?)\b|\b(?:every|each|any) (?:failed|failing|crashed|crashing) (?:trial|run)\b/;

export function trialFailureRulePlan(text: string, raw: string): Plan | null {
  if (!TRIAL_FAILS.test(text)) return null;
  const action = ruleActionIn(text) ?? (TELL_ME.test(text) ? 'trigger_alert' : null);
  if (!action || action === 'prune_trial') return null;
  const verb = action === 'trigger_alert' ? 'Alert' : action === 'stop_study' ? 'Stop the study' : 'Log a line';
  const rule = {
    rule_id: `${action === 'trigger_alert' ? 'alert' : action.replace('_', '-')}-trial-failed`,
    description: `${verb} when a trial fails`,
    condition: { field: 'state', operator: '==', value: 'failed' },
    action,
  };
  return addRulePlan(namedRule(rule, raw));
}
