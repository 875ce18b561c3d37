import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LittlePolicy } from '../../../../tools/control/policies/little.ts';
import { contextOf, type Step } from './synthetic.ts';

const load = (work: number, service = 6, extra: Record<string, number> = {}, state?: Step['state']): Step => ({
  signals: { work_per_s: work, service_ms: service, queue_wait_ms: 0, latency_p99_ms: 20, ...extra },
  ...(state ? { state } : {}),
});

function at(policy: LittlePolicy, t: number, step: Step, current: number) {
  return policy.decide(contextOf({ ...step, t }, {}, 0, current));
}

test("little: needed = ceil(work/s × service time / 0.7), up at once", () => {
  const up = at(new LittlePolicy(), 0, load(1400), 8);
  assert.equal(up.value, 12, '1,400/s × 6 ms = 8.4 busy / 0.7 = 12 (not 13: float noise is not a worker)');
  assert.match(up.reason, /1,400 work\/s × 6 ms = 8\.4 busy; need 8\.4 \/ 0\.7 utilization = 12 → workers 8 → 12/);
  assert.equal(at(new LittlePolicy(), 0, load(1400), 12).value, null, 'fits');
  assert.equal(at(new LittlePolicy(), 0, load(900, 12.7), 8).value, 17, '900 × 12.7 ms = 11.4 / 0.7 = 16.3');
  assert.equal(at(new LittlePolicy({ target_utilization: 0.5 }), 0, load(1400), 8).value, 17, '8.4 / 0.5 = 16.8');
});

test('little: headroom when requests wait or the SLO is at risk: max(need × 1.2, need + 1)', () => {
  const waiting = at(new LittlePolicy(), 0, load(1400, 6, { queue_wait_ms: 2 }), 8);
  assert.equal(waiting.value, 15, '12 × 1.2 = 14.4');
  assert.match(waiting.reason, /with headroom \(queue wait 2 ms\) 14\.4/);
  assert.equal(at(new LittlePolicy(), 0, load(1400, 6, {}, 'at_risk'), 8).value, 15);
  assert.equal(at(new LittlePolicy(), 0, load(200, 6, { queue_wait_ms: 1 }), 1).value, 3, '1.2 / 0.7 = 1.71, + 1 = 2.71 beats × 1.2');
});

test('little: a saturated pool adds the queue growth (surge) and the backlog to drain in 5 s', () => {
  const policy = new LittlePolicy();
  const before = at(policy, 0, load(500, 6, { inflight: 10, busy: 3 }), 3);
  assert.equal(before.inputs.surge, 0, 'the first tick has no previous inflight');
  // 1 s later the queue grew by 400: work started stays 500/s (3 workers) but 900/s arrive.
  const step = at(policy, 1, load(500, 6, { inflight: 410, busy: 3 }), 3);
  assert.equal(step.inputs.surge, 400 * 0.006);
  assert.equal(step.inputs.backlog, 407);
  const drain = (407 * 0.006) / 5;
  assert.ok(Math.abs(step.inputs.drain! - drain) < 1e-12);
  assert.equal(step.value, Math.ceil((3 + 2.4 + drain) / 0.7), step.reason);
  assert.match(step.reason, /surge 2\.4 \(inflight \+400\/s\)/);
});

test('little scales down only after the need stayed lower for 10 s, to the highest need of that stretch', () => {
  const policy = new LittlePolicy();
  // Need 4 (420/s × 6 ms = 2.52 / 0.7 = 3.6), with one tick at 6 (700/s: 4.2 / 0.7).
  for (let t = 0; t < 10; t++) {
    const held = at(policy, t, load(t === 5 ? 700 : 420), 12);
    assert.equal(held.value, null, `t=${t}: ${held.reason}`);
    assert.match(held.reason, new RegExp(`for ${t} s of 10 s: waiting`));
  }
  const down = at(policy, 10, load(420), 12);
  assert.equal(down.value, 6, down.reason);
  // Applied: a new stretch starts against 6.
  assert.equal(at(policy, 11, load(420), 6).value, null);
  // The need rising to the current value or above ends the stretch.
  const again = new LittlePolicy();
  for (let t = 0; t < 8; t++) at(again, t, load(420), 12);
  assert.equal(at(again, 8, load(1400), 12).value, null, 'need 12: fits');
  assert.equal(at(again, 12, load(420), 12).value, null, 'a new stretch, 0 s old');
  assert.equal(at(again, 22, load(420), 12).value, 4);
});

test('little falls back to busy / 0.7 when no work ran in the window, and holds without either', () => {
  const fallback = at(new LittlePolicy(), 0, { signals: { busy: 7, latency_p99_ms: 20 } }, 8);
  assert.equal(fallback.value, 10, 'ceil(7 / 0.7)');
  assert.match(fallback.reason, /no work_per_s in the window: busy 7/);
  const none = at(new LittlePolicy(), 0, { signals: { latency_p99_ms: 20 } }, 8);
  assert.equal(none.value, null);
  assert.match(none.reason, /no work_per_s and service_ms, nor busy/);
});

