import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HpaPolicy } from '../../../../tools/control/policies/hpa.ts';
import { contextOf, type Step } from './synthetic.ts';

const p99 = (value: number): Step => ({ signals: { latency_p99_ms: value } });

function at(policy: HpaPolicy, t: number, step: Step, current: number, setup = {}) {
  return policy.decide(contextOf({ ...step, t }, setup, 0, current));
}

test('HPA: desired = ceil(current · metric / target) outside the ±0.1 tolerance band', () => {
  const policy = () => new HpaPolicy();
  assert.equal(at(policy(), 0, p99(43), 8).value, null, '43/40 = 1.075 is within 0.1');
  assert.equal(at(policy(), 0, p99(37), 8).value, null, '37/40 = 0.925 is within 0.1');
  assert.equal(at(policy(), 0, p99(43.9), 8).value, null, '43.9/40 = 1.0975 is within 0.1');
  const up = at(policy(), 0, p99(45), 8);
  assert.equal(up.value, 9, 'ceil(8 × 1.125)');
  assert.match(up.reason, /latency_p99_ms 45 vs target 40 → ratio 1\.13, outside ±0\.1: ceil\(8 × 1\.13\) = 9/);
  assert.equal(at(policy(), 0, p99(50), 8).value, 10);
  assert.equal(at(policy(), 0, p99(41), 7).value, null);
  assert.equal(at(new HpaPolicy({ tolerance: 0 }), 0, p99(41), 7).value, 8, 'ceil(7 × 1.025) with no dead-band');
});

test('HPA scale-down stabilization keeps the highest recommendation of the last 300 s', () => {
  const policy = new HpaPolicy();
  assert.equal(at(policy, 0, p99(50), 8).value, 10);
  const held = at(policy, 15, p99(20), 10);
  assert.equal(held.value, null, 'ratio 0.5 recommends 5, but 10 was recommended 15 s ago');
  assert.match(held.reason, /stabilized to 10 \(highest recommendation of the last 300 s\)/);
  for (const t of [60, 150, 299, 300]) assert.equal(at(policy, t, p99(20), 10).value, null, `t=${t} s`);
  const down = at(policy, 301, p99(20), 10);
  assert.equal(down.value, 5, down.reason);
  assert.equal(down.inputs.stabilized, 5);
});

test('HPA scale-up: at once (window 0), but at most max(+100%, +4) per 15 s', () => {
  const policy = new HpaPolicy();
  const first = at(policy, 0, p99(400), 2);
  assert.equal(first.inputs.desired, 20, 'ceil(2 × 10)');
  assert.equal(first.value, 6, 'max(2 × 2, 2 + 4)');
  assert.match(first.reason, /rate-limited to 6 \(up to max\(\+100%, \+4\) per 15 s\)/);
  assert.equal(at(policy, 1, p99(400), 6).value, null, 'the +4 of 1 s ago counts: the period started at 2');
  assert.equal(at(policy, 15, p99(400), 6).value, null, 'still inside the 15 s period (1 s < t ≤ 16 s)');
  assert.equal(at(policy, 16, p99(400), 6).value, 12, 'a new period: max(6 × 2, 6 + 4)');
  assert.equal(at(new HpaPolicy(), 0, p99(400), 10).value, 20, 'max(10 × 2, 10 + 4)');
  assert.equal(at(new HpaPolicy(), 0, p99(80), 1).value, 2, 'ceil(1 × 2) within max(2, 5)');
});

test('HPA metric choices: a > SLO inverts the ratio; utilization busy/current; a missing metric holds', () => {
  const throughput = { slo: { metric: 'requests_per_s', op: '>' as const, value: 500 } };
  const inverted = at(new HpaPolicy(), 0, { signals: { requests_per_s: 250 } }, 8, throughput);
  assert.equal(inverted.value, 16, 'ratio 500 / 250 = 2');
  assert.match(inverted.reason, /ratio target \/ metric/);
  const zero = at(new HpaPolicy(), 0, { signals: { requests_per_s: 0 } }, 8, throughput);
  assert.equal(zero.inputs.desired, 64, 'no throughput at all: up to the bound');
  assert.equal(zero.value, 16, 'rate-limited to +100%');
  const utilization = new HpaPolicy({ utilization_target: 0.7 });
  assert.deepEqual(utilization.requires, ['busy']);
  const busy = at(utilization, 0, { signals: { latency_p99_ms: 10, busy: 7 } }, 8);
  assert.equal(busy.value, 10, 'ceil(8 × 0.875 / 0.7)');
  const target = at(new HpaPolicy({ target: 20 }), 0, p99(30), 8);
  assert.equal(target.value, 12, 'ceil(8 × 30 / 20)');
  const missing = at(new HpaPolicy(), 0, { signals: { busy: 3 }, state: 'ok' }, 8);
  assert.equal(missing.value, null);
  assert.match(missing.reason, /no latency_p99_ms \(the HPA's metric\)/);
});
