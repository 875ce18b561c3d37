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
export const WAIT_FIRST = /^(?:ok(?:ay)?,? |now,? |then,? |please,? )*(?:wait|hold on|hang on)\s+(?:for|until|till)\b/;
/** "start another one like that", "a new study like the last": a new study, not more trials of the same one. */
export const NEW_LIKE = /\b(?:another|a new|a second|a fresh)\s+(?:one|study|run)\s+(?:like|just like|similar to|the same as|as)\b|\b(?:new|fresh|separate|second)\s+study\b/;
