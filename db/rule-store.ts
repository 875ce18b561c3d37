import type { Db } from './open.ts';
import type { Alert, RuleJson } from '../tools/rules/types.ts';

/** A rule as stored: its current definition and version, and where it is attached. */
export interface StoredRule {
  rule_id: string;
  version: number;
  definition: RuleJson;
  study_id: string | null;
  session_id: string | null;
  removed: boolean;
  created_at: number;
  updated_at: number;
}

export interface RuleVersion {
  rule_id: string;
  version: number;
  change: 'create' | 'update' | 'remove' | 'restore';
  definition: RuleJson;
  created_at: number;
}

interface RuleRow {
  rule_id: string;
  current_version: number;
  removed_at: number | null;
  study_id: string | null;
  session_id: string | null;
  created_at: number;
  updated_at: number;
  definition: string;
}

/**
 * SQLite storage of rules (versioned: edits and removals append versions, nothing is overwritten) and of
 * the alerts rules raise. The handle and the clock are injected.
 */
export class RuleStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Creates, updates (a new version when the definition changed) or restores a removed rule.
   * Returns the version now current and what changed ('unchanged' when the definition is identical).
   */
  save(rule: RuleJson, attach: { studyId?: string | null; sessionId?: string | null } = {}): { version: number; change: RuleVersion['change'] | 'unchanged' } {
    return this.db.transaction(() => {
      const at = this.now();
      const current = this.row(rule.rule_id);
      const definition = JSON.stringify(rule);
      if (!current) {
        this.db
          .prepare('INSERT INTO rules (rule_id, current_version, study_id, session_id, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?)')
          .run(rule.rule_id, attach.studyId ?? null, attach.sessionId ?? null, at, at);
        this.appendVersion(rule.rule_id, 1, 'create', definition, at);
        return { version: 1, change: 'create' as const };
      }
      if (current.removed_at === null && current.definition === definition) return { version: current.current_version, change: 'unchanged' as const };
      const version = current.current_version + 1;
      const change = current.removed_at === null ? ('update' as const) : ('restore' as const);
      this.db
        .prepare('UPDATE rules SET current_version = ?, removed_at = NULL, study_id = ?, session_id = ?, updated_at = ? WHERE rule_id = ?')
        .run(version, attach.studyId !== undefined ? attach.studyId : current.study_id, attach.sessionId !== undefined ? attach.sessionId : current.session_id, at, rule.rule_id);
      this.appendVersion(rule.rule_id, version, change, definition, at);
      return { version, change };
    })();
  }

  /** Marks a rule removed (a new version records it); returns null when there is no active rule with that id. */
  remove(ruleId: string): { version: number } | null {
    return this.db.transaction(() => {
      const current = this.row(ruleId);
      if (!current || current.removed_at !== null) return null;
      const at = this.now();
      const version = current.current_version + 1;
      this.db.prepare('UPDATE rules SET current_version = ?, removed_at = ?, updated_at = ? WHERE rule_id = ?').run(version, at, at, ruleId);
      this.appendVersion(ruleId, version, 'remove', current.definition, at);
      return { version };
    })();
  }

  get(ruleId: string): StoredRule | null {
    const row = this.row(ruleId);
    return row ? toStored(row) : null;
  }

  /** Active rules (or all, with removed ones), oldest first. */
  list(options: { includeRemoved?: boolean } = {}): StoredRule[] {
    const rows = this.db
      .prepare(
        `SELECT r.*, v.definition FROM rules r JOIN rule_versions v ON v.rule_id = r.rule_id AND v.version = r.current_version
         ${options.includeRemoved ? '' : 'WHERE r.removed_at IS NULL'} ORDER BY r.created_at, r.rule_id`,
      )
      .all() as RuleRow[];
    return rows.map(toStored);
  }

  history(ruleId: string): RuleVersion[] {
    const rows = this.db.prepare('SELECT * FROM rule_versions WHERE rule_id = ? ORDER BY version').all(ruleId) as (Omit<RuleVersion, 'definition'> & { definition: string })[];
    return rows.map((row) => ({ ...row, definition: JSON.parse(row.definition) as RuleJson }));
  }

  addAlert(alert: Alert): void {
    this.db
      .prepare('INSERT INTO rule_alerts (id, rule_id, study_id, session_id, message, facts, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(alert.id, alert.ruleId, alert.studyId, alert.sessionId, alert.message, JSON.stringify(alert.facts), alert.at);
  }

  /** Alerts, newest first. */
  listAlerts(filter: { sessionId?: string; studyId?: string; limit?: number } = {}): Alert[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.sessionId !== undefined) {
      where.push('session_id = ?');
      args.push(filter.sessionId);
    }
    if (filter.studyId !== undefined) {
      where.push('study_id = ?');
      args.push(filter.studyId);
    }
    const sql = `SELECT * FROM rule_alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, rowid DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, filter.limit ?? 100) as { id: string; rule_id: string; study_id: string | null; session_id: string | null; message: string; facts: string; at: number }[];
    return rows.map((r) => ({ id: r.id, ruleId: r.rule_id, studyId: r.study_id, sessionId: r.session_id, message: r.message, facts: JSON.parse(r.facts) as Alert['facts'], at: r.at }));
  }

  private row(ruleId: string): RuleRow | undefined {
    return this.db
      .prepare('SELECT r.*, v.definition FROM rules r JOIN rule_versions v ON v.rule_id = r.rule_id AND v.version = r.current_version WHERE r.rule_id = ?')
      .get(ruleId) as RuleRow | undefined;
  }

  private appendVersion(ruleId: string, version: number, change: RuleVersion['change'], definition: string, at: number): void {
    this.db.prepare('INSERT INTO rule_versions (rule_id, version, change, definition, created_at) VALUES (?, ?, ?, ?, ?)').run(ruleId, version, change, definition, at);
  }
}

function toStored(row: RuleRow): StoredRule {
  return {
    rule_id: row.rule_id,
    version: row.current_version,
    definition: JSON.parse(row.definition) as RuleJson,
    study_id: row.study_id,
    session_id: row.session_id,
    removed: row.removed_at !== null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
