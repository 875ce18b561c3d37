import { createUIMessageStreamResponse, type UIMessage } from 'ai';
import { Hono } from 'hono';
import { ChatStore } from '../../db/chat-store.ts';
import { ToolError } from '../../tools/common/errors.ts';
import { CHAT_ID_PATTERN, parseChatRequest } from '../chat-api/chat-request.ts';
import { chatRequester } from '../chat-api/chat-requester.ts';
import { checkClientHistory } from '../chat-api/client-history.ts';
import { turnStream } from '../chat-api/turn-stream.ts';
import type { TurnHub } from '../chat/turn-hub.ts';
import { sessionTitle } from '../chat/session-title.ts';
import { requestAuth } from '../security/auth.ts';
import type { Services } from '../services.ts';

/** SSE keep-alive comment period: proxies close idle responses while a long study runs without output. */
export const CHAT_KEEP_ALIVE_MS = 15_000;

/**
 * The AI SDK `useChat` endpoint (README "Use tunechat from your own AI SDK app"), mounted at `/api/chat`:
 *
 * - `POST /api/chat` takes the SDK's chat request `{ id, messages, trigger, messageId }` (chat-api/chat-request.ts).
 *   The chat id is the session id: the session is created on first use (source `web`, metadata `{ chatApi: true }`)
 *   and is listed, replayed and exported like any other. Only the last message is the input; the earlier ones are
 *   checked against the stored history (chat-api/client-history.ts). The turn runs through the TurnHub as the
 *   request's principal (chat-api/chat-requester.ts), so its chunks are stored exactly as over the websocket, and the
 *   answer is the UI message stream over SSE (`x-vercel-ai-ui-message-stream: v1`).
 * - Closing the response (useChat's `stop()`, a closed tab) stops the turn, like the websocket's `abort`: the partial
 *   answer is stored and ends with an `abort` chunk. With `continueOnDisconnect: true` in the body (the transport's
 *   `body` option) the turn runs on (a reload or a dropped connection does not lose it) and the client reconnects.
 * - `GET /api/chat/:id/stream` is DefaultChatTransport's `reconnectToStream` (`${api}/${chatId}/stream`): the running
 *   turn's stored chunks from its first one, then the live ones, with no gap or duplicate (TurnHub.follow); 204 when
 *   no turn runs. Closing it never stops the turn.
 * - `POST /api/chat/:id/stop` stops the running turn (what the websocket's `abort` does for its own requests; needed
 *   with `continueOnDisconnect`); 404 when none runs.
 */
export function chatApiRoutes(deps: { services: Services; hub: TurnHub; keepAliveMs?: number }): Hono {
  const { services, hub } = deps;
  const store = new ChatStore(services.db, () => services.clock.now());
  const keepAliveMs = deps.keepAliveMs ?? CHAT_KEEP_ALIVE_MS;
  const app = new Hono();

  app.post('/', async (c) => {
    const body: unknown = await c.req.json().catch(() => {
      throw new ToolError('invalid_argument', 'POST /api/chat body is not valid JSON', { details: { parameter: 'body' } });
    });
    const request = await parseChatRequest(body);
    const { chatId } = request;
    // From here to hub.start nothing awaits: two requests for a new chat id cannot both create its session.
    const existing = store.getSession(chatId);
    const stored = existing ? store.listMessages<UIMessage>(chatId).map((m) => m.message) : [];
    checkClientHistory({ chatId, stored, earlier: request.earlier });
    const created = existing ? null : store.createSession({ id: chatId, title: sessionTitle(request.text), source: 'web', metadata: { chatApi: true } });
    const { listener, stream } = turnStream((l) => {
      hub.detach(l);
      if (!request.continueOnDisconnect) hub.abort(chatId, 'the client closed the response');
    });
    try {
      hub.start({ sessionId: chatId, text: request.text, source: 'web', requester: chatRequester(requestAuth(c)) }, listener);
    } catch (error) {
      if (created) store.deleteSession(chatId); // busy: the refused first message leaves no empty session behind
      throw error;
    }
    return createUIMessageStreamResponse({ stream, keepAliveMs });
  });

  app.get('/:id/stream', (c) => {
    const chatId = chatIdParam(c.req.param('id'));
    const from = hub.liveFrom(chatId);
    if (from === null) return c.body(null, 204);
    const { listener, stream } = turnStream((l) => hub.detach(l));
    // Null when the turn ended in between and stored nothing after `from` (it always stores at least `start`).
    if (!hub.follow(chatId, from, listener)) return c.body(null, 204);
    return createUIMessageStreamResponse({ stream, keepAliveMs });
  });

  app.post('/:id/stop', (c) => {
    const chatId = chatIdParam(c.req.param('id'));
    if (!hub.abort(chatId, 'stopped by the client (POST /api/chat/:id/stop)')) {
      throw new ToolError('not_found', `chat "${chatId}" has no running turn to stop`, { details: { parameter: 'id', value: chatId } });
    }
    return c.json({ stopped: chatId });
  });

  return app;
}

function chatIdParam(chatId: string): string {
  if (!CHAT_ID_PATTERN.test(chatId)) {
    throw new ToolError('invalid_argument', `"${chatId.slice(0, 200)}" is not a chat id (1-128 letters, digits, "_" or "-")`, { details: { parameter: 'id' } });
  }
  return chatId;
}
