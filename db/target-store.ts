import type { TargetDefinition } from '../tools/targets/types.ts';
import type { Db } from './open.ts';

interface Row {
  name: string;
  definition: string;
  created_at: number;
  updated_at: number;
}

/** SQLite rows of user-registered targets (table `targets`, migration 0005). Definitions are stored as JSON. */
export class TargetStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  list(): TargetDefinition[] {
    const rows = this.db.prepare('SELECT name, definition, created_at, updated_at FROM targets ORDER BY name').all() as Row[];
    return rows.map((row) => JSON.parse(row.definition) as TargetDefinition);
  }

  get(name: string): TargetDefinition | null {
    const row = this.db.prepare('SELECT definition FROM targets WHERE name = ?').get(name) as Pick<Row, 'definition'> | undefined;
    return row ? (JSON.parse(row.definition) as TargetDefinition) : null;
  }

  /** Inserts or replaces the definition with that name. Returns true when it replaced one. */
  upsert(definition: TargetDefinition): boolean {
    const at = this.now();
    const existed = this.get(definition.name) !== null;
    this.db
      .prepare(
        `INSERT INTO targets (name, kind, definition, created_at, updated_at) VALUES (@name, @kind, @definition, @at, @at)
         ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, definition = excluded.definition, updated_at = excluded.updated_at`,
      )
      .run({ name: definition.name, kind: definition.kind, definition: JSON.stringify(definition), at });
    return existed;
  }

  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM targets WHERE name = ?').run(name).changes > 0;
  }
}
