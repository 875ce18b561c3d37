import type { ProcessGroupOwner, ProcessGroupRecorder } from '../tools/common/process-group-recorder.ts';
import { readBootId, readProcessStat } from '../tools/common/process-identity.ts';
import type Database from 'better-sqlite3';
import type { Db } from './open.ts';

/** One recorded process group (table `process_groups`, migration 0008). */
export interface RecordedProcessGroup {
  pgid: number;
  /** The leader's start time (`/proc/<pid>/stat` field 22), or null where it could not be read (not Linux). */
  startTime: string | null;
  bootId: string | null;
  owner: ProcessGroupOwner;
  /** The server process that spawned it, with its start time (null where unknown). */
  recorderPid: number;
  recorderStartTime: string | null;
  createdAt: number;
}

export interface ProcessGroupStoreOptions {
  now?: () => number;
  /** Where `/proc` is (tests point it at a fake tree). Default `/proc`. */
  procRoot?: string;
  /** The recording process (default this one). */
  selfPid?: number;
  /** Told when a row could not be written or deleted (default: one line on stderr). */
  onError?: (error: unknown) => void;
}

interface Row {
  pgid: number;
  start_time: string | null;
  boot_id: string | null;
  owner_kind: string;
  owner_id: string | null;
  trial_number: number | null;
  recorder_pid: number;
  recorder_start_time: string | null;
  created_at: number;
}

/**
 * The SQLite {@link ProcessGroupRecorder}: a row per running trial or bench process group, with the leader's start
 * time read from `/proc` right after the spawn, so a later server can tell the recorded leader from a process that
 * reused its pid. `record`/release never throw (failures go to `onError`); `list`/`remove` are for the start-up cleanup.
 */
export class ProcessGroupStore implements ProcessGroupRecorder {
  private readonly now: () => number;
  private readonly procRoot: string;
  private readonly selfPid: number;
  private readonly onError: (error: unknown) => void;
  private self: { startTime: string | null; bootId: string | null } | null = null;
  private prepared: { insert: Database.Statement; release: Database.Statement } | null = null;

  constructor(
    private readonly db: Db,
    options: ProcessGroupStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.procRoot = options.procRoot ?? '/proc';
    this.selfPid = options.selfPid ?? process.pid;
    this.onError = options.onError ?? ((error) => console.error(`tunechat: could not record a process group: ${error instanceof Error ? error.message : String(error)}`));
  }

  record(pgid: number, owner: ProcessGroupOwner): () => void {
    let startTime: string | null = null;
    try {
      const self = (this.self ??= { startTime: readProcessStat(this.selfPid, this.procRoot)?.startTime ?? null, bootId: readBootId(this.procRoot) });
      startTime = readProcessStat(pgid, this.procRoot)?.startTime ?? null;
      this.statements()
        .insert.run(pgid, startTime, self.bootId, owner.kind, owner.kind === 'trial' ? owner.studyId : owner.runId, owner.kind === 'trial' ? owner.trialNumber : null, this.selfPid, self.startTime, this.now());
    } catch (error) {
      this.onError(error);
      return () => {};
    }
    return () => {
      try {
        // Only this recording: once reaped, the pid may lead a newer group recorded since (with another start time).
        this.statements().release.run(pgid, this.selfPid, startTime);
      } catch (error) {
        // The database may already be closed when a child exits during shutdown; its row is cleaned at the next start.
        if (this.db.open) this.onError(error);
      }
    };
  }

  /** Prepared once: a bench run records and forgets a group per measured run. */
  private statements() {
    return (this.prepared ??= {
      insert: this.db.prepare(
        `INSERT OR REPLACE INTO process_groups (pgid, start_time, boot_id, owner_kind, owner_id, trial_number, recorder_pid, recorder_start_time, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      release: this.db.prepare('DELETE FROM process_groups WHERE pgid = ? AND recorder_pid = ? AND start_time IS ?'),
    });
  }

  /** Every recorded group, oldest first. */
  list(): RecordedProcessGroup[] {
    const rows = this.db.prepare('SELECT * FROM process_groups ORDER BY created_at, pgid').all() as Row[];
    return rows.map((row) => ({
      pgid: row.pgid,
      startTime: row.start_time,
      bootId: row.boot_id,
      owner: row.owner_kind === 'trial' ? { kind: 'trial', studyId: row.owner_id, trialNumber: row.trial_number ?? 0 } : { kind: 'bench', runId: row.owner_id },
      recorderPid: row.recorder_pid,
      recorderStartTime: row.recorder_start_time,
      createdAt: row.created_at,
    }));
  }

  /** Forgets the given groups (after the start-up cleanup handled them). */
  remove(pgids: readonly number[]): void {
    const statement = this.db.prepare('DELETE FROM process_groups WHERE pgid = ?');
    this.db.transaction(() => {
      for (const pgid of pgids) statement.run(pgid);
    })();
  }
}
