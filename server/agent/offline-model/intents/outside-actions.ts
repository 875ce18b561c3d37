import { findTargetInText, knownTargets } from '../catalog.ts';
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

/** "train a fraud model on our bank's transaction database": training on data tunechat does not have. */
const TRAIN_ON_DATA = /^(?:(?:please|pls|can you|could you|now)[,\s]+)*(?:train|build|fit|create|make)\s+(?:me\s+)?(?:a|an|my|our|the)\s+(?:new\s+)?[\w -]{1,30}?\s*(?:model|classifier|regressor|network|net)\s+(?:on|from|using|with)\s+(?:our|my|the|their|some|this)\b/i;

export function matchTrainOnData(input: PlanInput): Plan | null {
  if (!TRAIN_ON_DATA.test(input.raw.trim()) || findTargetInText(input.text, knownTargets(input.conversation))) return null;
  return textPlan(
    'out-of-scope',
    'I cannot train a model on data I do not have: tunechat tunes targets that run your own training code. Register the script that trains it as a target (e.g. "register `python3 train.py` as fraud-model; it prints auc (maximize)") and I will tune it.',
  );
}

/** "what does the 'value' metric mean for branin?": a question about what a metric means, answered from the catalog. */
const MEANING = /^(?:(?:and|so|ok|okay|hmm|sorry)[,\s]+)*what (?:does|do|did) (?:the |a |an |this |that )?['"`]?([a-z][\w.-]*)['"`]?(?: (?:metric|parameter|param|field|column|objective|number|value))? (?:mean|stand for|measure|refer to|represent)\b/i;

export function matchMeaningQuestion(input: PlanInput): Plan | null {
  const word = MEANING.exec(input.raw.trim())?.[1]?.toLowerCase();
  if (!word) return null;
  const targets = knownTargets(input.conversation);
  const named = findTargetInText(input.text, targets);
  const owner = [...(named ? [named] : []), ...targets].find((t) => t.metrics.some((m) => m.name.toLowerCase() === word));
  const metric = owner?.metrics.find((m) => m.name.toLowerCase() === word);
  if (!owner || !metric) return textPlan('explain', `I do not know a metric called \`${word}\`. Say "list targets" to see every target with the metrics it reports and their directions.`);
  const better = (metric.direction ?? 'minimize') === 'minimize' ? 'lower is better' : 'higher is better';
  const what = owner.kind === 'builtin' ? `the value of the ${owner.name} test function at the trial's parameters` : `a metric ${owner.name} reports for each trial`;
  return textPlan('explain', `\`${metric.name}\` is ${what}${metric.unit ? `, in ${metric.unit}` : ''}; ${better}. Studies on ${owner.name} optimise it unless you name another objective.`);
}
