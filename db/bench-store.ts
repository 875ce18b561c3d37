import type { Db } from './open.ts';
import type { BenchKind, BenchResult, BenchRun } from '../tools/bench/types.ts';

interface Row {
  id: string;
  kind: BenchKind;
  label: string;
  session_id: string | null;
  config: string;
  result: string;
  created_at: number;
}

const toRun = (row: Row): BenchRun => ({
  id: row.id,
  kind: row.kind,
  label: row.label,
  sessionId: row.session_id,
  config: JSON.parse(row.config) as Record<string, unknown>,
  result: JSON.parse(row.result) as BenchResult,
  createdAt: row.created_at,
});

/** Stored benchmark runs (table `bench_runs`, migration 0004). The handle is injected; nothing connects at import. */
export class BenchStore {
  constructor(private readonly db: Db) {}

  insert(run: BenchRun): void {
    this.db
      .prepare('INSERT INTO bench_runs (id, kind, label, session_id, config, result, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(run.id, run.kind, run.label, run.sessionId, JSON.stringify(run.config), JSON.stringify(run.result), run.createdAt);
  }

  get(id: string): BenchRun | null {
    const row = this.db.prepare('SELECT * FROM bench_runs WHERE id = ?').get(id) as Row | undefined;
    return row ? toRun(row) : null;
  }

  /** Newest first. */
  list(filter: { kind?: BenchKind; label?: string; sessionId?: string; limit?: number } = {}): BenchRun[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.kind) where.push('kind = ?'), args.push(filter.kind);
    if (filter.label) where.push('label = ?'), args.push(filter.label);
    if (filter.sessionId) where.push('session_id = ?'), args.push(filter.sessionId);
    const sql = `SELECT * FROM bench_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, filter.limit ?? 50) as Row[]).map(toRun);
  }

  /** The latest run of the same kind and label stored before `run` (the baseline for "compare with the previous run"). */
  previous(run: BenchRun): BenchRun | null {
    const row = this.db
      .prepare('SELECT * FROM bench_runs WHERE kind = ? AND label = ? AND id != ? AND (created_at < ? OR (created_at = ? AND rowid < (SELECT rowid FROM bench_runs WHERE id = ?))) ORDER BY created_at DESC, rowid DESC LIMIT 1')
      .get(run.kind, run.label, run.id, run.createdAt, run.createdAt, run.id) as Row | undefined;
    return row ? toRun(row) : null;
  }
}
