-- Targets the user registered from chat or the CLI (tunechat.json targets are read from the file, not stored).
CREATE TABLE targets (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  definition TEXT NOT NULL CHECK (json_valid(definition)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
