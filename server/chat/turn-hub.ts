import type { UIMessageChunk } from 'ai';
import { ChatStore, type SessionSource } from '../../db/chat-store.ts';
import { ToolError } from '../../tools/common/errors.ts';
import type { Requester } from '../../tools/common/requester.ts';
import { LIMIT_ENV } from '../config.ts';
import type { Services } from '../services.ts';
import { defaultRequester } from './default-requester.ts';
import { runChatTurn, type ChatTurnOptions, type ChatTurnResult } from './run-turn.ts';

/** Receives the chunks of a turn (stored or live), in sequence order, each exactly once. */
export interface TurnListener {
  /** For `follow`: called once before any chunk, with the live turn's id (or the last replayed turn's). */
  start?(turnId: string): void;
  chunk(chunk: UIMessageChunk, sequence: number): void;
  /** The turn is over (or, for a replay of a finished turn, the stored chunks are all delivered). */
  end(): void;
}

/** Observes every turn the hub runs (metrics). */
export interface TurnObserver {
  turnStart?(info: { sessionId: string; turnId: string }): (chunk: UIMessageChunk) => void;
  turnEnd?(outcome: 'completed' | 'aborted' | 'failed'): void;
}

interface ActiveTurn {
  sessionId: string;
  turnId: string;
  /** `Requester.client` of whoever started the turn (per-client limit). */
  client: string;
  controller: AbortController;
  listeners: Set<TurnListener>;
  done: Promise<ChatTurnResult | null>;
  /** Sequence of the turn's first chunk (null until it arrives). */
  firstSequence: number | null;
}

export interface StartedTurn {
  sessionId: string;
  turnId: string;
  /** Resolves when the turn has ended and its final message is stored (`null` when it failed outright). */
  done: Promise<ChatTurnResult | null>;
}

/**
 * Runs chat turns independently of any connection, and lets connections follow them.
 * A turn keeps running when its socket drops; `follow` replays the stored chunks after a sequence and
 * then attaches to the live turn in the same synchronous step, so a follower sees no gap and no duplicate
 * (chunks are stored before they are fanned out, and better-sqlite3 reads are synchronous).
 * One turn at a time per session; at most `config.limits.turnsPerClient` per client and `config.limits.turns` in all.
 */
export class TurnHub {
  private readonly active = new Map<string, ActiveTurn>();
  private readonly store: ChatStore;

  constructor(
    private readonly services: Services,
    private readonly observer: TurnObserver = {},
    private readonly runTurn: (options: ChatTurnOptions) => Promise<ChatTurnResult> = runChatTurn,
  ) {
    this.store = new ChatStore(services.db, () => services.clock.now());
  }

  /**
   * Starts a turn; `listener` (if any) gets its chunks. Throws ToolError `not_found` for an unknown session,
   * `conflict` when the session already has a running turn, and `busy` when the requester's client (default from
   * `source`: defaultRequester) or the whole server already runs as many turns as the limits allow.
   */
  start(input: { sessionId: string | null; text: string; dryRun?: boolean; source?: SessionSource; requester?: Requester }, listener?: TurnListener): StartedTurn {
    if (!input.text.trim()) {
      throw new ToolError('invalid_argument', 'text must be a non-empty message, got only whitespace', { details: { parameter: 'text' } });
    }
    if (input.sessionId) {
      if (!this.store.getSession(input.sessionId)) {
        throw new ToolError('not_found', `session "${input.sessionId}" does not exist`, { details: { parameter: 'id', value: input.sessionId } });
      }
      const running = this.active.get(input.sessionId);
      if (running) {
        throw new ToolError('conflict', `session "${input.sessionId}" already has a running turn (${running.turnId}); abort it or wait for it to end`, {
          details: { parameter: 'id', turnId: running.turnId },
        });
      }
    }
    const requester = input.requester ?? defaultRequester(input.source ?? 'web', this.services.config, this.services.iam);
    this.checkCapacity(requester.client);
    const controller = new AbortController();
    let turn: ActiveTurn | null = null;
    let observeChunk: ((chunk: UIMessageChunk) => void) | undefined;
    const listeners = new Set<TurnListener>(listener ? [listener] : []);
    const done = this.runTurn({
      services: this.services,
      ...(input.sessionId ? { sessionId: input.sessionId } : {}),
      source: input.source ?? 'web',
      requester,
      text: input.text,
      dryRun: input.dryRun ?? false,
      signal: controller.signal,
      onStart: ({ sessionId, turnId }) => {
        turn = { sessionId, turnId, client: requester.client, controller, listeners, done: null as unknown as Promise<ChatTurnResult | null>, firstSequence: null };
        this.active.set(sessionId, turn);
        observeChunk = this.observer.turnStart?.({ sessionId, turnId });
      },
      onChunk: (chunk, sequence) => {
        const t = turn as ActiveTurn | null;
        if (t && t.firstSequence === null) t.firstSequence = sequence;
        observeChunk?.(chunk);
        for (const l of [...listeners]) safely(() => l.chunk(chunk, sequence));
      },
    }).then(
      (result) => {
        this.observer.turnEnd?.(result.aborted ? 'aborted' : 'completed');
        return result;
      },
      (error: unknown) => {
        if (turn) this.observer.turnEnd?.('failed');
        if (!turn) throw error; // failed before the turn started (bad input): the caller gets the error
        console.error('tunechat: chat turn failed:', error);
        return null;
      },
    ).finally(() => {
      const t = turn as ActiveTurn | null;
      if (t && this.active.get(t.sessionId) === t) this.active.delete(t.sessionId);
      for (const l of [...listeners]) safely(() => l.end());
      listeners.clear();
    });
    // runChatTurn creates the session and calls onStart synchronously, before its first await.
    const started = turn as ActiveTurn | null;
    if (!started) {
      done.catch(() => {});
      throw new ToolError('internal', 'the chat turn did not start');
    }
    started.done = done;
    return { sessionId: started.sessionId, turnId: started.turnId, done };
  }

