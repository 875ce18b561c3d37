import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../../../tools/common/clock.ts';
import { ToolError } from '../../../tools/common/errors.ts';
import { reasonClass, NO_CHANGE_EVERY_MS } from '../../../tools/control/manager-coalescer.ts';
import type { ControllerSpec } from '../../../tools/control/types.ts';
import { FakeService, flush, harness, tick } from './manager-fakes.ts';

const spec = (over: Partial<ControllerSpec> = {}): ControllerSpec => ({ target: 'svc', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'workers', policy: 'threshold', ...over });

async function refusal(promise: Promise<unknown>): Promise<ToolError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(ToolError.isInstance(error), `a ToolError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a refusal');
}

describe('ControllerManager: start refuses bad input, naming the field', () => {
  test('each refusal names its field and what would be accepted; nothing is stored', async () => {
    const clock = new ManualClock(1_000_000);
    const { manager, store } = harness(clock, new FakeService());
    const unknown = await refusal(manager.start(spec({ target: 'nope' })));
    assert.equal(unknown.code, 'not_found');
    assert.match(unknown.message, /no target named "nope"; targets with a control section: svc/);
    const plain = await refusal(manager.start(spec({ target: 'plain' })));
    assert.deepEqual([plain.code, plain.details.parameter], ['invalid_argument', 'target']);
    assert.match(plain.message, /"plain" has no "control" section.*controllable targets: svc/);
    const parameter = await refusal(manager.start(spec({ parameter: 'threads' })));
    assert.equal(parameter.details.parameter, 'parameter');
    assert.match(parameter.message, /no actuator for parameter "threads"; controllable parameters: workers, cache_size/);
    const reversed = await refusal(manager.start(spec({ bounds: { min: 10, max: 2 } })));
    assert.equal(reversed.details.parameter, 'bounds');
    assert.match(reversed.message, /reversed: min 10 > max 2/);
    const outside = await refusal(manager.start(spec({ bounds: { min: 0, max: 100 } })));
    assert.equal(outside.details.parameter, 'bounds');
    assert.match(outside.message, /0\.\.100 are outside workers's declared range 1\.\.64/);
    const metric = await refusal(manager.start(spec({ metric: 'gpu_util' })));
    assert.equal(metric.details.parameter, 'metric');
    assert.match(metric.message, /no signal "gpu_util"; it offers: latency_p99_ms, latency_mean_ms/);
    const period = await refusal(manager.start(spec({ period_s: 0 })));
    assert.equal(period.details.parameter, 'period_s');
    assert.deepEqual(store.list(), [], 'refused starts store nothing');
  });

  test("a policy whose required signal the source lacks is refused, naming the signal", async () => {
    const clock = new ManualClock(1_000_000);
    const { manager } = harness(clock, new FakeService(), { offered: ['latency_p99_ms', 'busy'] });
    const error = await refusal(manager.start(spec()));
    assert.equal(error.details.parameter, 'policy');
    assert.match(error.message, /policy threshold needs the signal queue_wait_ms.*offers: latency_p99_ms, busy/);
  });

  test('auto picks a policy and says why; a second controller on the same parameter is a conflict naming the first', async () => {
    const clock = new ManualClock(1_000_000);
    const { manager } = harness(clock, new FakeService());
    const first = await manager.start(spec({ policy: 'auto' }), { session_id: 's1' });
    assert.equal(first.id, 'c-1');
    assert.equal(first.policy, 'threshold');
    assert.match(first.policy_reason, /queue wait/);
    const conflict = await refusal(manager.start(spec({ policy: 'hpa' })));
    assert.equal(conflict.code, 'conflict');
    assert.match(conflict.message, /controller c-1 already controls workers on "svc"/);
    const other = await manager.start(spec({ parameter: 'cache_size', policy: 'threshold' }));
    assert.equal(other.id, 'c-2', 'another parameter of the same target is fine');
    await manager.close();
  });
});

describe('ControllerManager: the loop', () => {
  test('decisions flow to observers and the store; the service changes within bounds; stop leaves its value', async () => {
    const clock = new ManualClock(1_000_000);
    const service = new FakeService();
    service.values.latency_p99_ms = 52;
    const { manager, store, decisions } = harness(clock, service);
    const started = await manager.start(spec({ bounds: { min: 2, max: 16 } }), { session_id: 's1' });
    await flush();
    await tick(clock, 3);
    assert.deepEqual(service.applied, [12, 16], 'grows by 4 per violated tick, never past max 16');
    assert.deepEqual(decisions.map((d) => d.outcome), ['applied', 'applied', 'no_change', 'no_change']);
    assert.deepEqual(decisions.map((d) => d.seq), [1, 2, 3, 4]);
    assert.deepEqual(store.decisions(started.id).map((d) => [d.seq, d.from, d.to]), [[1, 8, 12], [2, 12, 16], [3, 16, 16]], 'the first no_change is stored, the repeat coalesced');
    const status = manager.status(undefined, { session_id: 's1' });
    assert.deepEqual([status.id, status.state, status.value, status.initial_value, status.decisions, status.changes, status.slo_state], ['c-1', 'running', 16, 8, 4, 2, 'violated']);
    const row = store.get('c-1')!;
    assert.deepEqual([row.value, row.next_seq, row.decisions], [16, 5, 4], 'the row follows every tick');

    const stopped = await manager.stop(undefined, { session_id: 's1' }, 'stopped in the test');
    assert.deepEqual([stopped.state, stopped.value, stopped.note], ['stopped', 16, 'stopped in the test']);
    await tick(clock, 3);
    assert.deepEqual(service.applied, [12, 16], 'nothing is applied after the stop, and the stop reset nothing');
    assert.equal(service.workers, 16);
    assert.equal(decisions.length, 4);
    assert.equal(store.get('c-1')!.state, 'stopped');
    assert.equal(store.get('c-1')!.owner, null);
    const again = await manager.stop('c-1');
    assert.equal(again.state, 'stopped', 'stopping a stopped controller answers its status');
  });

  test('no_change ticks are coalesced: stored on a new reason class or SLO state, else at most one per 30 s', async () => {
    const clock = new ManualClock(1_000_000);
    const service = new FakeService();
    const { manager, store, decisions } = harness(clock, service);
    await manager.start(spec());
    await flush();
    await tick(clock, 70);
    service.values.latency_p99_ms = 38; // within 10% of 40: at risk, still no change
    await tick(clock, 2);
    const seen = decisions.filter((d) => d.outcome === 'no_change');
    const stored = store.decisions('c-1', { limit: 1000 });
    console.log(`no_change decisions seen ${seen.length}, stored ${stored.length}`);
    assert.equal(seen.length, 73);
    assert.ok(stored.length <= 7, `stored ${stored.length}`);
    for (let i = 1; i < stored.length; i++) {
      const [a, b] = [stored[i - 1]!, stored[i]!];
      const sameKind = reasonClass(a.reason) === reasonClass(b.reason) && a.slo_state === b.slo_state;
      if (sameKind) assert.ok(b.at - a.at >= NO_CHANGE_EVERY_MS, `two alike stored ${b.at - a.at} ms apart`);
    }
    const atRisk = seen.find((d) => d.slo_state === 'at_risk')!;
    assert.ok(stored.some((d) => d.seq === atRisk.seq), 'the first at-risk tick is stored at once');
    assert.equal(manager.status('c-1').decisions, 73, 'the status counts every decision');
    await manager.close();
  });

  test('status and stop without an id: the session\'s latest, else the latest; unknown ids list the known ones', async () => {
    const clock = new ManualClock(1_000_000);
    const { manager } = harness(clock, new FakeService());
    await assert.rejects(() => Promise.resolve().then(() => manager.status()), /no controller yet/);
    await manager.start(spec(), { session_id: 'a' });
    await manager.start(spec({ parameter: 'cache_size' }), { session_id: 'b' });
    assert.equal(manager.status(undefined, { session_id: 'a' }).id, 'c-1');
    assert.equal(manager.status(undefined, { session_id: 'zzz' }).id, 'c-2');
    assert.throws(() => manager.status('c-9'), /no controller with id c-9; controllers: c-1, c-2/);
    await assert.rejects(manager.stop(undefined, { session_id: 'zzz' }), /2 controllers run .*name one with controller_id/);
    assert.equal((await manager.stop(undefined, { session_id: 'b' })).id, 'c-2');
    assert.equal((await manager.stop(undefined, { session_id: 'zzz' })).id, 'c-1', 'the only one running');
    assert.deepEqual(manager.list().map((s) => s.state), ['stopped', 'stopped']);
  });
});
