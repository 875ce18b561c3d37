import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from './open.ts';

/** A session's read-only replay link. */
export interface SessionShare {
  sessionId: string;
  /** 32 random bytes, base64url: unguessable, and the only credential of the replay page. */
  token: string;
  createdAt: number;
}

/** Sharing state of sessions (table `session_shares`): a row exists only while sharing is on. */
export class ShareStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  get(sessionId: string): SessionShare | null {
    const row = this.#db.prepare('SELECT session_id, token, created_at FROM session_shares WHERE session_id = ?').get(sessionId) as
      | { session_id: string; token: string; created_at: number }
      | undefined;
    return row ? { sessionId: row.session_id, token: row.token, createdAt: row.created_at } : null;
  }

  /** Turns sharing on; returns the existing link when it is already on (the token does not change). */
  enable(sessionId: string, now: number): SessionShare {
    const existing = this.get(sessionId);
    if (existing) return existing;
    const token = randomBytes(32).toString('base64url');
    this.#db.prepare('INSERT INTO session_shares (session_id, token, created_at) VALUES (?, ?, ?)').run(sessionId, token, now);
    return { sessionId, token, createdAt: now };
  }

  /** Turns sharing off: the old token stops working at once. True when it was on. */
  disable(sessionId: string): boolean {
    return this.#db.prepare('DELETE FROM session_shares WHERE session_id = ?').run(sessionId).changes === 1;
  }

  /** True only when sharing is on and `token` is the session's token (constant-time comparison). */
  verify(sessionId: string, token: string | undefined | null): boolean {
    if (!token) return false;
    const share = this.get(sessionId);
    if (!share) return false;
    const expected = Buffer.from(share.token);
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
