import type { Plan, PlanInput } from '../plan.ts';
import { continuePlan, previousStudy, studyQuestionPlan } from './follow-up.ts';
import { namedStudyId } from './study-ids.ts';

/** "kill it, it is wasting cpu", "cancel the study": a stop verb on the study, with no condition or second ask after it. */
const STOP_IT = /^(?:(?:ok(?:ay)?|please|pls|just|now|ugh|hmm)[,\s]+)*(?:kill|stop|cancel|abort|halt|terminate|end)\s+(?:it|this|that|the (?:study|run|search|job|sweep|tuning)|st_[a-z0-9]+)\b(?!\s*(?:when|if|once|after|as soon|early|at|and|then|but|to)\b)/i;
/** A question about the winner: "and the winning config out of those 52 is?", "who won?". */
const WINNER = /\b(?:won|wins|winning|winner|optimum|optimal)\b/i;
const ASKS_MORE = /\b(?:more|another|extra|additional|continue|resume|again|keep going|rerun|re-run|restart)\b/i;

/** "how's the extra batch doing?", "how is that second round coming along?": how the study (or its continuation) is going. */
const HOW_GOING = /\bhow(?:'s| is| are)\s+(?:the |that |this |those |these |our |my )?(?:[\w-]+ ){0,2}(?:batch|study|run|runs|trials|search|sweep|tuning|job|round|continuation|optimi[sz]ation)\s+(?:going|doing|coming along|progressing|looking)\b/;
/** "report the number of completed trials", "how many trials are done": the count of finished trials is the status. */
const TRIAL_COUNT = /\b(?:number|count|tally) of (?:completed |finished |done |evaluated )?trials\b|\b(?:completed|finished) trials\b|\bhow many (?:of (?:those|these|the|them|my|its) )?(?:\d+ )?(?:trials |runs |evaluations )?(?:are|have|were|have been|are already|got) (?:now )?(?:done|complete\w*|finished|run|evaluated)\b/;
/** "which of them mattered most?", "which knobs had the most impact?": the parameters' importance. */
const MATTERED = /\bwhich (?:of (?:them|those|these|the (?:params?|parameters|knobs|settings))|ones?|params?|parameters|hyper-?param\w*|knobs?|settings?|variables?)\b[^.?!]{0,20}\b(?:mattered|matters?|counted|influenced|drove|drives|had the (?:most|biggest|largest) (?:impact|effect|influence))\b/;
/** "leaderboard please", "give me the optimum x values", "which runs are non-dominated?", "what's study.best_params?". */
const BEST_ASK = /\b(?:pareto|best|top|optimal|non-?dominated|front)\b[^.?!]{0,40}\b(?:as|in) a (?:table|list)\b|\bleaderboard\b|\bnon-?dominated\b|\bbest_(?:params|trials?|value)\b|\b(?:give|show|tell|list|print)\b[^.?!]{0,12}\b(?:optimum|optimal)\b/;
/** "what should I use then?", "so what should I set workers and cache size to?": asking what to pick from the study. */
const WHAT_TO_USE = /\bwhat (?:should|shall|do|would) (?:i|we) (?:(?:use|pick|choose|go with|deploy)(?: (?:then|now|in the end|after all|for (?:it|that|this|production|prod)))?|set\b[^.?!]{0,40}\bto)\s*(?:then|now)?\s*[?.!]*$/;
/** "how big is the best student and how accurate?": a question about the best result, its values. */
const ABOUT_BEST = /^(?:and |so |ok |then )?(?:how|what|which)\b[^.?!]{0,30}\bthe best (?:student|model|one|run|trial|config\w*|setup|candidate|point|result|setting)\b(?!\s+(?:for|to|in|on|of|at) )/;
/** A new study or an action, not a question about the last one. */
const ACTS = /\b(?:tune|optimiz\w*|minimiz\w*|maximiz\w*|find|search|sweep|explore|launch|start|register|benchmark|load[- ]test|chart|plot|draw|graph|visuali[sz]\w*|alert|warn|notify|rule)\b|(?<!\b(?:those|these|the|of|all|its) )\b\d+ (?:trials|evaluations)\b/;

/**
 * Follow-ups about the session's study that the words settle whatever the encoder leans to: its context nodes (the
 * study's target and metrics) pulled "kill it, it is wasting cpu" to a new objective (cpu) and "the winning config out
 * of those 52" to more trials.
 */
export function matchStudyShortcut(input: PlanInput): Plan | null {
  if (!previousStudy(input.conversation)) return null;
  const raw = input.raw.trim();
  const id = namedStudyId(raw);
  if (STOP_IT.test(raw)) return studyQuestionPlan('stop', input.conversation, id);
  // "+20": that many more trials of it.
  const plus = /^\s*\+\s*(\d{1,5})\s*(?:trials?|more)?\s*[.!]?\s*$/.exec(raw);
  if (plus) return continuePlan(input, previousStudy(input.conversation)!, Number(plus[1]));
  if (WINNER.test(raw) && /\?\s*$/.test(raw) && !ASKS_MORE.test(raw)) return studyQuestionPlan('best', input.conversation, id, input.text);
  return studyQuestionShortcut(input.text, input, id);
}

/** Questions about the study in words the encoder reads as something else: how it is going, what mattered, what won. */
function studyQuestionShortcut(text: string, input: PlanInput, id: string | null): Plan | null {
  if (ACTS.test(text)) return null;
  if (HOW_GOING.test(text) || TRIAL_COUNT.test(text)) return studyQuestionPlan('status', input.conversation, id);
  if (ASKS_MORE.test(text)) return null;
  if (MATTERED.test(text)) return studyQuestionPlan('importance', input.conversation, id, text);
  if (BEST_ASK.test(text) || WHAT_TO_USE.test(text) || ABOUT_BEST.test(text)) return studyQuestionPlan('best', input.conversation, id, text);
  return null;
}
