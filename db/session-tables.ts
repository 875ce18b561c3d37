import type { Db } from './open.ts';

/**
 * The tables a session export carries, in insertion order (parents before children), each with the rows that
 * belong to one session (`@session` is the session id). Tables that do not exist in this database (an engine
 * whose migration is absent) are skipped. Any other table with a `session_id` column (e.g. the rule engine's)
 * is found by `sessionTables` and exported too, so new engines are covered without a change here.
 */
export const SESSION_TABLES: readonly { table: string; where: string }[] = [
  { table: 'sessions', where: 'id = @session' },
  { table: 'messages', where: 'session_id = @session' },
  { table: 'stream_chunks', where: 'session_id = @session' },
  { table: 'studies', where: 'session_id = @session' },
  { table: 'trials', where: 'study_id IN (SELECT id FROM studies WHERE session_id = @session)' },
  {
    table: 'trial_intermediate_values',
    where: 'trial_id IN (SELECT t.id FROM trials t JOIN studies s ON s.id = t.study_id WHERE s.session_id = @session)',
  },
  {
    table: 'trial_user_attrs',
    where: 'trial_id IN (SELECT t.id FROM trials t JOIN studies s ON s.id = t.study_id WHERE s.session_id = @session)',
  },
  { table: 'bench_runs', where: 'session_id = @session' },
  // Rules the session added (with their full version history) and the alerts raised in it. Rules added elsewhere
  // that fired here are named by `rule_alerts.rule_id` but stay out, so two sessions never carry the same rule row.
  { table: 'rules', where: 'session_id = @session' },
  { table: 'rule_versions', where: 'rule_id IN (SELECT rule_id FROM rules WHERE session_id = @session)' },
  { table: 'rule_alerts', where: 'session_id = @session' },
];

/** Local state that must not travel with a session: Slack thread links, share tokens, import marks. */
const NOT_EXPORTED = new Set(['slack_threads', 'session_shares', 'slack_events', 'schema_migrations', 'imported_rows']);

export interface TableInfo {
  table: string;
  where: string;
  columns: string[];
  /** Deterministic row order: the primary key (or rowid). */
  orderBy: string;
  /** Primary-key columns (empty for rowid tables). */
  primaryKey: string[];
}

/** The session tables present in `db`, with their columns, in insertion order. */
export function sessionTables(db: Db): TableInfo[] {
  const existing = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const known = SESSION_TABLES.filter((t) => existing.includes(t.table));
  const discovered = existing
    .filter((name) => !NOT_EXPORTED.has(name) && !SESSION_TABLES.some((t) => t.table === name))
    .filter((name) => columnsOf(db, name).some((c) => c.name === 'session_id'))
    .map((table) => ({ table, where: 'session_id = @session' }));
  return [...known, ...discovered].map(({ table, where }) => {
    const columns = columnsOf(db, table);
    const primaryKey = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    return { table, where, columns: columns.map((c) => c.name), orderBy: primaryKey.length > 0 ? primaryKey.map(quote).join(', ') : 'rowid', primaryKey };
  });
}

function columnsOf(db: Db, table: string): { name: string; pk: number }[] {
  return db.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string; pk: number }[];
}

export function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
