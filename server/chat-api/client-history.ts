import type { UIMessage } from 'ai';
import { ToolError } from '../../tools/common/errors.ts';

/**
 * Checks that the messages a `useChat` client sends before its new one do not contradict the session's stored
 * history. tunechat keeps the history server-side and gives the model only that (never the client's copy), so the
 * check is about the client and the server talking about the same conversation, not about trust:
 *
 * - every assistant message the client holds must be one this session stored (same id: the id of the stream's
 *   `start` chunk), in the stored order. A client holding answers the server never gave is on another conversation
 *   (a reused chat id, a stale tab): 409 `conflict`.
 * - user and system messages are not compared: the server has its own copy of each user message (with its own id),
 *   and a user message the server never answered (a send that failed) may stay in the client's list.
 *
 * So a client may send the whole conversation, only a recent part of it, or only the new message; `regenerate()`
 * and editing a message are new turns (the session keeps the earlier answer too: stored turns are never rewritten).
 */
export function checkClientHistory(input: { chatId: string; stored: readonly UIMessage[]; earlier: readonly UIMessage[] }): void {
  const position = new Map<string, number>();
  input.stored.forEach((m, i) => {
    if (m.role === 'assistant') position.set(m.id, i);
  });
  let previous = -1;
  input.earlier.forEach((message, index) => {
    if (message.role !== 'assistant') return;
    const at = position.get(message.id);
    if (at === undefined) {
      throw new ToolError('conflict', `messages[${index}] is assistant message "${message.id}", which chat "${input.chatId}" never stored (it has ${position.size} assistant messages): the client holds another conversation under this chat id; start a new chat or reload this one`, {
        details: { parameter: `messages[${index}].id`, value: message.id, rule: 'history', storedAssistantMessages: position.size },
      });
    }
    if (at <= previous) {
      throw new ToolError('conflict', `messages[${index}] (assistant message "${message.id}") is stored in chat "${input.chatId}" before, or as, an assistant message the client lists ahead of it: the client's history is out of order`, {
        details: { parameter: `messages[${index}].id`, value: message.id, rule: 'history' },
      });
    }
    previous = at;
  });
}
