import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ControllerClientFrame, ControllerFrame } from '../../server/protocol.ts';
import type { ControllerStatus, DecisionOutcome, DecisionRecord } from '../../tools/control/types.ts';
import { ControlFeed, MAX_POINTS } from '../../web/control-feed.ts';
import { controllerIdOfPart } from '../../web/control-placeholders.ts';
import { controllerSummary, decisionLine, sloText } from '../../web/control-text.ts';

const slo = { metric: 'latency_p99_ms', op: '<' as const, value: 40 };

function decision(seq: number, outcome: DecisionOutcome, from: number, to: number, sloValue: number | null, inputs: Record<string, number> = {}): DecisionRecord {
  return { controller_id: 'c-1', seq, at: Date.UTC(2026, 0, 1, 10, 2, seq), policy: 'little', parameter: 'workers', from, to, outcome, reason: 'cooling down: 2 s of 3 s', inputs, slo_state: 'violated', slo_value: sloValue };
}

const status = (overrides: Partial<ControllerStatus> = {}): ControllerStatus => ({
  id: 'c-1', target: 'example-service', parameter: 'workers', policy: 'little', policy_reason: 'asked for', slo, bounds: { min: 1, max: 32 }, dry_run: false,
  state: 'running', value: 8, initial_value: 8, slo_value: 52.1, slo_state: 'violated', decisions: 3, changes: 1, last_decision: null, started_at: 0, stopped_at: null, note: null, session_id: null, ...overrides,
});

test('decision lines read like the issue: time, SLO signal against the limit for how long, the change, the policy', () => {
  assert.equal(decisionLine(decision(3, 'applied', 8, 12, 52.14, { slo_for_s: 5 }), slo, { utc: true }), '10:02:03  p99 52.1 ms > 40 ms for 5 s → workers 8 → 12 (little)');
  assert.equal(decisionLine(decision(4, 'refused', 12, 16, 45), slo, { utc: true }), '10:02:04  p99 45 ms > 40 ms → workers stays 12, refused: cooling down: 2 s of 3 s');
  assert.equal(decisionLine(decision(5, 'held', 12, 12, null), slo, { utc: true }), '10:02:05  p99 ? (no data) · SLO < 40 ms → hold workers 12: cooling down: 2 s of 3 s');
  assert.equal(sloText({ metric: 'error_rate', op: '<', value: 0.01 }, 0.025), 'error rate 2.5% > 1%');
  assert.match(controllerSummary(status()), /^workers 8 · p99 52\.1 ms > 40 ms \(violated\) · running · 3 decisions, 1 change$/);
});

test('the feed: one watch per controller, full frames replace the history, later frames append ticks and log notable decisions', () => {
  const sent: ControllerClientFrame[] = [];
  const feed = new ControlFeed({ send: (f) => sent.push(f), now: () => 1 });
  const seen: number[] = [];
  const off1 = feed.subscribe('c-1', (s) => seen.push(s.points.length));
  const off2 = feed.subscribe('c-1', () => {});
  assert.deepEqual(sent.map((f) => f.type), ['watch-controller']);
  const full: ControllerFrame = { type: 'controller', controllerId: 'c-1', status: status(), decisions: [decision(2, 'applied', 8, 12, 52)], series: [{ at: 1, slo_value: 30, value: 8 }, { at: 2, slo_value: 52, value: 12 }] };
  assert.equal(feed.onFrame(full), true);
  assert.deepEqual(seen, [2]);
  assert.equal(feed.get('c-1')!.log.length, 1);
  feed.onFrame({ type: 'controller', controllerId: 'c-1', status: status({ value: 12 }), decisions: [decision(3, 'no_change', 12, 12, 41), decision(4, 'dry_run', 12, 16, 44)] });
  const state = feed.get('c-1')!;
  assert.deepEqual(state.points.slice(-2).map((p) => p.value), [12, 12], 'a dry run leaves the parameter where it was');
  assert.deepEqual(state.log.map((e) => e.decision.outcome), ['applied', 'dry_run'], 'no_change ticks are plotted, not logged');
  // Errors of its own watch requests are the feed's; other frames are not.
  const requestId = (sent[0] as { requestId: string }).requestId;
  assert.equal(feed.onFrame({ type: 'error', requestId, errorText: 'no controller with id c-1', code: 'not_found' }), true);
  assert.equal(feed.get('c-1')!.error, 'no controller with id c-1');
  assert.equal(feed.onFrame({ type: 'end', requestId: 'r-1' }), false);
  // A reconnect re-watches; the last listener leaving unwatches.
  feed.resubscribeAll();
  assert.equal(sent.filter((f) => f.type === 'watch-controller').length, 2);
  off1();
  assert.equal(sent.at(-1)!.type, 'watch-controller', 'one listener is left');
  off2();
  assert.deepEqual(sent.at(-1), { type: 'unwatch-controller', controllerId: 'c-1' });
  assert.equal(feed.watching, 0);
});

test('a run of the same refusal is one log entry with its count; a change in between starts a new one', () => {
  const feed = new ControlFeed({ send: () => {} });
  feed.subscribe('c-1', () => {});
  feed.onFrame({ type: 'controller', controllerId: 'c-1', status: status(), decisions: [], series: [] });
  const refusal = (seq: number, left: number): DecisionRecord => ({ ...decision(seq, 'refused', 12, 16, 45), reason: `cooling down after workers 8 → 12: ${left} s left` });
  feed.onFrame({ type: 'controller', controllerId: 'c-1', status: status(), decisions: [refusal(1, 2.5), refusal(2, 1.9), refusal(3, 1.4)] });
  feed.onFrame({ type: 'controller', controllerId: 'c-1', status: status(), decisions: [refusal(4, 0.9), decision(5, 'applied', 12, 16, 45), refusal(6, 2.5)] });
  assert.deepEqual(feed.get('c-1')!.log.map((e) => [e.decision.seq, e.repeated]), [[4, 4], [5, 1], [6, 1]]);
});

test('the feed keeps at most MAX_POINTS points', () => {
  const feed = new ControlFeed({ send: () => {} });
  feed.subscribe('c-1', () => {});
  feed.onFrame({ type: 'controller', controllerId: 'c-1', status: status(), decisions: [], series: [] });
  const ticks = Array.from({ length: MAX_POINTS + 50 }, (_, i) => decision(i + 1, 'no_change', 8, 8, 30));
  feed.onFrame({ type: 'controller', controllerId: 'c-1', status: status(), decisions: ticks });
  assert.equal(feed.get('c-1')!.points.length, MAX_POINTS);
  assert.equal(feed.get('c-1')!.points[0]!.at, ticks[50]!.at);
});

test('controller cards find their controller id in the output, else the input', () => {
  assert.equal(controllerIdOfPart({ type: 'tool-start_controller', state: 'output-available', output: { ok: true, controller_id: 'c-3', controller: { id: 'c-3' } } }), 'c-3');
  assert.equal(controllerIdOfPart({ type: 'tool-controller_status', state: 'input-available', input: { controller_id: 'c-2' } }), 'c-2');
  assert.equal(controllerIdOfPart({ type: 'tool-start_study', state: 'output-available', output: { controller_id: 'c-3' } }), null);
  assert.equal(controllerIdOfPart({ type: 'tool-stop_controller', state: 'output-available', output: { ok: false, error: { code: 'not_found' } } }), null);
});
