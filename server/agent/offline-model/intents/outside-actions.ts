import { textPlan, type Plan, type PlanInput } from '../plan.ts';

/**
 * "deploy the best xgboost config to our production kubernetes cluster", "now upload the winning model to our S3
 * bucket": an action on the world outside tunechat (deploying, uploading, publishing, mailing), however much the rest
 * of the sentence sounds like tuning. Nothing is called; the answer says what tunechat can do instead.
 */
const OUTSIDE = /^(?:(?:ok(?:ay)?|now|then|please|pls|and|so|also|great|cool|nice|next|finally)[,\s]+)*(?:(?:can|could|would|will) (?:you|u) (?:please )?|i (?:want|need|'d like) (?:you )?to |go (?:ahead )?and )?(?:deploy|upload|publish|ship|roll out|release|email|e-mail|download|commit|merge|open a (?:pr|pull request)|(?:push|send|copy|move) (?!the (?:load|traffic|requests?|queries|prompts|calls)\b)(?:it|this|that|them|the \w+(?: \w+)?) (?:to|into|onto)\b(?!\s*(?:\d|the (?:max|limit|maximum))))/i;
/** A tunechat request after the outside action ("deploy it and then tune latency") is still read. */
const OURS = /\b(?:tune|optimi[sz]e|benchmark|load[- ]?test|alert|rule|register|study|trials?)\b/i;

export function matchOutsideAction(input: PlanInput): Plan | null {
  const raw = input.raw.trim();
  if (!OUTSIDE.test(raw) || OURS.test(raw.replace(OUTSIDE, ''))) return null;
  return textPlan(
    'out-of-scope',
    'I cannot deploy, upload or send anything outside tunechat: I run tuning studies, benchmarks, rules and session look-ups. The best configuration and its parameters are in the study results ("show the best trials"); deploying it is up to you.',
  );
}
