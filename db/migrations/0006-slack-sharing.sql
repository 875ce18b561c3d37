-- Slack bridge and session sharing (issue 8).

-- One Slack thread = one tunechat session. `thread_ts` is the ts of the thread's parent message.
CREATE TABLE slack_threads (
  team_id     TEXT NOT NULL DEFAULT '',
  channel     TEXT NOT NULL,
  thread_ts   TEXT NOT NULL,
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (team_id, channel, thread_ts)
);
CREATE INDEX slack_threads_session ON slack_threads (session_id);

-- Event ids (or slash-command trigger ids) already accepted: Slack retries (x-slack-retry-num) and
-- duplicate deliveries never start a second run, also across a restart.
CREATE TABLE slack_events (
  event_id     TEXT PRIMARY KEY,
  received_at  INTEGER NOT NULL
);
CREATE INDEX slack_events_received ON slack_events (received_at);

-- Read-only replay links. A row exists only while sharing is enabled for the session.
CREATE TABLE session_shares (
  session_id  TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  token       TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL
);
