import { isRecord, type Plan, type PlanInput } from '../plan.ts';
import type { ToolExchange } from '../conversation.ts';
import { writeReplay, writeSessionList } from '../writers/sessions.ts';
import { ONE_SESSION } from '../understanding/request-words.ts';
import { sessionsLimitIn } from './study-slots.ts';

const LIST = /\b(?:previous|past|earlier|old|older|recent|other|my|all)\b.{0,12}\b(?:conversations?|convos?|sessions?|chats?)\b|\bchat history\b|\bhistory of (?:my )?(?:chats|conversations)\b/;
const REPLAY = /\b(?:replay|play back|show me|open)\b.{0,30}\b(?:session|conversation|chat)\b|\breplay\b|\bwhat did (?:we|i) do (?:last time|yesterday|before)\b/;
const ID = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|sess?(?:ion)?[_-][a-z0-9_-]{4,}|[a-z0-9]{16,})\b/i;
/** An id right after the word session/conversation/chat: any token with a digit ("4c1d9e2a", "s-2026-11-30-a", "abc123xyz"). */
const NAMED_ID = /\b(?:(?:sess?ions?|conversations?|chats?)\s+(?:with (?:the )?)?(?:id\s+)?|(?:with |the |its |that |session )?id\s+)[#"'`]?([a-z0-9][a-z0-9_-]*\d[a-z0-9_-]*)/i;
/** Words that ask to see an earlier session again. */
const SEE_AGAIN = /\b(?:replay\w*|replai|play (?:it )?back|open|show|load|walk me through|what happened in|go through|pull up|bring up)\b/;

/** "replay 0c4e9b12 for me", "the replay of 9d8e7f60", "replay c_41d07": an id (a token of 5+ with a digit) right after the verb. */
const REPLAYED_ID = /\b(?:replay(?:ing)?|play(?:ing)? back|re-?watch)\s+(?:of\s+)?[#"'`]?((?=[a-z_-]*\d)[a-z0-9][a-z0-9_-]{4,})\b/i;

/** The session id a message names, as typed. */
export function sessionIdIn(raw: string): string | null {
  return ID.exec(raw)?.[1] ?? NAMED_ID.exec(raw)?.[1] ?? REPLAYED_ID.exec(raw)?.[1] ?? null;
}

/** "play back conversation 4c1d9e2a", "what happened in session s-2026-11-30-a?": a replay by id, whatever else it reads like. */
export function replayById(text: string, raw: string): Plan | null {
  const id = NAMED_ID.exec(raw)?.[1] ?? REPLAYED_ID.exec(raw)?.[1] ?? (/\b(?:sess?ions?|conversations?|chats?)\b/.test(text) ? ID.exec(raw)?.[1] : undefined);
  return id && SEE_AGAIN.test(text) ? replayPlan({ session_id: id }) : null;
}

/** "show my previous conversations" → list_sessions; "replay yesterday's session" → list_sessions, then replay_session. */
export function matchSessions(input: PlanInput): Plan | null {
  const { text, raw } = input;
  if (REPLAY.test(text)) return replaySessionPlan(text, raw);
  if (!LIST.test(text)) return null;
  return listSessionsPlan(text);
}

const N = String.raw`(?:chats?|convos?|conversations?|sessions?)`;
/**
 * An earlier session said with its noun: "my old convos", "an earlier chat", "the chat where we benchmarked …", "the
 * conversation I had with you yesterday", "chat history".
 */
const EARLIER_SESSION = new RegExp(String.raw`\b(?:previous|past|earlier|old|older|prior|saved|other)\s+(?:\w+\s+)?${N}\b|\bchat history\b|\b${N}\s+(?:where|in which|when)\s+(?:we|i|you)\b|\b${N}\s+(?:(?:that )?(?:i|we) (?:have |had |once )?had|from (?:yesterday|last \w+|before|earlier))\b`);
/** Asking to see or find something (or a question), not to act: "pull up …", "can you find …", "did I …?", "my old convos?". */
const LOOKS_UP = /\b(?:show|list|see|find|search|look|pull|bring|dig|get|display|view|give me|open|load|replay\w*|play back|take me back|walk me through|what|which|where|did|have|has|any|how many)\b|\?\s*$/;
/** A message that starts by asking for an action ("tune it like in the previous session") is that action. */
const ACTS_FIRST = /^(?:(?:ok(?:ay)?|so|now|please|pls|then|and|also|(?:could|can|would|will) you(?: please)?)[,\s]+)*(?:tune|optimiz\w*|minimiz\w*|maximiz\w*|benchmark|bench|load[- ]test|time|run|start|launch|stop|kill|cancel|continue|resume|register|add|alert|warn|notify|remove|delete|compare|chart|plot|draw|redo|repeat|use|apply|set)\b/;
/** One earlier session by its position (singular): "our previous chat", "the conversation I had with you yesterday". */
const ONE_BY_POSITION = /\b(?:the|our|my|that)\s+(?:very\s+)?(?:previous|last|first|oldest|prior)\s+(?:chat|convo|conversation|session)\b|\b(?:chat|convo|conversation|session)\b.{0,30}\byesterday\b|\b(?:chat|convo|conversation|session)\b.{0,25}\bbefore this\b/;
/** "what have we chatted about before?", "what was I working on in here last week?": what was done in earlier sessions. */
const PAST_WORK = /\bwhat (?:have|did|had) (?:we|you and i|i)(?: two)? (?:been )?(?:chat\w*|talk\w*|discuss\w*|spoke\w*|speak\w*|cover\w*|do|done|doing|work\w* on|tun\w*|test\w*|benchmark\w*)\b[^.?!]{0,30}\b(?:before|previously|earlier|in the past|last (?:week|month|time)|yesterday|the other day)\b|\bwhat (?:was|were) (?:we|i) (?:doing|working on|tuning|testing|benchmarking|up to)\b[^.?!]{0,30}\b(?:before|previously|earlier|in the past|last (?:week|month|time)|yesterday|the other day)\b/;

/**
 * A look-up of earlier sessions that the words settle whatever the encoder reads (it read "my old convos?" as out of
 * scope and "did I run something like this in an earlier chat?" after a study as a chart): one earlier session by its
 * position is replayed (the list first), earlier sessions otherwise are listed.
 */
export function matchSessionLookup(input: PlanInput): Plan | null {
  const { text, raw } = input;
  if (ACTS_FIRST.test(text)) return null;
  if (EARLIER_SESSION.test(text) && LOOKS_UP.test(text)) {
    return ONE_BY_POSITION.test(text) || sessionIdIn(raw) ? replaySessionPlan(text, raw) : listSessionsPlan(text);
  }
  if (PAST_WORK.test(text)) return ONE_SESSION.test(text) || ONE_BY_POSITION.test(text) || /\breplay\w*|play (?:it )?back\b/.test(text) ? replaySessionPlan(text, raw) : listSessionsPlan(text);
  return null;
}

/** list_sessions; "my last 3 chats" → limit 3. */
export function listSessionsPlan(text = ''): Plan {
  const limit = sessionsLimitIn(text);
  return {
    intent: 'list_sessions',
    steps: [{ tool: 'list_sessions', input: () => (limit === null ? {} : { limit }) }],
    write: (done) => (isDryRun(done[0]) ? 'Dry run: I would list your sessions.' : writeSessionList(done[0]?.output)),
  };
}

/**
 * replay_session on the id the text names, else on the position it names (yesterday's, the oldest, the previous one),
 * which the tool resolves; the sessions are listed first so that a position with no session shows what there is.
 */
export function replaySessionPlan(text: string, raw: string): Plan {
  // "list my last 3 chats": a count of sessions to see is a list, not a replay.
  if (sessionsLimitIn(text) !== null && !/\b(?:replay\w*|play back|open|watch)\b/.test(text)) return listSessionsPlan(text);
  const id = sessionIdIn(raw);
  if (id) return replayPlan({ session_id: id });
  const which = /\byesterday\b/.test(text) ? 'yesterday' : /\bfirst\b|\boldest\b/.test(text) ? 'oldest' : 'previous';
  return replayPlan({ which }, true);
}

const isDryRun = (exchange: ToolExchange | undefined) => isRecord(exchange?.output) && (exchange!.output as Record<string, unknown>).dry_run === true;

function replayPlan(input: { session_id: string } | { which: string }, listFirst = false): Plan {
  return {
    intent: 'replay_session',
    // A position with no session is answered with the list (optional: its failure is the write's to explain).
    steps: [...(listFirst ? [{ tool: 'list_sessions', input: () => ({}) }] : []), { tool: 'replay_session', input: () => input, optional: listFirst }],
    write: (done) => {
      const replay = done.find((e) => e.toolName === 'replay_session');
      const named = 'session_id' in input ? `session ${input.session_id}` : `the ${input.which} session`;
      if (replay && isDryRun(replay)) return `Dry run: I would replay ${named}.`;
      if (!replay || replay.failed || (isRecord(replay.output) && replay.output.ok === false)) {
        const list = done.find((e) => e.toolName === 'list_sessions');
        return `I could not find ${named}.${list ? ` ${writeSessionList(list.output)}` : ''}`;
      }
      return writeReplay(replay.output);
    },
  };
}

interface SessionRow {
  id: string;
  title: string;
  at: number;
}

export function readSessions(output: unknown): SessionRow[] {
  const list = Array.isArray(output) ? output : isRecord(output) && Array.isArray(output.sessions) ? output.sessions : [];
  return list.filter(isRecord).flatMap((s) => {
    const id = s.id ?? s.session_id;
    const at = s.updated_at ?? s.updatedAt ?? s.created_at ?? s.createdAt;
    const time = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : NaN;
    return typeof id === 'string' ? [{ id, title: String(s.title ?? ''), at: Number.isFinite(time) ? time : 0 }] : [];
  }).sort((a, b) => b.at - a.at);
}
