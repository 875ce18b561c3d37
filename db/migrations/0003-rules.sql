-- Rules with their full history: every create, edit, removal and restore appends a version, so removing
-- or editing a rule never loses what it was. `rules` holds the current state of each rule id.
CREATE TABLE rules (
  rule_id          TEXT PRIMARY KEY,
  current_version  INTEGER NOT NULL,
  removed_at       INTEGER,                 -- null while the rule is active
  study_id         TEXT,                    -- the study the rule is attached to (null: every study)
  session_id       TEXT,                    -- the chat session that added it (alerts go there)
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);

CREATE TABLE rule_versions (
  rule_id     TEXT NOT NULL REFERENCES rules(rule_id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  change      TEXT NOT NULL CHECK (change IN ('create', 'update', 'remove', 'restore')),
  definition  TEXT NOT NULL CHECK (json_valid(definition)),   -- the rule JSON as written
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (rule_id, version)
);

-- Alerts raised by `trigger_alert` (streamed to the chat and Slack as they happen).
CREATE TABLE rule_alerts (
  id          TEXT PRIMARY KEY,
  rule_id     TEXT NOT NULL,
  study_id    TEXT,
  session_id  TEXT,
  message     TEXT NOT NULL,
  facts       TEXT NOT NULL CHECK (json_valid(facts)),
  at          INTEGER NOT NULL
);
CREATE INDEX rule_alerts_session ON rule_alerts (session_id, at);
CREATE INDEX rule_alerts_study ON rule_alerts (study_id, at);
