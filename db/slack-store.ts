import type { Db } from './open.ts';

/** A Slack thread and the tunechat session it carries (one thread = one session). */
export interface SlackThread {
  teamId: string;
  channel: string;
  threadTs: string;
  sessionId: string;
}

/**
 * Persistence for the Slack bridge (tables in `0006-slack-sharing.sql`): the thread↔session map and the
 * ids of events already accepted, so a redelivered event never starts a second run.
 */
export class SlackStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** The session of a thread, or null when the thread is new. */
  findSession(thread: Omit<SlackThread, 'sessionId'>): string | null {
    const row = this.#db
      .prepare('SELECT session_id FROM slack_threads WHERE team_id = ? AND channel = ? AND thread_ts = ?')
      .pluck()
      .get(thread.teamId, thread.channel, thread.threadTs) as string | undefined;
    return row ?? null;
  }

  /** The (first) thread that carries a session, or null when the session did not come from Slack. */
  findThread(sessionId: string): SlackThread | null {
    const row = this.#db
      .prepare('SELECT team_id, channel, thread_ts, session_id FROM slack_threads WHERE session_id = ? ORDER BY created_at LIMIT 1')
      .get(sessionId) as { team_id: string; channel: string; thread_ts: string; session_id: string } | undefined;
    return row ? { teamId: row.team_id, channel: row.channel, threadTs: row.thread_ts, sessionId: row.session_id } : null;
  }

  linkThread(thread: SlackThread, now: number): void {
    this.#db
      .prepare('INSERT OR IGNORE INTO slack_threads (team_id, channel, thread_ts, session_id, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(thread.teamId, thread.channel, thread.threadTs, thread.sessionId, now);
  }

  /**
   * Records an event id; true the first time, false for a duplicate (a retry, or a second delivery of the
   * same message as both `message.im` and `app_mention`). Atomic: the PRIMARY KEY decides.
   */
  claimEvent(eventId: string, now: number): boolean {
    return this.#db.prepare('INSERT OR IGNORE INTO slack_events (event_id, received_at) VALUES (?, ?)').run(eventId, now).changes === 1;
  }

  /** Forgets event ids older than `before` (Slack retries for at most about an hour). */
  pruneEvents(before: number): number {
    return this.#db.prepare('DELETE FROM slack_events WHERE received_at < ?').run(before).changes;
  }
}
