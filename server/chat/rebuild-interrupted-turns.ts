import { readUIMessageStream, type UIMessage, type UIMessageChunk } from 'ai';
import { ChatStore } from '../../db/chat-store.ts';
import type { Db } from '../../db/open.ts';

/** The error a tool call gets when its turn's process died before the tool answered. */
export const INTERRUPTED_TOOL_ERROR = 'interrupted: the server stopped before this tool call finished';

/** One assistant message restored from its turn's chunks. */
export interface RebuiltTurn {
  sessionId: string;
  turnId: string;
  messageId: string;
  /** Its position in the session (right after the turn's user message). */
  position: number;
  chunks: number;
}

/**
 * Start-up repair after a crash (kill -9, OOM): `runChatTurn` stores every chunk as it streams but the assistant
 * message only when the turn ends, so a turn whose process died has chunks and no answer. For every such turn, in
 * every session whatever its source, this rebuilds the assistant message from the stored chunks (AI SDK
 * `readUIMessageStream`, the client's own reducer) and stores it right after the turn's user message, even when
 * later messages exist, with metadata `{ interrupted: true }` (and `errors` like a finished turn). Tool calls that
 * never got their final output become `output-error` parts ({@link INTERRUPTED_TOOL_ERROR}), so the UI does not show
 * them running forever and a model reading the history knows they did not finish; calls whose input was still
 * streaming stay incomplete and are left out of the model's history (`ignoreIncompleteToolCalls` in run-turn).
 * Idempotent: the message gets the id the stream announced, so a second run finds it stored and adds nothing.
 * Run it before the server accepts turns.
 */
export async function rebuildInterruptedTurns(options: { db: Db; now?: () => number }): Promise<RebuiltTurn[]> {
  const store = new ChatStore(options.db, options.now);
  const rebuilt: RebuiltTurn[] = [];
  for (const turn of store.listTurnsWithoutMessage()) {
    const chunks = store.listChunks<UIMessageChunk>(turn.sessionId, { turnId: turn.turnId }).map((c) => c.chunk);
    const message = await messageFromChunks(chunks, turn.messageId);
    const stored = store.insertMessageAfter(turn.sessionId, userMessageOf(store, turn.sessionId, turn.turnId), message);
    rebuilt.push({ sessionId: turn.sessionId, turnId: turn.turnId, messageId: turn.messageId, position: stored.position, chunks: chunks.length });
  }
  return rebuilt;
}

/** The assistant message the chunks of one turn describe, closed as interrupted. */
export async function messageFromChunks(chunks: readonly UIMessageChunk[], messageId: string): Promise<UIMessage> {
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  let last: UIMessage | null = null;
  // A chunk the reducer rejects ends the reading; what was read before it is kept.
  for await (const snapshot of readUIMessageStream<UIMessage>({ stream, onError: () => {} })) last = snapshot;
  const errors = chunks.filter((c): c is Extract<UIMessageChunk, { type: 'error' }> => c.type === 'error').map((c) => c.errorText);
  const parts = (last?.parts ?? []).map(closePart);
  const metadata = { ...(last?.metadata as Record<string, unknown> | undefined), ...(errors.length ? { errors } : {}), interrupted: true };
  // JSON round trip: stored as plain data, like run-turn's messages (no undefined fields).
  return JSON.parse(JSON.stringify({ id: messageId, role: 'assistant', metadata, parts })) as UIMessage;
}

type Part = UIMessage['parts'][number];

function closePart(part: Part): Part {
  const p = part as Part & { state?: string; preliminary?: boolean; output?: unknown; errorText?: string };
  if ((p.type === 'text' || p.type === 'reasoning') && p.state === 'streaming') return { ...p, state: 'done' } as Part;
  const isTool = p.type.startsWith('tool-') || p.type === 'dynamic-tool';
  if (!isTool) return part;
  // A preliminary output is a progress snapshot, not the tool's answer.
  if (p.state === 'input-available' || (p.state === 'output-available' && p.preliminary === true)) {
    const { output: _output, preliminary: _preliminary, ...rest } = p;
    return { ...rest, state: 'output-error', errorText: INTERRUPTED_TOOL_ERROR } as Part;
  }
  return part;
}

/** The turn's user message: its id is the turn id (run-turn); for turns stored before that, the same-numbered user message. */
function userMessageOf(store: ChatStore, sessionId: string, turnId: string): string | null {
  const messages = store.listMessages(sessionId);
  if (messages.some((m) => m.id === turnId)) return turnId;
  const users = messages.filter((m) => m.role === 'user');
  const index = store.listTurnIds(sessionId).indexOf(turnId);
  return (users[index] ?? users.at(-1))?.id ?? null;
}