  /**
   * Delivers the stored chunks of `sessionId` after `afterSequence`, then follows the live turn if one runs.
   * Returns `null` when there is nothing to replay and no live turn; otherwise the running turn id (or null once it ended)
   * and an unsubscribe function. `listener.end()` is called when the live turn ends, or at once when none runs.
   */
  follow(sessionId: string, afterSequence: number, listener: TurnListener): { turnId: string | null; unsubscribe: () => void } | null {
    const stored = this.store.listChunks<UIMessageChunk>(sessionId, { afterSequence });
    const live = this.active.get(sessionId);
    if (stored.length === 0 && !live) return null;
    listener.start?.(live?.turnId ?? stored.at(-1)!.turnId);
    for (const c of stored) listener.chunk(c.chunk, c.sequence);
    if (!live) {
      listener.end();
      return { turnId: null, unsubscribe: () => {} };
    }
    live.listeners.add(listener);
    return { turnId: live.turnId, unsubscribe: () => live.listeners.delete(listener) };
  }

  /** Detaches a listener from whatever turn it follows (the turn keeps running). */
  detach(listener: TurnListener): void {
    for (const turn of this.active.values()) turn.listeners.delete(listener);
  }

  /** Aborts the running turn of a session. Returns false when none runs. */
  abort(sessionId: string, reason = 'aborted by the user'): boolean {
    const turn = this.active.get(sessionId);
    if (!turn) return false;
    turn.controller.abort(new DOMException(reason, 'AbortError')); // AbortError: the AI SDK ends with an `abort` chunk, not an error
    return true;
  }

  /**
   * For a session with a running turn: the sequence to `resume` from to see that whole turn
   * (the one before its first chunk). `null` when no turn runs.
   */
  liveFrom(sessionId: string): number | null {
    const turn = this.active.get(sessionId);
    if (!turn) return null;
    return turn.firstSequence !== null ? turn.firstSequence - 1 : this.store.lastSequence(sessionId);
  }

  /** Throws ToolError `busy` when `client`, or the server, already runs as many turns as the limits allow. */
  private checkCapacity(client: string): void {
    const { turnsPerClient, turns } = this.services.config.limits;
    const running = [...this.active.values()];
    if (running.length >= turns) {
      throw new ToolError('busy', `the server is already running ${running.length} chat turns, its limit (${LIMIT_ENV.turns}=${turns}); wait for a turn to end and send again`, {
        details: { limit: turns, running: running.length, setting: LIMIT_ENV.turns },
      });
    }
    const mine = running.filter((t) => t.client === client);
    if (mine.length >= turnsPerClient) {
      throw new ToolError('busy', `this client (${client}) is already running ${mine.length} chat turns, the most one client may run at once (${LIMIT_ENV.turnsPerClient}=${turnsPerClient}); wait for one to end or abort one, then send again`, {
        details: { limit: turnsPerClient, running: mine.length, client, sessions: mine.map((t) => t.sessionId), setting: LIMIT_ENV.turnsPerClient },
      });
    }
  }

  isActive(sessionId: string): boolean {
    return this.active.has(sessionId);
  }

  /** Aborts every running turn and waits for each to store its partial answer. */
  async shutdown(): Promise<void> {
    const turns = [...this.active.values()];
    for (const t of turns) t.controller.abort(new DOMException('server shutting down', 'AbortError'));
    await Promise.allSettled(turns.map((t) => t.done));
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    console.error('tunechat: turn listener failed:', error);
  }
}
