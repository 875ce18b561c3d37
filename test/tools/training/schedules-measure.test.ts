import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTf } from '../../../tools/common/tf.ts';
import { countParams, measureLatency, percentile, serializedSize } from '../../../tools/training/measure.ts';
import { learningRateAt } from '../../../tools/training/schedules.ts';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

test('cosine schedule: base after warm-up, half at mid-decay, min at the end, linear warm-up', () => {
  assert.ok(close(learningRateAt(0, 100, 0.1), 0.1));
  assert.ok(close(learningRateAt(50, 100, 0.1), 0.05));
  assert.ok(close(learningRateAt(100, 100, 0.1), 0));
  assert.ok(close(learningRateAt(150, 100, 0.1), 0));
  assert.ok(close(learningRateAt(100, 100, 0.1, 0, 0.01), 0.01));
  assert.ok(close(learningRateAt(0, 110, 0.1, 10), 0.01));
  assert.ok(close(learningRateAt(4, 110, 0.1, 10), 0.05));
  assert.ok(close(learningRateAt(10, 110, 0.1, 10), 0.1));
  assert.ok(close(learningRateAt(60, 110, 0.1, 10), 0.05));
  for (let step = 1; step < 100; step++) assert.ok(learningRateAt(step, 100, 1) <= learningRateAt(step - 1, 100, 1));
});

test('latency: percentiles by nearest rank after warm-up', async () => {
  assert.equal(percentile([1, 2, 3, 4], 50), 2);
  assert.equal(percentile([...Array(100).keys()], 99), 98);
  let calls = 0;
  const result = await measureLatency(() => void calls++, { warmup: 5, runs: 20 });
  assert.equal(calls, 25);
  assert.equal(result.runs, 20);
  assert.ok(result.p50_ms >= 0 && result.p99_ms >= result.p50_ms);
});

test('latency rounds: each round has its own percentiles and the median round is reported, so one noisy round does not move the p99', async () => {
  // A fake clock (read before and after each call): each call takes 1 ms, except calls 3-5 of the second round (a
  // burst of preemption), which take 20 ms.
  let t = 0n;
  let calls = 0;
  const slow = new Set([5 + 3, 5 + 4, 5 + 5]);
  const result = await measureLatency(() => void calls++, {
    warmup: 0, runs: 5, rounds: 3,
    now: () => {
      t += slow.has(calls) ? 20_000_000n : 1_000_000n;
      return t;
    },
  });
  assert.equal(calls, 15);
  assert.equal(result.runs, 15);
  assert.equal(result.p50_ms, 1);
  assert.equal(result.p99_ms, 1);
  const single = await measureLatency(() => void calls++, { warmup: 0, runs: 15, now: () => (t += calls % 5 === 0 ? 20_000_000n : 1_000_000n) });
  assert.ok(single.p99_ms > 1, 'one round of the same samples keeps the slow call as its p99');
});

test('size and params of a tfjs model: weights bytes + topology, params from shapes', async () => {
  const { tf } = await loadTf({ prefer: 'cpu', logger: () => {} });
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [10], units: 4 }), tf.layers.dense({ units: 2 })] });
  assert.equal(countParams(model), 10 * 4 + 4 + 4 * 2 + 2);
  assert.equal(countParams(model), model.countParams());
  const size = await serializedSize(model);
  assert.equal(size.weight_bytes, 54 * 4);
  assert.ok(size.topology_bytes > 100);
  assert.ok(close(size.kb, (size.weight_bytes + size.topology_bytes) / 1024));
  model.dispose();
});
