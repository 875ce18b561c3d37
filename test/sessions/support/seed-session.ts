import { ChatStore } from '../../../db/chat-store.ts';
import type { Db } from '../../../db/open.ts';

/** A session with messages, chunks, a study with trials (intermediate values, user attrs) and a bench run; plus an unrelated session. */
export function seedSession(db: Db): string {
  const store = new ChatStore(db, () => 1_700_000_000_000);
  const other = store.createSession({ title: 'other', source: 'web' });
  const session = store.createSession({ title: 'tune the service', source: 'slack', metadata: { slack: { channel: 'C1' } } });
  store.appendMessage(session.id, { id: 'm1', role: 'user', parts: [{ type: 'text', text: 'tune it' }] });
  store.appendMessage(session.id, { id: 'm2', role: 'assistant', parts: [{ type: 'text', text: 'done, p99 = 12.5 ms' }] });
  store.appendChunk({ sessionId: session.id, sequence: 1, turnId: 't1', tMs: 0.25, chunk: { type: 'start' } });
  store.appendChunk({ sessionId: session.id, sequence: 2, turnId: 't1', tMs: 10.5, chunk: { type: 'text-delta', id: 'x', delta: 'done' } });
  store.appendChunk({ sessionId: other.id, sequence: 1, turnId: 't9', tMs: 1, chunk: { type: 'start' } });
  const spec = JSON.stringify({ space: { x: { type: 'float', low: 0, high: 1 } }, objectives: [{ metric: 'y', direction: 'minimize' }], target: { kind: 'builtin', problem: 'sphere' }, seed: 42 });
  const study = db.prepare('INSERT INTO studies (id, name, session_id, spec, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  study.run('s1', 'sphere', session.id, spec, 'complete', 1, 2);
  study.run('s-other', 'other', other.id, spec, 'complete', 1, 2);
  const trial = db.prepare(
    'INSERT INTO trials (id, study_id, number, state, params, distributions, "values", metrics, constraint_violations, attempt, error, created_at, started_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  trial.run('tr0', 's1', 0, 'complete', '{"x":0.25}', '{"x":{"type":"float","low":0,"high":1,"log":false,"step":null,"q":null}}', '[0.0625]', '{"y":0.0625}', '[]', 1, null, 1, 1, 2);
  trial.run('tr1', 's1', 1, 'failed', '{"x":0.5}', '{}', null, '{}', null, 2, 'exit code 1: boom', 1, 1, 2);
  trial.run('tr9', 's-other', 0, 'complete', '{"x":0.1}', '{}', '[0.01]', '{}', '[]', 1, null, 1, 1, 2);
  db.prepare('INSERT INTO trial_intermediate_values (trial_id, step, value) VALUES (?, ?, ?)').run('tr0', 1, 0.5);
  db.prepare('INSERT INTO trial_user_attrs (trial_id, key, value) VALUES (?, ?, ?)').run('tr0', 'note', '"warm"');
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'bench_runs'").get()) {
    db.prepare('INSERT INTO bench_runs (id, kind, label, session_id, config, result, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run('b1', 'http', 'svc', session.id, '{"url":"http://127.0.0.1:1"}', '{"p99_ms":12.5}', 5);
  }
  db.prepare('INSERT INTO rules (rule_id, current_version, study_id, session_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run('p99-guard', 2, 's1', session.id, 3, 4);
  db.prepare('INSERT INTO rules (rule_id, current_version, study_id, session_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run('global', 1, null, other.id, 3, 3);
  const version = db.prepare('INSERT INTO rule_versions (rule_id, version, change, definition, created_at) VALUES (?, ?, ?, ?, ?)');
  version.run('p99-guard', 1, 'create', '{"when":{"all":[]},"then":[]}', 3);
  version.run('p99-guard', 2, 'update', '{"when":{"all":[{"fact":"trial"}]},"then":[]}', 4);
  version.run('global', 1, 'create', '{}', 3);
  db.prepare('INSERT INTO rule_alerts (id, rule_id, study_id, session_id, message, facts, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run('a1', 'global', 's1', session.id, 'p99 high', '{"p99":80}', 5);
  return session.id;
}
