import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { ControllerStore } from '../../../db/controller-store.ts';
import { openDatabase } from '../../../db/open.ts';
import { TargetStore } from '../../../db/target-store.ts';
import { systemClock } from '../../../tools/common/clock.ts';
import { ControllerManager } from '../../../tools/control/controller-manager.ts';
import type { DecisionRecord } from '../../../tools/control/types.ts';
import { parseTargetInput } from '../../../tools/targets/definition-schema.ts';
import { TargetRegistry } from '../../../tools/targets/target-registry.ts';
import { startExampleService } from '../../support/example-service.ts';

/**
 * The manager with the real plug-ins (Prometheus source, http actuator) against the real example service on a free
 * loopback port: the initial value is read from GET /control, a stop leaves the service as it is, and a restart
 * reports a value someone else set. Timings are printed, never asserted; every wait is bounded.
 */
let child: ChildProcess;
let base = '';

before(async () => {
  ({ child, base } = await startExampleService(['--workers', '4']));
});

after(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

const workers = async () => ((await (await fetch(`${base}/control`, { signal: AbortSignal.timeout(5000) })).json()) as { workers: number }).workers;

test('real source and actuator: start reads the value, stop leaves it, a restart reports what someone else set', async () => {
  const db = openDatabase(':memory:');
  const targets = new TargetRegistry({ store: new TargetStore(db) });
  await targets.register(parseTargetInput({
    name: 'live-service', kind: 'http', url: `${base}/item`, metrics: [{ name: 'latency_p99_ms' }],
    control: {
      metrics: { type: 'prometheus', url: `${base}/metrics`, signals: { latency: 'example_request_duration_seconds', queue_wait: 'example_queue_wait_seconds', busy: 'example_busy_workers', inflight: 'example_inflight_requests' } },
      parameters: { workers: { min: 1, max: 16, actuator: { type: 'http', url: `${base}/control`, method: 'PUT' } } },
    },
  }));
  const manager = () => new ControllerManager({ store: new ControllerStore(db), clock: systemClock, targets, owner: `test-${Math.random()}`, isOwnerAlive: () => false });
  const first = manager();
  const seen: DecisionRecord[] = [];
  first.addObserver({ decision: (d) => seen.push(d), status: () => {} });
  const began = performance.now();
  const status = await first.start({ target: 'live-service', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'workers', policy: 'threshold', period_s: 0.2 });
  assert.deepEqual([status.id, status.state, status.value, status.initial_value], ['c-1', 'running', 4, 4]);
  for (let i = 0; i < 100 && seen.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  console.log(`3 decisions in ${(performance.now() - began).toFixed(0)} ms: ${seen.map((d) => `${d.outcome}: ${d.reason}`).join(' | ')}`);
  assert.ok(seen.length >= 3, `decisions: ${seen.length}`);
  assert.ok(seen.every((d) => d.outcome === 'refused' || d.outcome === 'no_change'), 'no load, no data: nothing changes');

  await first.close();
  assert.equal(await workers(), 4, 'shutdown left the service as it was');
  await fetch(`${base}/control`, { method: 'PUT', body: JSON.stringify({ workers: 6 }), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(5000) });
  const second = manager();
  const [resumed] = await second.resumeInterrupted();
  assert.equal(resumed?.note, 'found workers=6, expected 4: someone changed it; continuing from 6');
  assert.equal(resumed?.value, 6);
  const stopped = await second.stop('c-1');
  assert.deepEqual([stopped.state, stopped.value], ['stopped', 6]);
  assert.equal(await workers(), 6, 'stop left the value as it was');
});
