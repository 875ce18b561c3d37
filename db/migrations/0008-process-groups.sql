-- Process groups that trials and benchmark runs spawned (each child leads its own group), recorded while they run
-- so that a server restarted after a crash (kill -9) stops the groups its dead predecessor left behind
-- (server/process-group-cleanup.ts). A row is deleted when its leader exits.
CREATE TABLE process_groups (
  pgid                 INTEGER PRIMARY KEY,   -- the process group id = the pid of its leader
  start_time           TEXT,                  -- /proc/<pgid>/stat field 22 (clock ticks since boot); NULL where unknown
  boot_id              TEXT,                  -- /proc/sys/kernel/random/boot_id when recorded; start times only compare within one boot
  owner_kind           TEXT NOT NULL,         -- trial | bench
  owner_id             TEXT,                  -- study id (trial) or bench run id
  trial_number         INTEGER,
  recorder_pid         INTEGER NOT NULL,      -- the server process that spawned it
  recorder_start_time  TEXT,                  -- and its start time: a live recorder's groups are left alone
  created_at           INTEGER NOT NULL
);
