import { randomUUID } from 'node:crypto';
import type { Db } from './open.ts';

/** Where a session was started. Shown in the UI sidebar (e.g. a Slack badge). */
export type SessionSource = 'web' | 'cli' | 'slack' | 'import';

export const SESSION_SOURCES: readonly SessionSource[] = ['web', 'cli', 'slack', 'import'];

/** One chat session (a conversation). Timestamps are epoch milliseconds. */
export interface SessionRecord {
  id: string;
  title: string;
  source: SessionSource;
  createdAt: number;
  updatedAt: number;
  metadata: Record<string, unknown>;
}

/**
 * A stored message. `message` is the AI SDK `UIMessage` exactly as streamed (id, role, parts, metadata);
 * the store keeps it as opaque JSON so this layer does not depend on `ai`.
 */
export interface StoredMessage<M = StoredUiMessage> {
  id: string;
  sessionId: string;
  position: number;
  role: string;
  message: M;
  createdAt: number;
}

/** The shape of a UIMessage as far as the store needs it. */
export interface StoredUiMessage {
  id: string;
  role: string;
}

/** One UI message chunk of a turn. `sequence` grows per session across turns; `tMs` is the offset from the turn's start. */
export interface StoredChunk<C = Record<string, unknown>> {
  sessionId: string;
  sequence: number;
  turnId: string;
  tMs: number;
  chunk: C;
}

interface SessionRow {
  id: string;
  title: string;
  source: SessionSource;
  created_at: number;
  updated_at: number;
  metadata: string;
}

interface MessageRow {
  id: string;
  session_id: string;
  position: number;
  role: string;
  message: string;
  created_at: number;
}

interface ChunkRow {
  session_id: string;
  sequence: number;
  turn_id: string;
  t_ms: number;
  chunk: string;
}

/**
 * Chat persistence over the injected SQLite handle: sessions, their messages (UIMessage JSON, in order)
 * and the raw stream chunks of every turn (the source of truth for replays and websocket resume).
 * All methods are synchronous (better-sqlite3); unknown ids return `null`/`false`, never throw.
 */
