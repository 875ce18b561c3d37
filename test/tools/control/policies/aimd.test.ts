import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AimdPolicy } from '../../../../tools/control/policies/aimd.ts';
import { contextOf, repeat, runSteps } from './synthetic.ts';

const limitSetup = { parameter: 'limit', bounds: { min: 1, max: 1000 } };

test('AIMD backs off to floor(L·0.9) on a drop: SLO violated, errors, or rtt over the timeout', () => {
  const policy = new AimdPolicy();
  const violated = policy.decide(contextOf({ current: 20, signals: { inflight: 30, latency_p99_ms: 55 }, state: 'violated' }, limitSetup));
  assert.equal(violated.value, 18);
  assert.match(violated.reason, /SLO violated.*floor\(20 × 0\.9\) = 18/);
  assert.equal(policy.decide(contextOf({ current: 25, signals: { inflight: 30, latency_p99_ms: 55 }, state: 'violated' }, limitSetup)).value, 22, 'floor(22.5)');
  const errors = policy.decide(contextOf({ current: 20, signals: { inflight: 30, latency_p99_ms: 20, error_rate: 0.02 } }, limitSetup));
  assert.equal(errors.value, 18);
  assert.match(errors.reason, /error_rate 0\.02 > 0/);
  const slow = policy.decide(contextOf({ current: 20, signals: { inflight: 30, latency_p99_ms: 6000, error_rate: 0 } }, { ...limitSetup, slo: { metric: 'error_rate', op: '<', value: 0.01 } }));
  assert.equal(slow.value, 18, slow.reason);
  assert.match(slow.reason, /rtt 6,000 ms > timeout 5,000 ms/);
  assert.equal(new AimdPolicy({ backoff_ratio: 0.5 }).decide(contextOf({ current: 20, signals: { inflight: 30, latency_p99_ms: 55 }, state: 'violated' }, limitSetup)).value, 10);
});

test('AIMD adds 1 when inflight·2 ≥ L and holds when app-limited', async () => {
  const policy = new AimdPolicy();
  const grow = policy.decide(contextOf({ current: 20, signals: { inflight: 10, latency_p99_ms: 20 } }, limitSetup));
  assert.equal(grow.value, 21);
  assert.match(grow.reason, /inflight 10 × 2 ≥ limit 20 → \+1/);
  const idle = policy.decide(contextOf({ current: 20, signals: { inflight: 9, latency_p99_ms: 20 } }, limitSetup));
  assert.equal(idle.value, null);
  assert.match(idle.reason, /app-limited: inflight 9 × 2 < limit 20/);
  // Followed: 10 increases 20 → 30, then a violation 30 → 27, then growth again.
  const steps = [...repeat(10, { signals: { inflight: 100, latency_p99_ms: 20 } }), { signals: { inflight: 100, latency_p99_ms: 50 }, state: 'violated' as const }, { signals: { inflight: 100, latency_p99_ms: 20 } }];
  const values = (await runSteps(policy, steps, limitSetup, { follow: true, start: 20 })).map((p) => p.value);
  assert.deepEqual(values, [21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 27, 28]);
});

test('AIMD validates its backoff ratio as AIMDLimit does (0.5 ≤ b < 1)', () => {
  assert.throws(() => new AimdPolicy({ backoff_ratio: 0.4 }), /backoff_ratio must be ≥ 0\.5 and < 1, got 0\.4/);
  assert.throws(() => new AimdPolicy({ backoff_ratio: 1 }), /backoff_ratio must be ≥ 0\.5 and < 1, got 1/);
  assert.throws(() => new AimdPolicy({ backof_ratio: 0.9 }), /no option "backof_ratio"/);
});
