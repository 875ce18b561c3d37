import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { openDatabase, type Db } from '../../db/open.ts';
import { AuditStore, GENESIS_HASH, canonicalJson, decisionIdTime } from '../../db/audit-store.ts';
import { newDecisionId } from '../../tools/iam/authorizer.ts';
import type { AuditRecord } from '../../tools/iam/types.ts';

type NewRow = Omit<AuditRecord, 'seq' | 'prev_hash' | 'hash'>;

function row(i: number, overrides: Partial<NewRow> = {}): NewRow {
  return {
    decision_id: `d-${i}`,
    at: 1_000 + i,
    principal: i % 2 ? 'tunechat:user/alice' : 'tunechat:user/bob',
    source: 'web',
    source_ip: '10.0.0.7',
    action: i % 3 ? 'optimizer:StartStudy' : 'bench:RunHttp',
    resource: 'tunechat:target/xgboost',
    context: { 'optimizer:Trials': 100 + i, 'tunechat:Groups': ['tuners'] },
    decision: i % 4 === 0 ? 'implicitDeny' : i % 4 === 1 ? 'explicitDeny' : 'allowed',
    matched: [{ policy: 'p', version: 'v1', sid: 'S', index: 0, effect: 'Allow' }],
    versions: [{ policy: 'p', version: 'v1' }],
    ...overrides,
  };
}

function filled(count: number): { db: Db; audit: AuditStore } {
  const db = openDatabase(':memory:');
  const audit = new AuditStore(db);
  for (let i = 1; i <= count; i++) audit.append(row(i));
  return { db, audit };
}

test('canonical JSON sorts keys at every level and drops undefined', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' }, u: undefined }), '{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}');
});