export class ChatStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  createSession(input: { title: string; source?: SessionSource; metadata?: Record<string, unknown>; id?: string }): SessionRecord {
    const at = this.now();
    const record: SessionRecord = {
      id: input.id ?? randomUUID(),
      title: input.title,
      source: input.source ?? 'web',
      createdAt: at,
      updatedAt: at,
      metadata: input.metadata ?? {},
    };
    this.db
      .prepare('INSERT INTO sessions (id, title, source, created_at, updated_at, metadata) VALUES (?, ?, ?, ?, ?, ?)')
      .run(record.id, record.title, record.source, at, at, JSON.stringify(record.metadata));
    return record;
  }

  getSession(id: string): SessionRecord | null {
    const row = this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
    return row ? toSession(row) : null;
  }

  /** Sessions, most recently active first. */
  listSessions(options: { limit?: number } = {}): SessionRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM sessions ORDER BY updated_at DESC, created_at DESC, rowid DESC LIMIT ?')
      .all(options.limit ?? -1) as SessionRow[];
    return rows.map(toSession);
  }

  /** Returns the renamed session, or `null` for an unknown id. */
  renameSession(id: string, title: string): SessionRecord | null {
    const result = this.db.prepare('UPDATE sessions SET title = ?, updated_at = ? WHERE id = ?').run(title, this.now(), id);
    return result.changes === 0 ? null : this.getSession(id);
  }

  /** Deletes the session with its messages and chunks. Returns whether it existed. */
  deleteSession(id: string): boolean {
    return this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id).changes > 0;
  }

  /** Merges `patch` into the session's metadata (a `null` value removes the key). */
  setSessionMetadata(id: string, patch: Record<string, unknown>): SessionRecord | null {
    const session = this.getSession(id);
    if (!session) return null;
    const metadata: Record<string, unknown> = { ...session.metadata };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete metadata[key];
      else metadata[key] = value;
    }
    this.db.prepare('UPDATE sessions SET metadata = ? WHERE id = ?').run(JSON.stringify(metadata), id);
    return { ...session, metadata };
  }

  /**
   * Appends a message at the end of the session. A message whose id already exists in the session
   * replaces the stored one in place (an assistant message saved again after a continuation).
   */
  appendMessage<M extends StoredUiMessage>(sessionId: string, message: M): StoredMessage<M> {
    const at = this.now();
    const run = this.db.transaction((): StoredMessage<M> => {
      const existing = this.db
        .prepare('SELECT position, created_at FROM messages WHERE id = ? AND session_id = ?')
        .get(message.id, sessionId) as { position: number; created_at: number } | undefined;
      let position: number;
      let createdAt = at;
      if (existing) {
        position = existing.position;
        createdAt = existing.created_at;
        this.db.prepare('UPDATE messages SET role = ?, message = ? WHERE id = ?').run(message.role, JSON.stringify(message), message.id);
      } else {
        position = (this.db.prepare('SELECT COALESCE(MAX(position), -1) + 1 FROM messages WHERE session_id = ?').pluck().get(sessionId) as number);
        this.db
          .prepare('INSERT INTO messages (id, session_id, position, role, message, created_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(message.id, sessionId, position, message.role, JSON.stringify(message), at);
      }
      this.touch(sessionId, at);
      return { id: message.id, sessionId, position, role: message.role, message, createdAt };
    });
    return run();
  }

  /**
   * Inserts `message` right after the message `afterId` (at the end when `afterId` is null or not in the session),
   * moving later messages one position down. Does not touch the session's `updatedAt` (nothing new
   * happened in it). A message whose id is already stored is left as it is and returned.
   */
  insertMessageAfter<M extends StoredUiMessage>(sessionId: string, afterId: string | null, message: M): StoredMessage<M> {
    const run = this.db.transaction((): StoredMessage<M> => {
      const existing = this.db.prepare('SELECT * FROM messages WHERE id = ?').get(message.id) as MessageRow | undefined;
      if (existing) return toMessage<M>(existing);
      const anchor = afterId === null ? undefined : (this.db.prepare('SELECT position FROM messages WHERE id = ? AND session_id = ?').pluck().get(afterId, sessionId) as number | undefined);
      const position = anchor === undefined ? (this.db.prepare('SELECT COALESCE(MAX(position), -1) + 1 FROM messages WHERE session_id = ?').pluck().get(sessionId) as number) : anchor + 1;
      // Two steps, because UNIQUE (session_id, position) is checked row by row: first out of the way (negative), then back +1.
      this.db.prepare('UPDATE messages SET position = -position - 1 WHERE session_id = ? AND position >= ?').run(sessionId, position);
      this.db.prepare('UPDATE messages SET position = -position WHERE session_id = ? AND position < 0').run(sessionId);
      const at = this.now();
      this.db
        .prepare('INSERT INTO messages (id, session_id, position, role, message, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(message.id, sessionId, position, message.role, JSON.stringify(message), at);
      return { id: message.id, sessionId, position, role: message.role, message, createdAt: at };
    });
    return run();
  }

  listMessages<M = StoredUiMessage>(sessionId: string): StoredMessage<M>[] {
    const rows = this.db.prepare('SELECT * FROM messages WHERE session_id = ? ORDER BY position').all(sessionId) as MessageRow[];
    return rows.map((row) => toMessage<M>(row));
  }

  appendChunk(input: StoredChunk<unknown>): void {
    this.db
      .prepare('INSERT INTO stream_chunks (session_id, sequence, turn_id, t_ms, chunk) VALUES (?, ?, ?, ?, ?)')
      .run(input.sessionId, input.sequence, input.turnId, input.tMs, JSON.stringify(input.chunk));
  }

  /** The highest chunk sequence of the session, or 0 when it has none (sequences start at 1). */
  lastSequence(sessionId: string): number {
    return (this.db.prepare('SELECT COALESCE(MAX(sequence), 0) FROM stream_chunks WHERE session_id = ?').pluck().get(sessionId) as number);
  }

  /** Chunks in sequence order, optionally only those after `afterSequence` and/or of one turn. */
  listChunks<C = Record<string, unknown>>(sessionId: string, options: { afterSequence?: number; turnId?: string } = {}): StoredChunk<C>[] {
    const rows = (
      options.turnId === undefined
        ? this.db
            .prepare('SELECT * FROM stream_chunks WHERE session_id = ? AND sequence > ? ORDER BY sequence')
            .all(sessionId, options.afterSequence ?? 0)
        : this.db
            .prepare('SELECT * FROM stream_chunks WHERE session_id = ? AND sequence > ? AND turn_id = ? ORDER BY sequence')
            .all(sessionId, options.afterSequence ?? 0, options.turnId)
    ) as ChunkRow[];
    return rows.map((row) => ({
      sessionId: row.session_id,
      sequence: row.sequence,
      turnId: row.turn_id,
      tMs: row.t_ms,
      chunk: JSON.parse(row.chunk) as C,
    }));
  }

  /** The turns of a session (ids), in the order they ran (by their first chunk). */
  listTurnIds(sessionId: string): string[] {
    return this.db
      .prepare('SELECT turn_id FROM stream_chunks WHERE session_id = ? GROUP BY turn_id ORDER BY MIN(sequence)')
      .pluck()
      .all(sessionId) as string[];
  }

  /**
   * Turns, of every session, whose first chunk is a `start` naming an assistant message (`messageId`) that is not
   * stored: the turn's process died before it saved its answer (or is still running it elsewhere). Session order,
   * then turn order.
   */
  listTurnsWithoutMessage(): { sessionId: string; turnId: string; messageId: string }[] {
    return this.db
      .prepare(
        `SELECT c.session_id AS sessionId, c.turn_id AS turnId, json_extract(c.chunk, '$.messageId') AS messageId
         FROM stream_chunks c
         JOIN (SELECT turn_id, MIN(sequence) AS first FROM stream_chunks GROUP BY turn_id) f ON f.turn_id = c.turn_id AND f.first = c.sequence
         WHERE json_extract(c.chunk, '$.type') = 'start'
           AND json_type(c.chunk, '$.messageId') = 'text'
           AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = json_extract(c.chunk, '$.messageId'))
         ORDER BY c.session_id, c.sequence`,
      )
      .all() as { sessionId: string; turnId: string; messageId: string }[];
  }

  private touch(sessionId: string, at: number): void {
    this.db.prepare('UPDATE sessions SET updated_at = ? WHERE id = ?').run(at, sessionId);
  }
}

function toMessage<M>(row: MessageRow): StoredMessage<M> {
  return { id: row.id, sessionId: row.session_id, position: row.position, role: row.role, message: JSON.parse(row.message) as M, createdAt: row.created_at };
}

function toSession(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    title: row.title,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
  };
}
