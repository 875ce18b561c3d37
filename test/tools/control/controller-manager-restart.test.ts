import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openDatabase } from '../../../db/open.ts';
import { ManualClock } from '../../../tools/common/clock.ts';
import type { ControllerSpec, ControllerStatus } from '../../../tools/control/types.ts';
import { FakeService, flush, harness, tick } from './manager-fakes.ts';

const spec: ControllerSpec = { target: 'svc', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'workers', policy: 'threshold' };

/** A manager that ran c-1 (8 → 12) and shut down gracefully; returns the shared database and service. */
async function shutDownAfterOneChange(clock: ManualClock) {
  const service = new FakeService();
  service.values.latency_p99_ms = 52;
  const first = harness(clock, service, { owner: 'old' });
  await first.manager.start(spec, { session_id: 's1' });
  await flush();
  service.values.latency_p99_ms = 30;
  await tick(clock, 2);
  await first.manager.close();
  return { db: first.db, service, first };
}

describe('ControllerManager: restart', () => {
  test('close leaves the service as it is and stores interrupted; a new manager resumes, reporting what it found', async () => {
    const clock = new ManualClock(1_000_000);
    const { db, service, first } = await shutDownAfterOneChange(clock);
    assert.deepEqual(service.applied, [12]);
    assert.equal(service.workers, 12, 'close did not touch the service');
    assert.equal(first.store.get('c-1')!.state, 'interrupted');
    const seqBefore = first.store.lastDecision('c-1')!.seq;

    const second = harness(clock, service, { db, owner: 'new' });
    const resumed = await second.manager.resumeInterrupted();
    assert.deepEqual(resumed.map((s) => [s.id, s.state, s.value, s.initial_value]), [['c-1', 'running', 12, 8]]);
    assert.equal(resumed[0]!.note, 'found workers=12 on restart (last set 12)');
    assert.equal(resumed[0]!.session_id, 's1');
    await flush();
    await tick(clock, 1);
    assert.ok(second.decisions.length > 0 && second.decisions[0]!.seq > seqBefore, 'decision numbers go on from before the restart');
    assert.ok(second.manager.status('c-1').decisions > second.decisions.length, 'the count includes the decisions before the restart');
    assert.deepEqual(service.applied, [12], 'resuming changed nothing by itself');
    await second.manager.close();
  });

  test('someone changed the value while tunechat was down: the controller continues from it and says so', async () => {
    const clock = new ManualClock(1_000_000);
    const { db, service } = await shutDownAfterOneChange(clock);
    service.workers = 6;
    const second = harness(clock, service, { db, owner: 'new' });
    const [status] = await second.manager.resumeInterrupted();
    assert.equal(status!.note, 'found workers=6, expected 12: someone changed it; continuing from 6');
    assert.equal(status!.value, 6);
    await second.manager.close();
  });

  test('an unreachable service on restart: the controller holds, with what happened in its note', async () => {
    const clock = new ManualClock(1_000_000);
    const { db, service } = await shutDownAfterOneChange(clock);
    service.down = true;
    const second = harness(clock, service, { db, owner: 'new' });
    const [resumed] = await second.manager.resumeInterrupted();
    assert.equal(resumed!.value, 12, 'assumes the last set value');
    await flush();
    await tick(clock, 2);
    const status = second.manager.status('c-1');
    assert.equal(status.state, 'holding');
    assert.match(status.note ?? '', /could not read workers on restart \(.*ECONNREFUSED.*\); holding at the last set value 12/);
    assert.deepEqual(second.decisions.map((d) => d.outcome), ['held', 'held', 'held']);
    assert.deepEqual(service.applied, [12], 'no blind scaling');
    await second.manager.close();
  });

  test('a crash (rows left running by a dead process) resumes; a stop requested meanwhile stops it instead', async () => {
    const clock = new ManualClock(1_000_000);
    const db = openDatabase(':memory:');
    const service = new FakeService();
    const dead = harness(clock, service, { db, owner: 'dead' });
    const row = (parameter: string) =>
      dead.store.create({ target: 'svc', parameter, spec: { ...spec, parameter, bounds: { min: 1, max: 64 }, policy: 'threshold' }, policy: 'threshold', policy_reason: 'asked for', state: 'running', value: 8, initial_value: 8, note: null, session_id: null, started_at: 1, owner: 'dead' });
    row('workers');
    row('cache_size');
    dead.store.requestStop('c-2', 'stopped from the CLI');
    const next = harness(clock, service, { db, owner: 'new', alive: (owner) => owner !== 'dead' });
    assert.equal(next.manager.status('c-1').state, 'interrupted', 'a row whose process died reads interrupted');
    const resumed = await next.manager.resumeInterrupted();
    assert.deepEqual(resumed.map((s) => s.id), ['c-1']);
    const c2 = next.manager.status('c-2');
    assert.deepEqual([c2.state, c2.note], ['stopped', 'stopped from the CLI (while tunechat was down)']);
    await next.manager.close();
  });

  test('a controller another live process runs is left alone by resume, and counts as a conflict', async () => {
    const clock = new ManualClock(1_000_000);
    const service = new FakeService();
    const server = harness(clock, service, { owner: 'server', alive: () => true });
    await server.manager.start(spec);
    const cli = harness(clock, service, { db: server.db, owner: 'cli', alive: (owner) => owner === 'server' });
    assert.deepEqual(await cli.manager.resumeInterrupted(), []);
    await assert.rejects(cli.manager.start(spec), /controller c-1 already controls workers/);
    await server.manager.close();
  });
});

describe('ControllerManager: stop from another process', () => {
  test('the CLI asks through the store; the owner stops at its next tick; the value stays', async () => {
    const clock = new ManualClock(1_000_000);
    const service = new FakeService();
    service.values.latency_p99_ms = 52;
    const server = harness(clock, service, { owner: 'server', alive: () => true });
    await server.manager.start(spec);
    await flush();
    const cli = harness(clock, service, { db: server.db, owner: 'cli', alive: (owner) => owner === 'server' });
    assert.equal(cli.manager.status('c-1').state, 'running', 'the CLI reads the server\'s controller from the store');
    service.values.latency_p99_ms = 30;
    let result: ControllerStatus | null = null;
    const stopping = cli.manager.stop('c-1', {}, 'stopped from the CLI').then((s) => (result = s));
    for (let i = 0; i < 40 && result === null; i++) await tick(clock, 1, 100);
    await stopping;
    assert.deepEqual([result!.state, result!.note], ['stopped', 'stopped from the CLI']);
    assert.equal(server.manager.status('c-1').state, 'stopped');
    assert.equal(service.workers, 12, 'the service keeps its value');
    assert.equal(server.statuses.at(-1)?.state, 'stopped', "the owner's observers saw it stop");
  });

  test('a controller whose process died is stopped in the store directly', async () => {
    const clock = new ManualClock(1_000_000);
    const service = new FakeService();
    const server = harness(clock, service, { owner: 'server', alive: () => true });
    await server.manager.start(spec);
    await server.manager.close(); // the server is gone; its row says interrupted
    const cli = harness(clock, service, { db: server.db, owner: 'cli', alive: () => false });
    const stopped = await cli.manager.stop('c-1', {}, 'stopped from the CLI');
    assert.equal(stopped.state, 'stopped');
    assert.match(stopped.note ?? '', /stopped from the CLI \(while interrupted/);
    assert.deepEqual(await cli.manager.resumeInterrupted(), [], 'a stopped controller is not resumed');
  });
});
