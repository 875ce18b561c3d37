import { safeValidateUIMessages, type UIMessage } from 'ai';
import { z } from 'zod';
import { ToolError } from '../../tools/common/errors.ts';

const MIB = 1024 * 1024;

/**
 * Limits of `POST /api/chat` (the AI SDK's chat request). The body may be larger than other routes' (1 MiB): `useChat`
 * sends the whole conversation, tool outputs included, with every message. The server uses only the last one, so a
 * client with a long history can send just that (`prepareSendMessagesRequest`, README).
 */
export const CHAT_REQUEST_LIMITS = Object.freeze({
  /** Request body, in bytes (8 MiB). */
  bodyBytes: 8 * MIB,
  /** Messages in one request. */
  messages: 2_000,
  /** Characters of the new user message (the same as a websocket `send` frame's text). */
  textChars: 100_000,
});

/**
 * A chat id is the tunechat session id: letters, digits, `_` and `-`, at most 128 characters, starting with a letter or
 * digit. The AI SDK's generated ids (16 alphanumerics) and tunechat's session UUIDs both fit; `.`, `/` and `%` never do,
 * so the id is safe in `GET /api/chat/:id/stream` and in a path.
 */
export const CHAT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

const bodySchema = z.object({
  id: z.string().regex(CHAT_ID_PATTERN, 'a chat id is 1-128 letters, digits, "_" or "-", starting with a letter or digit'),
  messages: z.array(z.unknown()).min(1).max(CHAT_REQUEST_LIMITS.messages).optional(),
  /** The AI SDK's "send only the last message" pattern (`prepareSendMessagesRequest` returning `{ id, message }`). */
  message: z.unknown().optional(),
  trigger: z.enum(['submit-message', 'regenerate-message']).default('submit-message'),
  messageId: z.string().max(256).nullish(),
  /** Keep the turn running when the response is closed (stop or dropped connection); default false: closing stops it. */
  continueOnDisconnect: z.boolean().default(false),
});
// Other fields (a transport's `body` option, `metadata`) are accepted and ignored.

/** A parsed, validated chat request. */
export interface ChatRequest {
  /** The chat id, which is the session id. */
  chatId: string;
  trigger: 'submit-message' | 'regenerate-message';
  /** The new user message's text (its text parts joined by newlines, trimmed). */
  text: string;
  /** The messages before the new one, as the client holds them (checked against the stored history, never used as input). */
  earlier: UIMessage[];
  continueOnDisconnect: boolean;
}

/**
 * Validates an AI SDK chat request body: its shape and limits, every message with the SDK's own
 * `safeValidateUIMessages`, and the new message (the last one): a user message made of text parts only.
 * Throws ToolError `invalid_argument` (400), `too_large` (413) or `unsupported` (422) naming the field and the value.
 */
export async function parseChatRequest(body: unknown): Promise<ChatRequest> {
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new ToolError('invalid_argument', `POST /api/chat needs the AI SDK chat request {id, messages, trigger?, messageId?}: ${issues}`, {
      details: { parameter: parsed.error.issues[0]?.path.join('.') || 'body', limits: CHAT_REQUEST_LIMITS },
    });
  }
  const { id, trigger, continueOnDisconnect } = parsed.data;
  const raw = parsed.data.messages ?? (parsed.data.message !== undefined ? [parsed.data.message] : null);
  if (!raw) throw new ToolError('invalid_argument', 'POST /api/chat needs `messages` (the conversation, ending with the new user message) or `message` (just the new one); got neither', { details: { parameter: 'messages' } });
  const validated = await safeValidateUIMessages<UIMessage>({ messages: raw });
  if (!validated.success) {
    throw new ToolError('invalid_argument', `messages are not valid AI SDK UI messages: ${validated.error.message.slice(0, 500)}`, { details: { parameter: 'messages' }, cause: validated.error });
  }
  const messages = validated.data;
  const last = messages.at(-1)!;
  const index = messages.length - 1;
  if (last.role !== 'user') {
    throw new ToolError('invalid_argument', `the last message must be the new user message (role "user"), got role "${last.role}" at messages[${index}]`, {
      details: { parameter: `messages[${index}].role`, value: last.role },
    });
  }
  const other = [...new Set(last.parts.filter((p) => p.type !== 'text').map((p) => p.type))];
  if (other.length > 0) {
    throw new ToolError('unsupported', `tunechat reads text only: the new message has ${other.map((t) => `"${t}"`).join(', ')} parts (messages[${index}].parts); send text parts`, {
      details: { parameter: `messages[${index}].parts`, value: other },
    });
  }
  const text = last.parts.map((p) => (p as { text: string }).text).join('\n').trim();
  if (!text) throw new ToolError('invalid_argument', `the new message has no text (messages[${index}].parts hold ${last.parts.length} empty or blank text parts)`, { details: { parameter: `messages[${index}].parts` } });
  if (text.length > CHAT_REQUEST_LIMITS.textChars) {
    throw new ToolError('too_large', `the new message is ${text.length} characters; the limit is ${CHAT_REQUEST_LIMITS.textChars}`, {
      details: { parameter: `messages[${index}].parts`, limit: CHAT_REQUEST_LIMITS.textChars, value: text.length },
    });
  }
  return { chatId: id, trigger, text, earlier: messages.slice(0, -1), continueOnDisconnect };
}
