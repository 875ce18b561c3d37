import type { Db } from './open.ts';

/** Tables whose imported rows are inert, with their key column. */
export const INERT_TABLES: Readonly<Record<string, string>> = { studies: 'id', rules: 'rule_id' };

/**
 * Which rows came from an imported session file (table `imported_rows`, migration 0007). Imported studies are
 * never resumed or continued and imported rules never join the live rule engine: a session file is data from
 * anyone, and its target specs (commands included) are not the operator's choice.
 */
export class ImportedRows {
  constructor(private readonly db: Db) {}

  /** Records rows as imported (inside the import's transaction). */
  mark(input: { table: string; keys: readonly string[]; sessionId: string; at: number }): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO imported_rows (table_name, row_key, session_id, imported_at) VALUES (?, ?, ?, ?)');
    for (const key of input.keys) insert.run(input.table, key, input.sessionId, input.at);
  }

  /** The row is someone's own now (e.g. a rule added again): no longer inert. */
  clear(table: string, key: string): void {
    this.db.prepare('DELETE FROM imported_rows WHERE table_name = ? AND row_key = ?').run(table, key);
  }

  has(table: string, key: string): boolean {
    return this.db.prepare('SELECT 1 FROM imported_rows WHERE table_name = ? AND row_key = ?').pluck().get(table, key) !== undefined;
  }
}
