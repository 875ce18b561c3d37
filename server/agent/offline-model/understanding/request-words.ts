import type { Intent } from '../../nlu/types.ts';
import { priorExchanges, type Conversation } from '../conversation.ts';

/*
 * Words and look-backs the planner (request-plan.ts) checks a reading against: each names a family of phrasings an
 * evaluation set showed the encoder's reading alone gets wrong.
 */

export const REFERS_BACK = /\b(?:its|it|that|this|the same)\b/;

/** The study id the conversation's last call named (`study_status {study_id}`), or null. */
export function lastNamedStudy(conversation: Conversation): string | null {
  const id = priorExchanges(conversation).at(-1)?.input.study_id;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

/** "make this SQL faster: SELECT …": a query to rewrite is code, not a target. */
export const SQL = /\bselect\b[\s\S]+\bfrom\b|\b(?:insert into|delete from|create table|create index)\b|\bupdate\s+\w+\s+set\b/i;
/** Words of a question about the winner, and of one about which parameters matter. */
export const BEST_WORDS = /\b(?:best|pareto|optimal|optimum|winn\w*|deploy|recommend\w*|top)\b|\bshould i (?:use|pick|choose|ship|go with)\b/;
export const IMPORTANCE_WORDS = /\b(?:importan\w*|matter\w*|influen\w*|sensitiv\w*|impact\w*|driv\w*|affect\w*|contribut\w*|effect\w*)\b/;
/** "wait for it to finish…" (a message that starts by asking to wait), "stream the progress till the end". */
export const WAIT_FIRST = /^(?:ok(?:ay)?,? |now,? |then,? |please,? )*(?:wait|hold on|hang on)\s+(?:for|until|till)\b|\b(?:stream|follow|watch|track|show)\b.{0,25}\b(?:progress|it|trials?|study)\b.{0,15}\b(?:till|until|to|through) (?:the )?(?:end|finish|it(?:'s| is) (?:done|finished)|completion)\b/;
/** "fanova on st_88aa11", "shap values for it": an importance analysis named by its method. */
export const IMPORTANCE_METHOD = /\b(?:f-?anova|shap(?: values)?|sensitivity analysis|param(?:eter)? importance)\b/;
/** "start another one like that", "a new study like the last": a new study, not more trials of the same one. */
export const NEW_LIKE = /\b(?:another|a new|a second|a fresh)\s+(?:one|study|run)\s+(?:like|just like|similar to|the same as|as)\b|\b(?:new|fresh|separate|second)\s+study\b/;

/** The words a look-up's area is asked about with (see planForRequest). */
export const AREA_WORDS: Partial<Record<Intent, RegExp>> = {
  replay_session: /\b(?:sess\w*|chats?|convos?|conversations?|history|replay\w*|oldest|newest|latest|first (?:one|session|chat|conversation)|those|play\w* back|earlier|before|previous|yesterday|last time|talk\w*|discuss\w*|asked|said|told|working on|did we)\b|[0-9a-f]{6,}/,
  list_sessions: /\b(?:sess\w*|chats?|convos?|conversations?|history|earlier|before|previous|past|last time|talk\w*|discuss\w*|asked|replay\w*|saved|old)\b/,
  list_targets: /\b(?:targets?|tun\w*|optimi\w*|models?|services?|regist\w*|available|support\w*|options?|functions?|problems?|knobs?|catalog\w*|what (?:can|do|else)|which|anything|else)\b/,
  list_rules: /\b(?:rules?|alerts?|alarms?|watch\w*|triggers?|notif\w*|monitor\w*|active|set up|guard\w*|conditions?|thresholds?)\b/,
};

export const SESSION_LIST = /\b(?:sessions|chats|conversations|history|list)\b/;
/** One earlier session named by its position. */
export const ONE_SESSION = /\b(?:(?:very )?first|oldest|yesterday'?s?|previous|last)\s+(?:session|chat|conversation)\b|\bsession (?:from )?yesterday\b|\b(?:ask|say|tell|do)\w* (?:you )?(?:last time|yesterday)\b|\b(?:talk|chat|speak|discuss)\w* about (?:the )?(?:last time|yesterday)\b/;
