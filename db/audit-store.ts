import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from './open.ts';
import { ToolError } from '../tools/common/errors.ts';
import type { AuditQuery, AuditRecord, AuditStoreApi, AuditVerification, ContextValue, EvalDecision, MatchedStatement } from '../tools/iam/types.ts';

/** The prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);
export const MAX_AUDIT_QUERY_LIMIT = 1000;
const DEFAULT_AUDIT_QUERY_LIMIT = 50;
const MAX_FILTER_LENGTH = 300;

interface AuditRow {
  seq: number;
  decision_id: string;
  at: number;
  principal: string;
  source: string;
  source_ip: string | null;
  action: string;
  resource: string;
  context: string;
  decision: string;
  matched: string;
  versions: string;
  prev_hash: string;
  hash: string;
}

/** JSON with object keys sorted at every level and no whitespace: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/**
 * The hash of a row: sha256(prev_hash + canonical JSON of its fields, seq included). The JSON columns are passed
 * already canonical, so an append serializes each value once; the object is written with its keys in sorted order,
 * which makes the text equal to `canonicalJson` of the whole row.
 */
function rowHash(prevHash: string, row: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  const text =
    `{"action":${JSON.stringify(row.action)},"at":${JSON.stringify(row.at)},"context":${row.context},` +
    `"decision":${JSON.stringify(row.decision)},"decision_id":${JSON.stringify(row.decision_id)},"matched":${row.matched},` +
    `"principal":${JSON.stringify(row.principal)},"resource":${JSON.stringify(row.resource)},"seq":${JSON.stringify(row.seq)},` +
    `"source":${JSON.stringify(row.source)},"source_ip":${JSON.stringify(row.source_ip)},"versions":${row.versions}}`;
  return createHash('sha256').update(prevHash).update(text).digest('hex');
}

/** Re-canonicalizes a stored JSON column for verification; text that does not parse is hashed as it is. */
function recanonical(text: string): string {
  try {
    return canonicalJson(JSON.parse(text));
  } catch {
    return JSON.stringify(text);
  }
}

function isSeqConflict(error: unknown): boolean {
  return error instanceof Error && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * The tamper-evident audit of policy decisions (issue 16). Every row carries the hash of the row before it, so an
 * edit (with sqlite3 or anything else) or a deletion in the middle is found by `verify()`. Deleting the newest rows
 * is not detectable from the chain alone (it needs an anchor kept elsewhere).
 *
 * Appends are on every tool call's path: one prepared INSERT, the last seq and hash are kept in memory (read once on
 * open). Another process appending to the same database (the CLI beside the server) makes the cached seq stale; the
 * INSERT then fails on the primary key, and the store re-reads the head and retries, so the chain stays linear
 * without a SELECT per write.
 */
export class AuditStore implements AuditStoreApi {
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private readonly insertRow: Statement;
  private readonly headRow: Statement;
  private readonly byDecisionId: Statement;
  private readonly scanDecisionId: Statement;
  private readonly queries = new Map<string, Statement>();

