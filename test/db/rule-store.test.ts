import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../db/open.ts';
import { RuleStore } from '../../db/rule-store.ts';

test('rules are versioned: edits, removals and restores append versions and never lose history', () => {
  let now = 1000;
  const store = new RuleStore(openDatabase(':memory:'), () => now++);
  const v1 = { rule_id: 'r', condition: { field: 'x', operator: '>', value: 1 }, action: 'log' };
  const v2 = { ...v1, condition: { field: 'x', operator: '>', value: 2 } };
  assert.deepEqual(store.save(v1, { sessionId: 's1' }), { version: 1, change: 'create' });
  assert.deepEqual(store.save(v1), { version: 1, change: 'unchanged' });
  assert.deepEqual(store.save(v2), { version: 2, change: 'update' });
  assert.deepEqual(store.remove('r'), { version: 3 });
  assert.equal(store.remove('r'), null, 'already removed');
  assert.deepEqual(store.list(), []);
  assert.equal(store.get('r')!.removed, true);
  assert.deepEqual(store.save(v1), { version: 4, change: 'restore' });
  const history = store.history('r');
  assert.deepEqual(history.map((h) => [h.version, h.change]), [[1, 'create'], [2, 'update'], [3, 'remove'], [4, 'restore']]);
  assert.deepEqual(history[1]!.definition, v2);
  assert.deepEqual(history[2]!.definition, v2, 'the removal records what was removed');
  const current = store.get('r')!;
  assert.deepEqual([current.version, current.session_id, current.removed], [4, 's1', false]);
  assert.deepEqual(current.definition, v1);
});

test('alerts are stored and listed newest first, filtered by session or study', () => {
  const store = new RuleStore(openDatabase(':memory:'));
  const alert = (id: string, at: number, sessionId: string | null) => ({ id, ruleId: 'r', studyId: 'st', sessionId, message: `m${id}`, facts: [{ type: 'Fact', id: 'f', fields: { x: 1 } }], at });
  store.addAlert(alert('a', 1, 's1'));
  store.addAlert(alert('b', 2, 's2'));
  store.addAlert(alert('c', 3, 's1'));
  assert.deepEqual(store.listAlerts({ sessionId: 's1' }).map((a) => a.id), ['c', 'a']);
  assert.deepEqual(store.listAlerts({ studyId: 'st', limit: 2 }).map((a) => a.id), ['c', 'b']);
  assert.deepEqual(store.listAlerts()[0]!.facts, [{ type: 'Fact', id: 'f', fields: { x: 1 } }]);
});
