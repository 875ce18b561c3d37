import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Rng } from '../../../../tools/common/rng.ts';
import { VegasPolicy, vegasLog } from '../../../../tools/control/policies/vegas.ts';
import { contextOf, type Step } from './synthetic.ts';

const setup = { parameter: 'limit', bounds: { min: 1, max: 1000 } };
const sample = (rtt: number, inflight = 1000, extra: Partial<Step> = {}): Step => ({ signals: { service_ms: rtt, inflight, latency_p99_ms: 20 }, ...extra });
/** A generator that always says 0: probe jitter 0.5. */
const zeroRng: Rng = { next: () => 0, int: (low) => low, normal: () => 0, fork: () => zeroRng, state: () => [0] };

function decider(policy: VegasPolicy) {
  let i = 0;
  return async (step: Step, current: number) => policy.decide(contextOf(step, setup, i++, current));
}

test('vegasLog: max(1, ⌊log10 L⌋)', () => {
  assert.deepEqual([1, 9, 10, 99, 100, 999, 1000, 20.9].map(vegasLog), [1, 1, 1, 1, 2, 2, 3, 1]);
});

test('Vegas alpha/beta/threshold steps (log 1: alpha 3, beta 6, threshold 1)', async () => {
  const decide = decider(new VegasPolicy());
  const first = await decide(sample(10), 20);
  assert.equal(first.value, null, 'the first rtt only sets rtt_noload');
  assert.match(first.reason, /new minimum rtt 10 ms/);
  const noQueue = await decide(sample(10), 20);
  assert.equal(noQueue.value, 26, `queue ceil(20·(1−10/10)) = 0 ≤ 1 → +beta 6: ${noQueue.reason}`);
  const sweet = await decide(sample(12), 26);
  assert.equal(sweet.inputs.queue, 5, 'ceil(26 · (1 − 10/12)) = ceil(4.33)');
  assert.equal(sweet.value, null, `3 ≤ 5 ≤ 6: ${sweet.reason}`);
  const queued = await decide(sample(20), 26);
  assert.equal(queued.inputs.queue, 13);
  assert.equal(queued.value, 25, '13 > beta 6 → −1');
  const small = await decide(sample(10.5), 25);
  assert.equal(small.inputs.queue, 2, 'ceil(25 · (1 − 10/10.5)) = ceil(1.19)');
  assert.equal(small.value, 26, '1 < 2 < alpha 3 → +1');
});

test('Vegas at L = 150 (log 2: alpha 6, beta 12, threshold 2), drops and the app-limited guard', async () => {
  const decide = decider(new VegasPolicy());
  await decide(sample(10), 150);
  const step = await decide(sample(10.5), 150);
  assert.deepEqual([step.inputs.alpha, step.inputs.beta, step.inputs.threshold, step.inputs.queue], [6, 12, 2, 8], 'ceil(150 · 0.0476) = 8');
  assert.equal(step.value, null, '6 ≤ 8 ≤ 12');
  const drop = await decide(sample(10.5, 1000, { state: 'violated' }), 150);
  assert.equal(drop.value, 148, 'drop → −log 2');
  assert.match(drop.reason, /SLO violated/);
  const appLimited = await decide(sample(10.5, 70), 148);
  assert.equal(appLimited.value, null);
  assert.match(appLimited.reason, /app-limited: inflight 70 × 2 < limit 148/);
});

test('Vegas re-probes rtt_noload every jitter · multiplier · L samples', async () => {
  // Jitter 0.5, multiplier 2, L 20: a probe when 0.5 · 2 · 20 = 20 ≤ the samples counted.
  const decide = decider(new VegasPolicy({ probe_multiplier: 2 }, zeroRng));
  await decide(sample(10), 20);
  for (let i = 2; i < 20; i++) assert.equal((await decide(sample(15, 5), 20)).value, null, `sample ${i}: app-limited`);
  const probe = await decide(sample(15, 5), 20);
  assert.equal(probe.value, null);
  assert.match(probe.reason, /re-probe after 20 samples: rtt_noload reset to 15 ms/);
  const after = await decide(sample(15), 20);
  assert.equal(after.inputs.rtt_noload_ms, 15);
  assert.equal(after.value, 26, 'queue 0 against the new baseline → +beta');
});
