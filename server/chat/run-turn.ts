import { randomUUID } from 'node:crypto';
import { convertToModelMessages, stepCountIs, streamText, type ToolSet, type UIMessage, type UIMessageChunk } from 'ai';
import { ChatStore, type SessionSource } from '../../db/chat-store.ts';
import { ToolError } from '../../tools/common/errors.ts';
import { createToolset } from '../agent/toolset.ts';
import type { Requester } from '../../tools/common/requester.ts';
import { createCommandGate } from './command-gate.ts';
import { defaultRequester } from './default-requester.ts';
import type { Services } from '../services.ts';
import { describeError } from './describe-error.ts';
import { ProgressThrottle } from './progress-throttle.ts';
import { sessionTitle } from './session-title.ts';
import { SYSTEM_PROMPT } from '../agent/prompt.ts';

/** The agent loop stops after this many model steps (each step may call tools). */
export const MAX_STEPS = 12;

export interface ChatTurnOptions {
  services: Services;
  /** Continue this session; omitted = start a new one titled from `text`. */
  sessionId?: string;
  /** Where a new session comes from (default 'web'). */
  source?: SessionSource;
  /** Who asks (decides whether typed commands may run, and per-client limits); default from `source` (defaultRequester). */
  requester?: Requester;
  /** The user's message. */
  text: string;
  /** Validate and record tool inputs without executing them. */
  dryRun?: boolean;
  /** Aborting stops the model and the tools; the partial answer is kept and an `abort` chunk is emitted. */
  signal?: AbortSignal;
  /** Called after each chunk is stored, with its session-wide sequence number (1, 2, … across turns). */
  onChunk?: (chunk: UIMessageChunk, sequence: number) => void;
  /** Called once the session and user message are stored, before the model runs. */
  onStart?: (info: { sessionId: string; turnId: string }) => void;
  /** Replaces the session's toolset (tests use small tools; production leaves this unset). */
  tools?: ToolSet;
}

export interface ChatTurnResult {
  sessionId: string;
  turnId: string;
  /** The assistant's message as stored (partial when aborted). */
  message: UIMessage;
  aborted: boolean;
}

/**
 * Runs one chat turn: stores the user's message, streams the model with the session's tools
 * (AI SDK `streamText`, at most {@link MAX_STEPS} steps), stores every UI message chunk with its sequence and
 * time offset (live progress snapshots thinned to one per 250 ms per tool call: {@link ProgressThrottle}), and stores the final assistant message, also when aborted or failed. A failing model or tool
 * never throws out of here: it becomes an `error` / `tool-output-error` chunk with a readable message.
 * The user message's id is the turn id; if the process dies mid-turn, the next server start rebuilds the assistant
 * message from the stored chunks and puts it right after that user message (rebuild-interrupted-turns.ts).
 * Throws a `ToolError('not_found')` for an unknown `sessionId` and `invalid_argument` for empty text.
 */
export async function runChatTurn(options: ChatTurnOptions): Promise<ChatTurnResult> {
  const { services } = options;
  const text = options.text.trim();
  if (!text) throw new ToolError('invalid_argument', 'text must be a non-empty message, got an empty string', { details: { parameter: 'text' } });
  const store = new ChatStore(services.db, () => services.clock.now());
  const session = options.sessionId
    ? store.getSession(options.sessionId)
    : store.createSession({ title: sessionTitle(text), source: options.source ?? 'web' });
  if (!session) {
    throw new ToolError('not_found', `session "${options.sessionId}" does not exist`, { details: { parameter: 'sessionId', value: options.sessionId } });
  }
  const sessionId = session.id;
  const turnId = randomUUID();
  const history = store.listMessages<UIMessage>(sessionId).map((m) => m.message);
  // The user message's id is the turn's id: after a crash, the turn's stored chunks find the message they answer
  // (server/chat/rebuild-interrupted-turns.ts).
  const userMessage: UIMessage = { id: turnId, role: 'user', parts: [{ type: 'text', text }] };
  store.appendMessage(sessionId, userMessage);
  options.onStart?.({ sessionId, turnId });

  // A command typed in the message may run only when the requester may run commands (the operator's web UI and
  // CLI; Slack members only when the operator allowed it): the tools check `requester.commands`.
  const requester = options.requester ?? defaultRequester(options.source ?? 'web', services.config, services.iam);
  const commands = createCommandGate({ services, sessionId, text, requester });
  const tools = options.tools ?? createToolset({ services, sessionId, dryRun: options.dryRun ?? false, requester, commands });
  const originalMessages = [...history, userMessage];
  const startedAt = services.clock.monotonic();
  let sequence = store.lastSequence(sessionId);
  let finalMessage: UIMessage | null = null;
  let aborted = false;

  const errors: string[] = [];
  // Set when the session is deleted while its turn runs: the turn winds down without storing anything more.
  let sessionDeleted = false;
  const persist = (write: () => void) => {
    if (sessionDeleted) return;
    try {
      write();
    } catch (error) {
      if (store.getSession(sessionId)) throw error;
      sessionDeleted = true;
    }
  };
  const emit = (chunk: UIMessageChunk) => {
    if (chunk.type === 'error') errors.push(chunk.errorText);
    sequence += 1;
    persist(() => store.appendChunk({ sessionId, sequence, turnId, tMs: round(services.clock.monotonic() - startedAt), chunk }));
    options.onChunk?.(chunk, sequence);
  };

  const throttle = new ProgressThrottle(emit, () => services.clock.monotonic());
  try {
    const result = streamText({
      model: services.model,
      system: SYSTEM_PROMPT,
      messages: await convertToModelMessages(originalMessages, { tools, ignoreIncompleteToolCalls: true }),
      tools,
      stopWhen: stepCountIs(MAX_STEPS),
      maxRetries: 1,
      ...(options.signal ? { abortSignal: options.signal } : {}),
      onError: () => {}, // surfaced as an `error` chunk by toUIMessageStream below
    });
    const stream = result.toUIMessageStream<UIMessage>({
      originalMessages,
      generateMessageId: randomUUID,
      onError: describeError,
      onFinish: ({ responseMessage, isAborted }) => {
        finalMessage = responseMessage;
        aborted = isAborted;
      },
    });
    for await (const chunk of stream) throttle.push(chunk);
  } catch (error) {
    // Only failures outside the model stream get here (e.g. message conversion); show them like a stream error.
    throttle.push({ type: 'error', errorText: describeError(error) });
  } finally {
    throttle.close();
  }
  if (options.signal?.aborted) aborted = true;
  // JSON round trip: the stored and returned message are the same plain data (no undefined fields).
  const message = JSON.parse(JSON.stringify(finalMessage ?? { id: randomUUID(), role: 'assistant', parts: [] })) as UIMessage;
  // Errors and aborts are stream events, not message parts: keep them in metadata so a reloaded chat still shows them.
  if (errors.length > 0 || aborted) {
    message.metadata = { ...(message.metadata as Record<string, unknown> | undefined), ...(errors.length ? { errors } : {}), ...(aborted ? { aborted: true } : {}) };
  }
  persist(() => store.appendMessage(sessionId, message));
  return { sessionId, turnId, message, aborted };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
