import type Database from 'better-sqlite3';
import { ImportedRows, INERT_TABLES } from './imported-rows.ts';
import type { Db } from './open.ts';
import { SESSION_FILE_FORMAT, SESSION_SCHEMA_VERSION, type SessionFile } from './session-export.ts';
import { quote, sessionTables } from './session-tables.ts';

/** Tables whose rows are deleted with their session (ON DELETE CASCADE): a new session cannot find any already there. */
const CASCADED = new Set(['sessions', 'messages', 'stream_chunks']);

/** Why a session file was refused. Nothing is written when this is thrown. */
export class SessionFileError extends Error {
  override name = 'SessionFileError';
  constructor(
    readonly code: 'invalid_file' | 'newer_version' | 'conflict',
    message: string,
  ) {
    super(message);
  }
}

export interface ImportResult {
  sessionId: string;
  /** Rows inserted per table. */
  rows: Record<string, number>;
}

/**
 * Imports a session export (see `exportSession`) in one transaction: either every row lands or none does.
 * Refuses, with a message naming the problem: text that is not a tunechat session file, a `schema_version`
 * newer than this tunechat reads, tables or columns this database does not have, and a session (or study, trial…)
 * id that already exists here. Ids are kept, so export → import → export gives the same file.
 */
export function importSession(db: Db, text: string, options: { now?: number } = {}): ImportResult {
  const file = parseSessionFile(text);
  const imported = new ImportedRows(db);
  const tables = new Map(sessionTables(db).map((t) => [t.table, t]));
  for (const [name, table] of Object.entries(file.tables)) {
    const info = tables.get(name);
    if (!info) throw new SessionFileError('invalid_file', `table "${name}" in the file is not a session table of this database (known: ${[...tables.keys()].join(', ')})`);
    if (!Array.isArray(table?.rows) || !Array.isArray(table.json_columns)) throw new SessionFileError('invalid_file', `tables.${name} must have "rows" and "json_columns" arrays`);
    table.rows.forEach((row, i) => {
      if (!row || typeof row !== 'object' || Array.isArray(row)) throw new SessionFileError('invalid_file', `tables.${name}.rows[${i}] must be an object`);
      const unknown = Object.keys(row).filter((c) => !info.columns.includes(c));
      if (unknown.length > 0) throw new SessionFileError('invalid_file', `tables.${name}.rows[${i}] has columns this database lacks: ${unknown.join(', ')}`);
      for (const [column, value] of Object.entries(row)) checkIdColumn(`tables.${name}.rows[${i}].${column}`, column, value);
    });
  }
  const sessions = file.tables.sessions?.rows ?? [];
  if (sessions.length !== 1 || sessions[0]?.id !== file.session_id) {
    throw new SessionFileError('invalid_file', `tables.sessions must hold exactly the session "${file.session_id}", found ${sessions.length} row(s)`);
  }
  if (db.prepare('SELECT 1 FROM sessions WHERE id = ?').pluck().get(file.session_id)) {
    throw new SessionFileError('conflict', `session "${file.session_id}" already exists in this database; delete it first to import this file again`);
  }
  const rows: Record<string, number> = {};
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const insertAll = db.transaction(() => {
    for (const info of tables.values()) {
      const table = file.tables[info.table];
      if (!table) continue;
      let inserted = 0;
      for (const row of table.rows) {
        const columns = Object.keys(row);
        const values = columns.map((c) => (table.json_columns.includes(c) && row[c] !== null ? JSON.stringify(row[c]) : toSqlValue(info.table, c, row[c])));
        if (!CASCADED.has(info.table) && sameRowExists({ prepare, table: info.table, primaryKey: info.primaryKey, columns, values })) continue;
        prepare(`INSERT INTO ${quote(info.table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...values);
        inserted += 1;
        const keyColumn = INERT_TABLES[info.table];
        if (keyColumn && typeof row[keyColumn] === 'string') {
          imported.mark({ table: info.table, keys: [row[keyColumn]], sessionId: file.session_id, at: options.now ?? Date.now() });
        }
      }
      rows[info.table] = inserted;
    }
  });
  try {
    insertAll();
  } catch (error) {
    if (error instanceof SessionFileError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const code = /UNIQUE|PRIMARY KEY/.test(message) ? 'conflict' : 'invalid_file';
    throw new SessionFileError(code, `import rolled back, nothing was written: ${message}`);
  }
  return { sessionId: file.session_id, rows };
}

/** Session, study, trial, turn and run ids: they end up in URLs, file names and headers. */
export const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
/** Rule ids are names users choose: any printable text up to 200 characters. */
const RULE_ID = /^[^\u0000-\u001f\u007f]{1,200}$/u;

/** Refuses an id column (`id`, `*_id`) whose value is not an id: control characters, quotes, slashes, overlong. */
function checkIdColumn(path: string, column: string, value: unknown): void {
  if (column !== 'id' && !column.endsWith('_id')) return;
  if (value === null && column !== 'id') return;
  const pattern = column === 'rule_id' ? RULE_ID : SESSION_ID;
  if (typeof value !== 'string' || !pattern.test(value)) {
    const rule = column === 'rule_id' ? '1-200 printable characters' : '1-128 characters of A-Z a-z 0-9 . _ : @ - (starting with a letter or digit)';
    throw new SessionFileError('invalid_file', `${path} must be an id of ${rule}, got ${JSON.stringify(typeof value === 'string' ? value.slice(0, 200) : value)}`);
  }
}

/** Checks the envelope: format, version, session id, tables. */
export function parseSessionFile(text: string): SessionFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SessionFileError('invalid_file', `not a JSON file: ${(error as Error).message}`);
  }
  const file = value as Partial<SessionFile> | null;
  if (!file || typeof file !== 'object' || file.format !== SESSION_FILE_FORMAT) {
    throw new SessionFileError('invalid_file', `not a tunechat session file: "format" must be "${SESSION_FILE_FORMAT}", got ${JSON.stringify(file?.format)}`);
  }
  if (!Number.isInteger(file.schema_version) || (file.schema_version as number) < 1) {
    throw new SessionFileError('invalid_file', `"schema_version" must be a positive integer, got ${JSON.stringify(file.schema_version)}`);
  }
  if ((file.schema_version as number) > SESSION_SCHEMA_VERSION) {
    throw new SessionFileError('newer_version', `the file has schema_version ${file.schema_version}, this tunechat reads up to ${SESSION_SCHEMA_VERSION}: upgrade tunechat to import it`);
  }
  if (typeof file.session_id !== 'string' || !SESSION_ID.test(file.session_id)) {
    throw new SessionFileError('invalid_file', `"session_id" must be 1-128 characters of A-Z a-z 0-9 . _ : @ - (starting with a letter or digit), got ${JSON.stringify(String(file.session_id).slice(0, 200))}`);
  }
  if (!file.tables || typeof file.tables !== 'object' || Array.isArray(file.tables)) throw new SessionFileError('invalid_file', '"tables" must be an object of table name → rows');
  return file as SessionFile;
}

/**
 * Rows that outlive their session (bench runs and rules keep theirs when a session is deleted) are already there when
 * the session is imported again: an identical row is skipped; a different row under the same key is a conflict.
 */
function sameRowExists(input: {
  prepare: (sql: string) => Database.Statement;
  table: string;
  primaryKey: string[];
  columns: string[];
  values: unknown[];
}): boolean {
  const { prepare, table, primaryKey, columns, values } = input;
  if (primaryKey.length === 0 || !primaryKey.every((k) => columns.includes(k))) return false;
  const keyValues = primaryKey.map((k) => values[columns.indexOf(k)]);
  const where = primaryKey.map((k) => `${quote(k)} = ?`).join(' AND ');
  const existing = prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)} WHERE ${where}`).raw(true).get(...keyValues) as unknown[] | undefined;
  if (!existing) return false;
  // A row detached by ON DELETE SET NULL when its session was deleted is attached again.
  const detached = (i: number) => columns[i] === 'session_id' && existing[i] === null;
  if (existing.every((v, i) => v === values[i] || detached(i))) {
    if (existing.some((_, i) => detached(i) && values[i] !== null)) {
      prepare(`UPDATE ${quote(table)} SET session_id = ? WHERE ${where}`).run(values[columns.indexOf('session_id')], ...keyValues);
    }
    return true;
  }
  throw new SessionFileError('conflict', `${table} row ${primaryKey.map((k, i) => `${k}=${JSON.stringify(keyValues[i])}`).join(', ')} already exists with different values; import rolled back, nothing was written`);
}

function toSqlValue(table: string, column: string, value: unknown): string | number | null {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new SessionFileError('invalid_file', `${table}.${column} must be a string, number or null, got ${JSON.stringify(value)}`);
}
