import type { Db } from './open.ts';
import { quote, sessionTables } from './session-tables.ts';

/** Version of the export file format. Files with a higher version are refused by `importSession`. */
export const SESSION_SCHEMA_VERSION = 1;
export const SESSION_FILE_FORMAT = 'tunechat-session';

/** One table's rows in an export file. Columns whose every value is JSON text are stored parsed (`json_columns`). */
export interface ExportedTable {
  json_columns: string[];
  rows: Record<string, unknown>[];
}

/**
 * A session export: the session row, its messages and stream chunks, the studies it started with their trials,
 * its benchmark runs and any other engine rows tagged with its session id, as raw rows. Deterministic: no
 * timestamps of the export itself and rows in primary-key order, so export → import → export is byte-identical.
 */
export interface SessionFile {
  format: typeof SESSION_FILE_FORMAT;
  schema_version: number;
  session_id: string;
  tables: Record<string, ExportedTable>;
}

/** Returns the export of `sessionId`, or null when the session does not exist. */
export function exportSession(db: Db, sessionId: string): SessionFile | null {
  const exists = db.prepare('SELECT 1 FROM sessions WHERE id = ?').pluck().get(sessionId);
  if (!exists) return null;
  const tables: Record<string, ExportedTable> = {};
  for (const info of sessionTables(db)) {
    const columns = info.columns.map(quote).join(', ');
    const rows = db.prepare(`SELECT ${columns} FROM ${quote(info.table)} WHERE ${info.where} ORDER BY ${info.orderBy}`).all({ session: sessionId }) as Record<string, unknown>[];
    if (rows.length === 0) continue;
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (Buffer.isBuffer(value)) throw new Error(`cannot export ${info.table}.${column}: binary values are not supported`);
      }
    }
    const jsonColumns = info.columns.filter((c) => rows.some((r) => r[c] !== null) && rows.every((r) => r[c] === null || isExactJson(r[c])));
    tables[info.table] = {
      json_columns: jsonColumns,
      rows: rows.map((row) => Object.fromEntries(info.columns.map((c) => [c, jsonColumns.includes(c) && row[c] !== null ? JSON.parse(row[c] as string) : row[c]]))),
    };
  }
  return { format: SESSION_FILE_FORMAT, schema_version: SESSION_SCHEMA_VERSION, session_id: sessionId, tables };
}

/** The file's text: pretty-printed JSON with a final newline. */
export function serializeSessionFile(file: SessionFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Text that is a JSON object/array and survives parse → stringify unchanged (so the round trip is exact). */
function isExactJson(value: unknown): boolean {
  if (typeof value !== 'string' || !(value.startsWith('{') || value.startsWith('['))) return false;
  try {
    return JSON.stringify(JSON.parse(value)) === value;
  } catch {
    return false;
  }
}
