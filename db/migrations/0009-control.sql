-- Live feedback controllers (issue 15, tools/control/controller-manager.ts) and their decisions.
-- A controller row is written by the process that runs its loop (heartbeat: updated_at on every tick). Another
-- process (the CLI) asks it to stop by setting stop_requested; the owner checks the flag on every tick.
CREATE TABLE controllers (
  id              TEXT PRIMARY KEY,            -- c-1, c-2, … (number = num)
  num             INTEGER NOT NULL UNIQUE,
  target          TEXT NOT NULL,
  parameter       TEXT NOT NULL,
  spec            TEXT NOT NULL CHECK (json_valid(spec)),   -- the ControllerSpec as asked (bounds resolved)
  policy          TEXT NOT NULL,
  policy_reason   TEXT NOT NULL,
  state           TEXT NOT NULL,               -- starting | running | holding | stopped | failed | interrupted
  value           REAL,                        -- the parameter's value now (as applied or read)
  initial_value   REAL,                        -- before the controller's first change
  slo_value       REAL,
  slo_state       TEXT NOT NULL DEFAULT 'unknown',
  decisions       INTEGER NOT NULL DEFAULT 0,  -- every tick's decision, stored or coalesced
  changes         INTEGER NOT NULL DEFAULT 0,
  next_seq        INTEGER NOT NULL DEFAULT 1,  -- the seq of the next decision (a resumed controller goes on from it)
  note            TEXT,
  session_id      TEXT,
  started_at      INTEGER NOT NULL,
  stopped_at      INTEGER,
  updated_at      INTEGER NOT NULL,
  owner           TEXT,                        -- the process running the loop ("pid:start time"); NULL when none
  stop_requested  INTEGER NOT NULL DEFAULT 0,  -- 1: another process asked the owner to stop it
  stop_reason     TEXT
);
CREATE INDEX controllers_target_parameter ON controllers (target, parameter);
CREATE INDEX controllers_session ON controllers (session_id, num);

-- Decisions; `no_change` ticks are coalesced (db/controller-store.ts), and each controller keeps its latest rows only.
CREATE TABLE control_decisions (
  controller_id  TEXT NOT NULL REFERENCES controllers(id) ON DELETE CASCADE,
  seq            INTEGER NOT NULL,
  at             INTEGER NOT NULL,
  policy         TEXT NOT NULL,
  parameter      TEXT NOT NULL,
  outcome        TEXT NOT NULL,
  from_value     REAL NOT NULL,
  to_value       REAL NOT NULL,
  reason         TEXT NOT NULL,
  inputs         TEXT NOT NULL CHECK (json_valid(inputs)),
  slo_state      TEXT NOT NULL,
  slo_value      REAL,
  PRIMARY KEY (controller_id, seq)           -- also the (controller_id, seq) index that reads and retention use
);
