import type { Conversation } from '../conversation.ts';
import { textPlan, type Plan, type PlanInput } from '../plan.ts';

const CAPABILITIES = [
  '- **tune** a target: "tune my XGBoost for latency", "minimize branin with 40 trials", "use TPE on rosenbrock, 100 trials, 4 in parallel"',
  '- **follow a study**: "how is it going?", "stop it", "what were the best params?", "show the Pareto front", "which parameters matter most?", "run 50 more"',
  '- **benchmark**: "benchmark http://127.0.0.1:8080/ with 64 connections for 20 seconds", "time `python3 predict.py` 10 times", "measure TTFT of http://127.0.0.1:8000/v1 with 8 concurrent requests"',
  '- **rules and alerts**: "alert me if p99 latency goes over 200 ms", "which rules are active?"',
  '- **targets and sessions**: "what can you tune?", "show my previous conversations", "replay yesterday\'s session"',
].join('\n');

const HELP = /^(hi|hello|hey|yo|good (morning|afternoon|evening)|help|\?)\b|\bhelp\b|\bwhat (do|can) you do\b|\bwho are you\b|\bwhat are you\b|\bhow do(es)? (this|it|you) work\b|\bwhat is tunechat\b/;

export function helpPlan(): Plan {
  return textPlan('help', `I am tunechat's offline assistant. I tune models and services by running studies, benchmarks and rules for you. You can ask me to:\n\n${CAPABILITIES}`);
}

const THANKS = /^(?:thanks?|thank you|thx|cheers|great|perfect|nice|cool|ok(?:ay)?|awesome)\b[\s!.,]*(?:a lot|so much|very much)?[\s!.]*$/;

export function thanksPlan(): Plan {
  return textPlan('thanks', 'Glad to help. Ask for another study, a benchmark or an alert whenever you like.');
}

export function matchHelp(input: PlanInput): Plan | null {
  if (THANKS.test(input.text)) return thanksPlan();
  return HELP.test(input.text) ? helpPlan() : null;
}

/** Anything not understood: say so honestly and list what works. Never a guessed tool call. */
export function unknownPlan(_conversation: Conversation): Plan {
  return textPlan('unknown', `I did not understand that as something I can do: I only run tuning studies, benchmarks, rules and session look-ups (I am the offline model, not a general chat assistant). Things I understand:\n\n${CAPABILITIES}`);
}