  constructor(private readonly db: Db) {
    this.insertRow = db.prepare(
      `INSERT INTO audit (seq, decision_id, at, principal, source, source_ip, action, resource, context, decision, matched, versions, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.headRow = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    this.byDecisionId = db.prepare('SELECT * FROM audit WHERE at >= @at AND at < @at + 1 AND decision_id = @id');
    this.scanDecisionId = db.prepare('SELECT * FROM audit WHERE decision_id = ?');
    this.readHead();
  }

  append(record: Omit<AuditRecord, 'seq' | 'prev_hash' | 'hash'>): AuditRecord {
    const fields = {
      decision_id: record.decision_id,
      at: record.at,
      principal: record.principal,
      source: record.source,
      source_ip: record.source_ip ?? null,
      action: record.action,
      resource: record.resource,
      context: canonicalJson(record.context),
      decision: record.decision,
      matched: canonicalJson(record.matched),
      versions: canonicalJson(record.versions),
    };
    for (let attempt = 0; ; attempt++) {
      const row = { ...fields, seq: this.lastSeq + 1 };
      const prev_hash = this.lastHash;
      const hash = rowHash(prev_hash, row);
      try {
        this.insertRow.run(row.seq, row.decision_id, row.at, row.principal, row.source, row.source_ip, row.action, row.resource, row.context, row.decision, row.matched, row.versions, prev_hash, hash);
      } catch (error) {
        if (isSeqConflict(error) && attempt < 5) {
          this.readHead();
          continue;
        }
        throw error;
      }
      this.lastSeq = row.seq;
      this.lastHash = hash;
      return { ...record, seq: row.seq, prev_hash, hash };
    }
  }

  get(decisionId: string): AuditRecord | null {
    if (typeof decisionId !== 'string' || decisionId.length > MAX_FILTER_LENGTH) return null;
    // The authorizer's ids carry their time (newDecisionId): one lookup in the time index. Any other id: a scan.
    const at = decisionIdTime(decisionId);
    const row = (at === null ? this.scanDecisionId.get(decisionId) : this.byDecisionId.get({ at, id: decisionId })) as AuditRow | undefined;
    return row ? toRecord(row) : null;
  }

  /**
   * Newest first. `principal` is an ARN, or a bare name: "alice" (tunechat:user/alice), "operator", "slack-guest"
   * (every Slack guest). `decision` 'deny' matches explicitDeny and implicitDeny. `action` may use `*` and `?` and is
   * compared case-insensitively, as policies compare actions.
   */
  query(query: AuditQuery = {}): AuditRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.principal !== undefined) {
      const principal = checkFilter('principal', query.principal);
      if (principal.includes(':')) {
        where.push('principal = ?');
        params.push(principal);
      } else if (principal === 'operator') {
        where.push('principal = ?');
        params.push('tunechat:operator');
      } else if (principal === 'slack-guest') {
        where.push("principal LIKE 'tunechat:slack-guest/%'");
      } else {
        where.push('principal = ?');
        params.push(`tunechat:user/${principal}`);
      }
    }
    if (query.decision !== undefined) {
      if (query.decision === 'allow') where.push("decision = 'allowed'");
      else if (query.decision === 'deny') where.push("decision <> 'allowed'");
      else throw new ToolError('invalid_argument', `decision must be "allow" or "deny", got ${JSON.stringify(query.decision)}`, { details: { field: 'decision', actual: query.decision } });
    }
    if (query.action !== undefined) {
      const action = checkFilter('action', query.action);
      where.push("action LIKE ? ESCAPE '\\'");
      params.push(action.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%').replace(/\?/g, '_'));
    }
    if (query.since !== undefined) {
      where.push('at >= ?');
      params.push(checkTime('since', query.since));
    }
    if (query.until !== undefined) {
      where.push('at <= ?');
      params.push(checkTime('until', query.until));
    }
    const limit = query.limit ?? DEFAULT_AUDIT_QUERY_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_QUERY_LIMIT) {
      throw new ToolError('invalid_argument', `limit must be an integer from 1 to ${MAX_AUDIT_QUERY_LIMIT}, got ${limit}`, { details: { field: 'limit', actual: limit, max: MAX_AUDIT_QUERY_LIMIT } });
    }
    const sql = `SELECT * FROM audit${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    let statement = this.queries.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.queries.set(sql, statement);
    }
    return (statement.all(...params, limit) as AuditRow[]).map(toRecord);
  }

  /**
   * Walks the chain in seq order and reports the first row that does not hold: its hash does not match its fields
   * (edited), its seq skips (a row before it was deleted), or its prev_hash is not the previous row's hash.
   */
  verify(): AuditVerification {
    let rows = 0;
    let prevSeq = 0;
    let prevHash = GENESIS_HASH;
    let broken: AuditVerification['broken'];
    for (const row of this.db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
      rows++;
      if (broken) continue;
      if (row.seq !== prevSeq + 1) {
        const gap = prevSeq === 0 ? `the first row is seq ${row.seq}, not 1` : `seq ${row.seq} follows seq ${prevSeq}`;
        broken = { seq: row.seq, reason: `${gap}: a row before it was deleted` };
        continue;
      }
      const computed = rowHash(row.prev_hash, {
        ...row,
        context: recanonical(row.context),
        matched: recanonical(row.matched),
        versions: recanonical(row.versions),
      });
      if (computed !== row.hash) {
        broken = { seq: row.seq, reason: `hash mismatch: the row was edited (stored ${short(row.hash)}, computed ${short(computed)})` };
      } else if (row.prev_hash !== prevHash) {
        broken = { seq: row.seq, reason: `prev_hash ${short(row.prev_hash)} is not the hash of seq ${prevSeq} (${short(prevHash)}): a row before it was deleted or rewritten` };
      }
      prevSeq = row.seq;
      prevHash = row.hash;
    }
    return broken ? { ok: false, rows, broken } : { ok: true, rows };
  }

  private readHead(): void {
    const head = this.headRow.get() as { seq: number; hash: string } | undefined;
    this.lastSeq = head?.seq ?? 0;
    this.lastHash = head?.hash ?? GENESIS_HASH;
  }
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    seq: row.seq,
    decision_id: row.decision_id,
    at: row.at,
    principal: row.principal,
    source: row.source as AuditRecord['source'],
    source_ip: row.source_ip,
    action: row.action,
    resource: row.resource,
    context: parseJson(row.context, {}) as Record<string, ContextValue>,
    decision: row.decision as EvalDecision,
    matched: parseJson(row.matched, []) as MatchedStatement[],
    versions: parseJson(row.versions, []) as { policy: string; version: string }[],
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
}

function parseJson(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

function short(hash: string): string {
  return `${hash.slice(0, 12)}…`;
}

function checkFilter(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_FILTER_LENGTH) {
    throw new ToolError('invalid_argument', `${field} must be a string of 1 to ${MAX_FILTER_LENGTH} characters, got ${JSON.stringify(value)?.slice(0, 80)}`, { details: { field, actual: value } });
  }
  return value;
}

function checkTime(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ToolError('invalid_argument', `${field} must be epoch milliseconds (a finite number), got ${JSON.stringify(value)}`, { details: { field, actual: value } });
  }
  return value;
}

/** The time in an id made by newDecisionId (`d-` + 9 base-36 digits of epoch ms + 12 hex digits), else null. */
export function decisionIdTime(decisionId: string): number | null {
  const match = /^d-([0-9a-z]{9})[0-9a-f]{12}$/.exec(decisionId);
  if (!match) return null;
  const at = parseInt(match[1]!, 36);
  return Number.isSafeInteger(at) ? at : null;
}
