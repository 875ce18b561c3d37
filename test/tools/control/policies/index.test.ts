import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ToolError } from '../../../../tools/common/errors.ts';
import { choosePolicy, createPolicy } from '../../../../tools/control/policies/index.ts';
import { POLICY_NAMES, STANDARD_SIGNALS, type PolicyName } from '../../../../tools/control/types.ts';

const isError = (code: string, pattern: RegExp) => (e: unknown) => ToolError.isInstance(e) && e.code === code && pattern.test(e.message);

test('createPolicy builds every policy by name, with the signals each requires', () => {
  const bridge = { decide: async () => [] };
  const requires = Object.fromEntries(POLICY_NAMES.map((name) => [name, [...createPolicy(name, { rules: bridge }).requires]]));
  assert.deepEqual(requires, {
    threshold: ['queue_wait_ms', 'busy'],
    aimd: ['inflight'],
    gradient2: ['inflight'],
    vegas: ['inflight'],
    hpa: [],
    little: ['work_per_s', 'service_ms'],
    rules: [],
  });
  for (const name of POLICY_NAMES) assert.equal(createPolicy(name, { rules: bridge }).name, name);
});

test('createPolicy refuses unknown options by name, bad values, rules without a bridge, unknown policies', () => {
  assert.throws(() => createPolicy('little', { options: { target_utilisation: 0.6 } }), isError('invalid_argument', /policy little has no option "target_utilisation"; its options are target_utilization, headroom_factor, stabilization_s, drain_s/));
  assert.throws(() => createPolicy('hpa', { options: { tolerance: Number.NaN } }), isError('invalid_argument', /option tolerance must be a finite number/));
  assert.throws(() => createPolicy('rules'), isError('unavailable', /needs the rule engine/));
  assert.throws(() => createPolicy('rules', { rules: { decide: async () => [] }, options: { factor: 2 } }), isError('invalid_argument', /policy rules has no option "factor"/));
  assert.throws(() => createPolicy('pid' as PolicyName), isError('invalid_argument', /unknown policy "pid"; policies: threshold, aimd/));
  assert.equal(createPolicy('little', { options: { target_utilization: 0.6 } }).name, 'little');
});

test('choosePolicy: pools with work rate and service time → little; with queue wait only → threshold', () => {
  const all = [...STANDARD_SIGNALS];
  for (const parameter of ['workers', 'worker_threads', 'pool_size', 'replicas', 'processes', 'instances', 'nworkers']) {
    assert.equal(choosePolicy(parameter, all).name, 'little', parameter);
  }
  const little = choosePolicy('workers', all);
  assert.match(little.why, /Little's law/);
  assert.doesNotMatch(little.why, /\d{2,}/, 'the why names the reason, not values');
  const threshold = choosePolicy('workers', ['latency_p99_ms', 'queue_wait_ms', 'busy']);
  assert.equal(threshold.name, 'threshold');
  assert.match(threshold.why, /queue wait/);
});

test('choosePolicy: concurrency limits with in-flight and a time → gradient2; otherwise hpa', () => {
  for (const parameter of ['limit', 'concurrency', 'max_inflight', 'permits', 'concurrency_limit']) {
    assert.equal(choosePolicy(parameter, ['latency_p99_ms', 'latency_mean_ms', 'inflight']).name, 'gradient2', parameter);
  }
  assert.match(choosePolicy('concurrency', ['inflight', 'service_ms']).why, /Gradient2/);
  assert.equal(choosePolicy('concurrency', ['latency_p99_ms']).name, 'hpa', 'no inflight: no app-limited guard');
  assert.equal(choosePolicy('cache_size', [...STANDARD_SIGNALS]).name, 'hpa');
  assert.equal(choosePolicy('workers', ['latency_p99_ms']).name, 'hpa');
  assert.match(choosePolicy('cache_size', ['latency_p99_ms']).why, /HPA/);
});
