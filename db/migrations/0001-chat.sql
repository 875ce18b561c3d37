-- Chat sessions, their messages (AI SDK UIMessage JSON) and the raw stream chunks each turn produced.
-- Stream chunks are the source of truth for replays and for resuming a dropped websocket.
CREATE TABLE sessions (
  id          TEXT PRIMARY KEY,
  title       TEXT NOT NULL,
  source      TEXT NOT NULL DEFAULT 'web',      -- web | cli | slack | import
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  metadata    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata))
);
CREATE INDEX sessions_updated ON sessions (updated_at DESC);

CREATE TABLE messages (
  id          TEXT PRIMARY KEY,
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  role        TEXT NOT NULL,
  message     TEXT NOT NULL CHECK (json_valid(message)),  -- the UIMessage
  created_at  INTEGER NOT NULL,
  UNIQUE (session_id, position)
);

-- One row per UI message chunk streamed to the client. `sequence` increases per session across turns;
-- `t_ms` is the offset from the start of the turn (original timing for replays).
CREATE TABLE stream_chunks (
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  sequence    INTEGER NOT NULL,
  turn_id     TEXT NOT NULL,
  t_ms        REAL NOT NULL,
  chunk       TEXT NOT NULL CHECK (json_valid(chunk)),
  PRIMARY KEY (session_id, sequence)
);
CREATE INDEX stream_chunks_turn ON stream_chunks (turn_id, sequence);
