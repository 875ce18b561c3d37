import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThresholdPolicy } from '../../../../tools/control/policies/threshold.ts';
import { ToolError } from '../../../../tools/common/errors.ts';
import { contextOf, repeat, runSteps } from './synthetic.ts';

test('threshold grows ×1.5 (ceil) while the mean and the latest queue wait are above 5 ms', async () => {
  const policy = new ThresholdPolicy();
  const grow = policy.decide(contextOf({ current: 8, signals: { queue_wait_ms: 12, busy: 8, latency_p99_ms: 60 }, state: 'violated' }));
  assert.equal(grow.value, 12);
  assert.match(grow.reason, /queue wait 12 ms .* > 5 ms → workers ×1\.5: 8 → 12/);
  assert.equal(policy.decide(contextOf({ current: 5, signals: { queue_wait_ms: 6, busy: 5, latency_p99_ms: 45 } })).value, 8, 'ceil(7.5)');
  assert.equal(policy.decide(contextOf({ current: 1, signals: { queue_wait_ms: 6, busy: 1, latency_p99_ms: 45 } })).value, 2, 'ceil(1.5)');
  // The window's mean is high but the latest wait is back under the threshold: the last growth is working.
  const recovered = policy.decide(contextOf({ current: 12, signals: { queue_wait_ms: { value: 1, mean: 8 }, busy: 9, latency_p99_ms: 30 } }));
  assert.equal(recovered.value, null, recovered.reason);
  // Followed as a controller would: 4 → 6 → 9 → 14.
  const steps = await runSteps(policy, repeat(3, { signals: { queue_wait_ms: 20, busy: 4, latency_p99_ms: 80 }, state: 'violated' }), {}, { follow: true, start: 4 });
  assert.deepEqual(steps.map((s) => s.value), [6, 9, 14]);
});

test('threshold shrinks ÷1.5 (floor) when idle, keeping at least busy max + 1, and only with the SLO ok', () => {
  const policy = new ThresholdPolicy();
  const idle = policy.decide(contextOf({ current: 12, signals: { queue_wait_ms: 0, busy: { value: 2, mean: 2, max: 3 }, latency_p99_ms: 9 } }));
  assert.equal(idle.value, 8, idle.reason);
  assert.match(idle.reason, /utilization 16\.7% < 30%/);
  // floor(6 / 1.5) = 4 but the window's busiest moment was 5: keep 6.
  const floorHeld = policy.decide(contextOf({ current: 6, signals: { queue_wait_ms: 0, busy: { value: 1, mean: 1.5, max: 5 }, latency_p99_ms: 9 } }));
  assert.equal(floorHeld.value, null, floorHeld.reason);
  const keptAbove = policy.decide(contextOf({ current: 12, signals: { queue_wait_ms: 0, busy: { value: 3, mean: 3, max: 8.5 }, latency_p99_ms: 9 } }));
  assert.equal(keptAbove.value, 10, 'ceil(8.5) + 1 = 10 > floor(12 / 1.5) = 8');
  assert.equal(policy.decide(contextOf({ current: 12, signals: { queue_wait_ms: 0, busy: 2, latency_p99_ms: 38 }, state: 'at_risk' })).value, null, 'idle but the SLO is at risk');
  assert.equal(policy.decide(contextOf({ current: 12, signals: { queue_wait_ms: 1, busy: 2, latency_p99_ms: 10 } })).value, null, 'queue wait 1 ms is not ≈ 0');
  const middle = policy.decide(contextOf({ current: 12, signals: { queue_wait_ms: 2, busy: 6, latency_p99_ms: 20 } }));
  assert.equal(middle.value, null);
  assert.match(middle.reason, /utilization 50%/);
});

test('threshold options: its own names only, in range', () => {
  assert.equal(new ThresholdPolicy({ threshold_ms: 20, grow_factor: 2 }).decide(contextOf({ current: 8, signals: { queue_wait_ms: 12, busy: 8, latency_p99_ms: 30 } })).value, null);
  assert.equal(new ThresholdPolicy({ grow_factor: 2 }).decide(contextOf({ current: 8, signals: { queue_wait_ms: 12, busy: 8, latency_p99_ms: 30 } })).value, 16);
  assert.throws(() => new ThresholdPolicy({ treshold_ms: 5 }), (e: unknown) => ToolError.isInstance(e) && e.code === 'invalid_argument' && /"treshold_ms"/.test(e.message) && /threshold_ms, grow_factor, shrink_utilization/.test(e.message));
  assert.throws(() => new ThresholdPolicy({ grow_factor: 0.8 }), /grow_factor must be > 1, got 0.8/);
});
