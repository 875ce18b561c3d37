-- Optimizer studies and trials (tools/optimizer, db/study-storage.ts).
-- JSON columns hold the shapes of tools/optimizer/types.ts. Finished trials are never updated
-- (enforced by the trigger below as well as by the storage class).
CREATE TABLE studies (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  session_id TEXT,
  spec TEXT NOT NULL CHECK (json_valid(spec)),
  status TEXT NOT NULL CHECK (status IN ('created', 'running', 'stopping', 'stopped', 'complete', 'failed')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX studies_session ON studies (session_id, created_at);

CREATE TABLE trials (
  id TEXT PRIMARY KEY,
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'running', 'complete', 'pruned', 'failed')),
  params TEXT NOT NULL,
  distributions TEXT NOT NULL,
  "values" TEXT,
  metrics TEXT NOT NULL DEFAULT '{}',
  constraint_violations TEXT,
  system_attrs TEXT NOT NULL DEFAULT '{}',
  attempt INTEGER NOT NULL DEFAULT 1,
  error TEXT,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  completed_at INTEGER,
  UNIQUE (study_id, number)
);
CREATE INDEX trials_state ON trials (study_id, state);

CREATE TRIGGER trials_finished_immutable BEFORE UPDATE ON trials
WHEN OLD.state IN ('complete', 'pruned', 'failed')
BEGIN
  SELECT RAISE(ABORT, 'finished trials are immutable');
END;

CREATE TABLE trial_intermediate_values (
  trial_id TEXT NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (trial_id, step)
);

CREATE TABLE trial_user_attrs (
  trial_id TEXT NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (trial_id, key)
);