test('appends are chained from the genesis hash and verify passes', () => {
  const { audit } = filled(10);
  const rows = audit.query({ limit: 1000 }).reverse();
  assert.deepEqual(rows.map((r) => r.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(rows[0]!.prev_hash, GENESIS_HASH);
  for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash);
  assert.deepEqual(audit.verify(), { ok: true, rows: 10 });
  assert.deepEqual(rows[2]!.context, { 'optimizer:Trials': 103, 'tunechat:Groups': ['tuners'] });
});

test('a store opened on an existing database continues the chain', () => {
  const { db, audit } = filled(3);
  const reopened = new AuditStore(db);
  const next = reopened.append(row(4));
  assert.equal(next.seq, 4);
  assert.equal(next.prev_hash, audit.get('d-3')!.hash);
  assert.equal(audit.append(row(5)).seq, 5, 'a stale writer re-reads the head instead of forking the chain');
  assert.deepEqual(reopened.verify(), { ok: true, rows: 5 });
});

test('a row edited with raw SQL is reported by its seq', () => {
  const { db, audit } = filled(8);
  db.prepare("UPDATE audit SET decision = 'allowed' WHERE seq = 5").run();
  const result = audit.verify();
  assert.equal(result.ok, false);
  assert.equal(result.rows, 8);
  assert.equal(result.broken!.seq, 5);
  assert.match(result.broken!.reason, /edited/);
});

test('an edit inside the context JSON or of the stored hash is found too', () => {
  const { db, audit } = filled(6);
  db.prepare(`UPDATE audit SET context = json_set(context, '$."optimizer:Trials"', 100) WHERE seq = 2`).run();
  assert.equal(audit.verify().broken!.seq, 2);
  const other = filled(6);
  other.db.prepare("UPDATE audit SET hash = '" + 'f'.repeat(64) + "', decision = 'allowed' WHERE seq = 3").run();
  const result = other.audit.verify();
  assert.equal(result.broken!.seq, 3, 'the rewritten row no longer hashes to its stored hash');
});

test('a deleted middle row is reported at the row after it', () => {
  const { db, audit } = filled(8);
  db.prepare('DELETE FROM audit WHERE seq = 4').run();
  const result = audit.verify();
  assert.equal(result.ok, false);
  assert.equal(result.rows, 7);
  assert.equal(result.broken!.seq, 5);
  assert.match(result.broken!.reason, /a row before it was deleted/);
  const first = filled(3);
  first.db.prepare('DELETE FROM audit WHERE seq = 1').run();
  assert.equal(first.audit.verify().broken!.seq, 2);
});

test('query filters by principal, decision, action wildcards and time, newest first, with a limit', () => {
  const { audit } = filled(12);
  assert.deepEqual(audit.query({ principal: 'alice' }).map((r) => r.seq), [11, 9, 7, 5, 3, 1]);
  assert.deepEqual(audit.query({ principal: 'tunechat:user/bob', decision: 'allow' }).map((r) => r.seq), [10, 6, 2]);
  assert.deepEqual(audit.query({ decision: 'deny' }).map((r) => r.decision), ['implicitDeny', 'explicitDeny', 'implicitDeny', 'explicitDeny', 'implicitDeny', 'explicitDeny']);
  assert.deepEqual(audit.query({ action: 'BENCH:*' }).map((r) => r.seq), [12, 9, 6, 3]);
  assert.deepEqual(audit.query({ action: 'optimizer:Start?tudy', limit: 2 }).map((r) => r.seq), [11, 10]);
  assert.deepEqual(audit.query({ since: 1_005, until: 1_007 }).map((r) => r.seq), [7, 6, 5]);
  assert.deepEqual(audit.query({ action: 'bench:Run_ttp' }), [], '_ is not a wildcard');
  audit.append(row(13, { principal: 'tunechat:operator' }));
  audit.append(row(14, { principal: 'tunechat:slack-guest/U1' }));
  audit.append(row(15, { principal: 'tunechat:slack-guest/U2' }));
  assert.deepEqual(audit.query({ principal: 'operator' }).map((r) => r.seq), [13]);
  assert.deepEqual(audit.query({ principal: 'slack-guest' }).map((r) => r.seq), [15, 14], 'every Slack guest');
  assert.deepEqual(audit.query({ principal: 'tunechat:slack-guest/U1' }).map((r) => r.seq), [14]);
  assert.equal(audit.get('d-7')!.seq, 7);
  assert.equal(audit.get('d-nope'), null);
  // The authorizer's ids carry their time: found through the time index.
  const timed = audit.append({ ...row(0), decision_id: newDecisionId(1_700_000_000_123.4), at: 1_700_000_000_123.4 });
  assert.equal(audit.get(timed.decision_id)!.seq, 16);
  assert.equal(decisionIdTime(timed.decision_id), 1_700_000_000_123);
  assert.equal(decisionIdTime('d-7'), null);
  assert.throws(() => audit.query({ limit: 1001 }), (e: { code?: string; message: string }) => e.code === 'invalid_argument' && /limit/.test(e.message));
  assert.throws(() => audit.query({ decision: 'maybe' as 'allow' }), /decision/);
  assert.deepEqual(audit.verify(), { ok: true, rows: 16 });
});

function appendTimes(audit: AuditStore, count: number): number[] {
  const times: number[] = [];
  for (let i = 1; i <= count; i++) {
    const r = row(i);
    const start = process.hrtime.bigint();
    audit.append(r);
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return times.sort((a, b) => a - b);
}

test('audit append p50 over 10,000 rows, in memory and on a WAL file (printed, not asserted)', () => {
  const memory = new AuditStore(openDatabase(':memory:'));
  const inMemory = appendTimes(memory, 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'tunechat-audit-'));
  try {
    const db = openDatabase(join(dir, 'audit.db'));
    const onFile = appendTimes(new AuditStore(db), 10_000);
    db.close();
    for (const [where, times] of [[':memory:', inMemory], ['WAL file', onFile]] as const) {
      console.log(`audit append (${where}): p50 ${times[5000]!.toFixed(1)} µs, p99 ${times[9900]!.toFixed(1)} µs over 10,000 rows`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(memory.verify().rows, 10_000);
});

const hasSqlite3 = spawnSync('sqlite3', ['-version'], { timeout: 5_000 }).status === 0;

test('an edit made with the sqlite3 command-line tool on the database file is detected', { skip: hasSqlite3 ? false : 'no sqlite3 binary on PATH' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tunechat-audit-'));
  try {
    const path = join(dir, 'tunechat.db');
    const db = openDatabase(path);
    const audit = new AuditStore(db);
    for (let i = 1; i <= 5; i++) audit.append(row(i));
    assert.equal(audit.verify().ok, true);
    const edit = spawnSync('sqlite3', [path, "UPDATE audit SET decision = 'allowed' WHERE seq = 4"], { timeout: 10_000, encoding: 'utf8' });
    assert.equal(edit.status, 0, edit.stderr);
    const result = new AuditStore(db).verify();
    assert.deepEqual([result.ok, result.broken?.seq], [false, 4]);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
