import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChatStore } from '../../db/chat-store.ts';
import { openDatabase } from '../../db/open.ts';
import { exportSession, serializeSessionFile } from '../../db/session-export.ts';
import { importSession, SessionFileError } from '../../db/session-import.ts';
import { seedSession } from './support/seed-session.ts';

describe('session export / import', () => {
  test('export → import → export is byte-identical and carries only the session’s rows', () => {
    const source = openDatabase(':memory:');
    const id = seedSession(source);
    const first = serializeSessionFile(exportSession(source, id)!);
    const parsed = JSON.parse(first);
    assert.equal(parsed.schema_version, 1);
    assert.equal(parsed.format, 'tunechat-session');
    assert.deepEqual(parsed.tables.trials.rows.map((r: { id: string }) => r.id), ['tr0', 'tr1']);
    assert.deepEqual(parsed.tables.stream_chunks.rows.map((r: { sequence: number }) => r.sequence), [1, 2]);
    assert.deepEqual(parsed.tables.messages.rows[0].message.parts[0], { type: 'text', text: 'tune it' }, 'JSON columns are readable JSON');
    assert.equal(parsed.tables.studies.rows.length, 1);
    assert.equal(parsed.tables.trial_intermediate_values.rows[0].value, 0.5);
    assert.deepEqual(parsed.tables.rules.rows.map((r: { rule_id: string }) => r.rule_id), ['p99-guard'], 'rules the session added, not others');
    assert.deepEqual(parsed.tables.rule_versions.rows.map((r: { version: number }) => r.version), [1, 2]);
    assert.deepEqual(parsed.tables.rule_alerts.rows[0].facts, { p99: 80 });

    const target = openDatabase(':memory:');
    const result = importSession(target, first);
    assert.equal(result.sessionId, id);
    assert.equal(result.rows.trials, 2);
    assert.equal(serializeSessionFile(exportSession(target, id)!), first);
    const store = new ChatStore(target);
    assert.equal(store.getSession(id)!.source, 'slack');
    assert.equal(store.listMessages(id).length, 2);
    assert.equal(exportSession(target, 'nope'), null);
  });

  test('malformed, foreign and newer-version files are refused with a clear message', () => {
    const db = openDatabase(':memory:');
    const refuse = (text: string, code: string, pattern: RegExp) =>
      assert.throws(() => importSession(db, text), (e: unknown) => e instanceof SessionFileError && e.code === code && pattern.test(e.message));
    refuse('{ not json', 'invalid_file', /not a JSON file/);
    refuse('{"format":"something-else"}', 'invalid_file', /"format" must be "tunechat-session"/);
    refuse('{"format":"tunechat-session","schema_version":2,"session_id":"x","tables":{}}', 'newer_version', /schema_version 2, this tunechat reads up to 1/);
    refuse('{"format":"tunechat-session","schema_version":1,"session_id":"x","tables":{"nope":{"json_columns":[],"rows":[]}}}', 'invalid_file', /table "nope"/);
    refuse('{"format":"tunechat-session","schema_version":1,"session_id":"x","tables":{}}', 'invalid_file', /exactly the session "x"/);
    assert.equal(new ChatStore(db).listSessions().length, 0);
  });

  test('a file that fails half-way writes nothing, and a session already present is a conflict', () => {
    const source = openDatabase(':memory:');
    const id = seedSession(source);
    const file = exportSession(source, id)!;
    const broken = structuredClone(file);
    broken.tables.trials!.rows[1]!.state = 'exploded'; // violates the trials.state CHECK after sessions, messages and studies went in
    const target = openDatabase(':memory:');
    assert.throws(() => importSession(target, JSON.stringify(broken)), /import rolled back, nothing was written: .*CHECK/);
    for (const table of ['sessions', 'messages', 'stream_chunks', 'studies', 'trials']) {
      assert.equal(target.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get(), 0, `${table} is empty`);
    }
    importSession(target, serializeSessionFile(file));
    assert.throws(() => importSession(target, serializeSessionFile(file)), (e: unknown) => e instanceof SessionFileError && e.code === 'conflict' && /already exists/.test(e.message));
  });

  test('re-importing a deleted session re-attaches rows that outlived it; a different row under the same key is a conflict', () => {
    const db = openDatabase(':memory:');
    const id = seedSession(db);
    const text = serializeSessionFile(exportSession(db, id)!);
    new ChatStore(db).deleteSession(id); // bench run b1 keeps its row with session_id NULL; rules stay
    db.prepare('DELETE FROM studies WHERE session_id = ?').run(id);
    assert.equal(db.prepare("SELECT session_id FROM bench_runs WHERE id = 'b1'").pluck().get(), null);
    const result = importSession(db, text);
    assert.equal(result.rows.bench_runs, 0, 'the existing row was reused');
    assert.equal(db.prepare("SELECT session_id FROM bench_runs WHERE id = 'b1'").pluck().get(), id, 'and attached again');
    assert.equal(serializeSessionFile(exportSession(db, id)!), text);

    new ChatStore(db).deleteSession(id);
    db.prepare('DELETE FROM studies WHERE session_id = ?').run(id);
    db.prepare("UPDATE rule_alerts SET message = 'edited' WHERE id = 'a1'").run();
    assert.throws(() => importSession(db, text), (e: unknown) => e instanceof SessionFileError && e.code === 'conflict' && /rule_alerts row id="a1" already exists with different values/.test(e.message));
    assert.equal(new ChatStore(db).getSession(id), null, 'nothing was written');
  });
});
