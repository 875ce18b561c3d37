import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ControllerStore, type NewController } from '../../db/controller-store.ts';
import { openDatabase } from '../../db/open.ts';
import type { DecisionRecord } from '../../tools/control/types.ts';

const controller = (over: Partial<NewController> = {}): NewController => ({
  target: 'example-service', parameter: 'workers',
  spec: { target: 'example-service', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'workers', bounds: { min: 1, max: 64 }, policy: 'little', period_s: 1 },
  policy: 'little', policy_reason: 'asked for', state: 'running', value: 8, initial_value: 8, note: null, session_id: 's1', started_at: 1000, owner: 'p1',
  ...over,
});

const decision = (seq: number, over: Partial<DecisionRecord> = {}): DecisionRecord => ({
  controller_id: 'c-1', seq, at: 1000 + seq * 1000, policy: 'little', parameter: 'workers', from: 8, to: 12, outcome: 'applied',
  reason: 'p99 52 ms > 40 ms', inputs: { p99: 52, limit: 40 }, slo_state: 'violated', slo_value: 52, ...over,
});

test('ids are c-1, c-2, … in start order; latest finds the session\'s newest', () => {
  const store = new ControllerStore(openDatabase(':memory:'));
  const a = store.create(controller());
  const b = store.create(controller({ session_id: 's2', parameter: 'cache' }));
  const c = store.create(controller({ session_id: null }));
  assert.deepEqual([a.id, b.id, c.id], ['c-1', 'c-2', 'c-3']);
  assert.equal(store.latest('s1')?.id, 'c-1');
  assert.equal(store.latest('s2')?.id, 'c-2');
  assert.equal(store.latest('nope'), null);
  assert.equal(store.latest()?.id, 'c-3');
  assert.deepEqual(a.spec.bounds, { min: 1, max: 64 });
  assert.equal(a.stop_requested, false);
  assert.deepEqual(store.list().map((s) => s.id), ['c-1', 'c-2', 'c-3']);
});

test('update writes only the given fields and the heartbeat; a stop request is a flag the owner reads', () => {
  const store = new ControllerStore(openDatabase(':memory:'));
  const { id } = store.create(controller());
  store.update(id, { value: 12, slo_state: 'ok', decisions: 3, next_seq: 4 }, 5000);
  const row = store.get(id)!;
  assert.deepEqual([row.value, row.initial_value, row.slo_state, row.decisions, row.next_seq, row.updated_at, row.state], [12, 8, 'ok', 3, 4, 5000, 'running']);
  assert.equal(store.stopRequest(id), null);
  assert.equal(store.requestStop(id, 'stopped from the CLI'), true);
  assert.deepEqual(store.stopRequest(id), { reason: 'stopped from the CLI' });
  assert.equal(store.requestStop('c-99', 'x'), false);
});

test('decisions: the newest `limit` in seq order, or those after a seq; retention keeps the newest rows', () => {
  const store = new ControllerStore(openDatabase(':memory:'), { kept: 5 });
  store.create(controller());
  for (let seq = 1; seq <= 8; seq++) store.addDecision(decision(seq, { outcome: seq % 2 ? 'applied' : 'no_change' }));
  assert.deepEqual(store.decisions('c-1', { limit: 3 }).map((d) => d.seq), [6, 7, 8]);
  assert.deepEqual(store.decisions('c-1', { after_seq: 2, limit: 2 }).map((d) => d.seq), [3, 4]);
  const first = store.decisions('c-1', { limit: 1 })[0]!;
  assert.deepEqual(first, decision(8, { outcome: 'no_change' }), 'a decision reads back as written');
  assert.equal(store.lastDecision('c-1')?.seq, 8);
  assert.equal(store.prune('c-1'), 3);
  assert.deepEqual(store.decisions('c-1').map((d) => d.seq), [4, 5, 6, 7, 8]);
  assert.equal(store.countDecisions('c-1'), 5);
});

test('retention runs by itself as decisions accumulate', () => {
  const store = new ControllerStore(openDatabase(':memory:'), { kept: 100 });
  store.create(controller());
  for (let seq = 1; seq <= 1200; seq++) store.addDecision(decision(seq));
  // Pruned at the 500th and 1000th insert: at most `kept` + 499 rows remain, the newest always among them.
  const count = store.countDecisions('c-1');
  assert.ok(count <= 100 + 499 && count >= 100, `rows kept: ${count}`);
  assert.equal(store.lastDecision('c-1')?.seq, 1200);
});
