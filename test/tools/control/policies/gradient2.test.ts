import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExpAvgMeasurement, Gradient2Policy } from '../../../../tools/control/policies/gradient2.ts';
import { contextOf, repeat, runSteps, type Step } from './synthetic.ts';

const setup = { parameter: 'concurrency_limit', bounds: { min: 1, max: 1000 } };
const busy = (rtt: number, inflight = 1000): Step => ({ signals: { service_ms: rtt, inflight, latency_p99_ms: 20 } });
const close = (actual: number | null, expected: number, what: string) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);

test('ExpAvgMeasurement: a plain mean over the 10 warm-up samples, then factor 2/601', () => {
  const avg = new ExpAvgMeasurement(600, 10);
  assert.deepEqual([2, 4, 6].map((x) => avg.add(x)), [2, 3, 4]);
  for (let i = 0; i < 7; i++) avg.add(4);
  assert.equal(avg.value, 4);
  close(avg.add(64), 4 * (599 / 601) + 64 * (2 / 601), 'first exponential step');
});

test('Gradient2 steady state: a flat rtt gives gradient 1 and L + 0.2·4 = L + 0.8 per sample', async () => {
  const out = await runSteps(new Gradient2Policy(), repeat(10, busy(6)), setup, { follow: true, start: 20 });
  out.forEach((p, i) => close(p.value, 20 + 0.8 * (i + 1), `sample ${i + 1}`));
  assert.equal(out[0]!.inputs.gradient, 1);
  assert.match(out[0]!.reason, /gradient clamp\(1\.5 × 6 \/ 6, 0\.5, 1\) = 1 → concurrency_limit 20 × 1 \+ 4, smoothed 0\.2: 20\.8/);
});

test('Gradient2 after an RTT spike: gradient floors at 0.5 and L = 0.8·L + 0.2·(0.5·L + 4)', async () => {
  const policy = new Gradient2Policy();
  const warm = await runSteps(policy, repeat(10, busy(6)), setup, { follow: true, start: 20 });
  close(warm.at(-1)!.value, 28, 'after warm-up');
  const [spike] = await runSteps(policy, [busy(24)], setup, { follow: true, start: 28 });
  const longRtt = 6 * (599 / 601) + 24 * (2 / 601); // 6.0599: one spike barely moves the long average
  close(spike!.inputs.long_rtt_ms!, longRtt, 'long rtt');
  assert.equal(spike!.inputs.gradient, 0.5, `1.5 × ${longRtt} / 24 = ${(1.5 * longRtt) / 24} clamps to 0.5`);
  close(spike!.value, 28 * 0.8 + (28 * 0.5 + 4) * 0.2, 'limit'); // 26
  // A milder rise: gradient 1.5 × long / 12 inside (0.5, 1).
  const [mild] = await runSteps(policy, [busy(12)], setup, { follow: true, start: 26 });
  const long2 = longRtt * (599 / 601) + 12 * (2 / 601);
  const gradient = (1.5 * long2) / 12;
  assert.ok(gradient > 0.5 && gradient < 1, `gradient ${gradient}`);
  close(mild!.inputs.gradient!, gradient, 'gradient');
  close(mild!.value, 26 * 0.8 + (26 * gradient + 4) * 0.2, 'limit after a mild rise');
});

test('Gradient2 recovery: a long rtt over 2× the short one decays ×0.95 (used from the next sample)', async () => {
  const policy = new Gradient2Policy();
  await runSteps(policy, repeat(10, busy(30)), setup, { follow: true, start: 20 });
  const [first, second] = await runSteps(policy, [busy(10), busy(10)], setup, { follow: true, start: 28 });
  const long1 = 30 * (599 / 601) + 10 * (2 / 601);
  close(first!.inputs.long_rtt_ms!, long1, 'long rtt at the drop');
  assert.match(first!.reason, /long rtt ×0\.95/);
  close(second!.inputs.long_rtt_ms!, long1 * 0.95 * (599 / 601) + 10 * (2 / 601), 'decayed long rtt');
});

test('Gradient2 holds when app-limited (inflight < L/2), clamps to the bounds, and falls back to latency_mean_ms', async () => {
  const policy = new Gradient2Policy();
  const held = await policy.decide(contextOf(busy(6, 9), setup, 0, 20));
  assert.equal(held.value, null);
  assert.match(held.reason, /app-limited: inflight 9 < concurrency_limit 20 \/ 2/);
  const capped = await runSteps(new Gradient2Policy(), repeat(3, busy(6)), { ...setup, bounds: { min: 1, max: 21 } }, { follow: true, start: 20 });
  assert.deepEqual(capped.map((p) => p.value), [20.8, 21, 21]);
  const mean = await new Gradient2Policy().decide(contextOf({ signals: { latency_mean_ms: 8, inflight: 30, latency_p99_ms: 20 } }, setup, 0, 20));
  close(mean.value, 20.8, 'with latency_mean_ms as the rtt');
  assert.match(mean.reason, /latency_mean_ms/);
  const none = await new Gradient2Policy().decide(contextOf({ signals: { inflight: 30, latency_p99_ms: 20 } }, setup, 0, 20));
  assert.equal(none.value, null);
  assert.match(none.reason, /no service_ms or latency_mean_ms/);
});

test('Gradient2 keeps its fractional limit while it tracks the applied value, and resyncs when it does not', async () => {
  const policy = new Gradient2Policy();
  close((await policy.decide(contextOf(busy(6), setup, 0, 20))).value, 20.8, 'first');
  close((await policy.decide(contextOf(busy(6), setup, 1, 21))).value, 21.6, 'from the estimate 20.8 (applied as 21)');
  close((await policy.decide(contextOf(busy(6), setup, 2, 30))).value, 30.8, 'someone set 30: from 30');
});