test('little: a full pool with a real queue counts its own throughput busy / service time, not the lagging work rate', () => {
  // 1 s after a step: 6 of 6 workers busy, 112 queued, waits of 34 ms; work_per_s (a 5 s rate) still says 318/s.
  const full = at(new LittlePolicy(), 0, load(318, 6.87, { busy: 6, inflight: 118, queue_wait_ms: 34.4 }), 6);
  const rate = 6 / 0.00687;
  assert.ok(Math.abs(full.inputs.offered! - rate * 0.00687) < 1e-9, `offered ${full.inputs.offered}`);
  const need = Math.max(((6 + (112 * 0.00687) / 5) / 0.7) * 1.2, (6 + (112 * 0.00687) / 5) / 0.7 + 1);
  assert.equal(full.value, Math.ceil(need), full.reason);
  assert.match(full.reason, /pool full \(busy 6 of 6, 112 queued\): 6 \/ 6\.87 ms = 873 work\/s > measured 318\/s/);
  // A momentary full pool with sub-millisecond waits is a burst, not saturation: the measured rate stands.
  const burst = at(new LittlePolicy(), 0, load(318, 6.87, { busy: 6, inflight: 8, queue_wait_ms: 0.3 }), 6);
  assert.ok(Math.abs(burst.inputs.offered! - 318 * 0.00687) < 1e-9, burst.reason);
});

test('little stops growing a full pool when the last growth did not raise its throughput (contention)', () => {
  const policy = new LittlePolicy();
  const full = (busy: number, service: number) => load(900, service, { busy, inflight: busy + 600, queue_wait_ms: 500 });
  // 12 full workers at 11.2 ms: 1,071/s; it asks for more.
  const first = at(policy, 0, full(12, 11.2), 12);
  assert.ok(first.value! > 12, first.reason);
  // Applied as 24 (the controller's step limit): 24 busy at 19.9 ms = 1,206/s, +12.6% for +100% workers.
  const stalled = at(policy, 3, full(24, 19.9), 24);
  assert.equal(stalled.value, null, stalled.reason);
  assert.match(stalled.reason, /diminishing returns: workers 12 → 24 \(\+100%\) raised the full pool's throughput 1,071 → 1,206\/s \(\+12\.6% < 25% of the growth\)/);
  // A slow backend without contention: twice the workers, twice the throughput: growth goes on.
  const slow = new LittlePolicy();
  at(slow, 0, full(12, 30), 12);
  assert.ok(at(slow, 3, full(24, 30), 24).value! > 24);
  // The check is off with min_gain 0, and forgotten once the pool is not full.
  const off = new LittlePolicy({ min_gain: 0 });
  at(off, 0, full(12, 11.2), 12);
  assert.ok(at(off, 3, full(24, 19.9), 24).value! > 24);
  at(policy, 6, load(900, 16), 24);
  assert.ok(at(policy, 9, full(24, 19.9), 24).value! > 24, 'a new episode starts from a fresh measurement');
});

test('little: a full pool with the SLO violated at least doubles (its throughput hides the demand beyond it)', () => {
  // 9 of 9 busy, 247 queued for 322 ms: busy / service = 763/s is what the pool served, not what arrives.
  const step = load(761, 11.8, { busy: 9, inflight: 256, queue_wait_ms: 322 }, 'violated');
  const grown = at(new LittlePolicy(), 0, step, 9);
  assert.equal(grown.value, 18, grown.reason);
  assert.match(grown.reason, /the full pool hides the demand beyond its throughput: at least ×2 = 18/);
  // Off with full_growth 1: the estimate alone ((9 + drain) / 0.7 × 1.2 = 16.1).
  assert.equal(at(new LittlePolicy({ full_growth: 1 }), 0, step, 9).value, 17);
  // Only while violated: at risk, the estimate stands; and not for a pool that is not full.
  assert.equal(at(new LittlePolicy(), 0, { ...step, state: 'at_risk' }, 9).value, 17);
  const notFull = at(new LittlePolicy(), 0, load(761, 11.8, { busy: 5, inflight: 5, queue_wait_ms: 0 }, 'violated'), 9);
  assert.equal(notFull.value, 16, `761 × 11.8 ms / 0.7 × 1.2 = 15.4, not ×2: ${notFull.reason}`);
  assert.throws(() => new LittlePolicy({ full_growth: 0.5 }), /full_growth/);
});

test('little: square-root staffing (beta) keeps spare room in small pools; the utilization target rules large ones', () => {
  // 200/s × 12 ms = 2.4 busy: / 0.8 = 3, but 2.4 + 1 × √2.4 = 3.95 → 4 workers.
  const small = at(new LittlePolicy({ target_utilization: 0.8, beta: 1 }), 0, load(200, 12), 2);
  assert.equal(small.value, 4, small.reason);
  assert.match(small.reason, /at least 2\.4 \+ 1 × √2\.4 = 3\.95 \(square-root staffing\)/);
  assert.equal(at(new LittlePolicy({ target_utilization: 0.8 }), 0, load(200, 12), 2).value, 3, 'off by default');
  // 1,400/s × 12 ms = 16.8 busy: / 0.8 = 21 > 16.8 + √16.8 = 20.9: the utilization target decides.
  const large = at(new LittlePolicy({ target_utilization: 0.8, beta: 1 }), 0, load(1400, 12), 8);
  assert.equal(large.value, 21, large.reason);
  assert.doesNotMatch(large.reason, /square-root/);
  assert.throws(() => new LittlePolicy({ beta: -1 }), /beta/);
});
