-- Benchmark runs (tools/bench): one row per run; config and result are the plain JSON the runners return.
-- Runs of the same kind and label are "the same benchmark" and compared by default ("compare with yesterday's run").
CREATE TABLE bench_runs (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('command', 'http', 'llm', 'stability')),
  label       TEXT NOT NULL,
  session_id  TEXT REFERENCES sessions(id) ON DELETE SET NULL,
  config      TEXT NOT NULL CHECK (json_valid(config)),
  result      TEXT NOT NULL CHECK (json_valid(result)),
  created_at  INTEGER NOT NULL
);
CREATE INDEX bench_runs_label ON bench_runs (kind, label, created_at DESC);
CREATE INDEX bench_runs_session ON bench_runs (session_id, created_at DESC);
CREATE INDEX bench_runs_created ON bench_runs (created_at DESC);
