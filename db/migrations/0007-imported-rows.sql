-- Rows that came from an imported session file (db/session-import.ts). They are records, not the operator's
-- choices: imported studies are never resumed or continued, imported rules never join the live rule engine.
-- Local state: not exported with the session (db/session-tables.ts NOT_EXPORTED).
CREATE TABLE imported_rows (
  table_name   TEXT NOT NULL,
  row_key      TEXT NOT NULL,
  session_id   TEXT NOT NULL,
  imported_at  INTEGER NOT NULL,
  PRIMARY KEY (table_name, row_key)
);
