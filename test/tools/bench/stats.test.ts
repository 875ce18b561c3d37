import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectOutliers, modifiedZScores } from '../../../tools/bench/outliers.ts';
import { mean, percentile, ratioWithError, stddev, summarize } from '../../../tools/bench/stats.ts';

describe('stats', () => {
  test('percentiles interpolate linearly like numpy.percentile', () => {
    const xs = [15, 20, 35, 40, 50];
    // numpy.percentile([15,20,35,40,50], [0,25,50,90,99,100]) = 15, 20, 35, 46, 49.6, 50
    assert.equal(percentile(xs, 0), 15);
    assert.equal(percentile(xs, 25), 20);
    assert.equal(percentile(xs, 50), 35);
    assert.ok(Math.abs(percentile(xs, 90) - 46) < 1e-9);
    assert.ok(Math.abs(percentile(xs, 99) - 49.6) < 1e-9);
    assert.equal(percentile([3, 1, 2], 100), 3);
  });

  test('sample vs population standard deviation', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    assert.equal(mean(xs), 5);
    assert.equal(stddev(xs, { sample: false }), 2);
    assert.ok(Math.abs(stddev(xs, { sample: true }) - Math.sqrt(32 / 7)) < 1e-12);
    assert.equal(stddev([1], { sample: true }), 0);
  });

  test('summarize reports min/max/median of unsorted input', () => {
    const s = summarize([5, 1, 3], { sampleStddev: true });
    assert.deepEqual([s.min, s.p50, s.max, s.count], [1, 3, 5, 3]);
  });

  test('ratio uncertainty propagates relative errors', () => {
    const r = ratioWithError({ mean: 20, stddev: 2 }, { mean: 10, stddev: 1 });
    assert.equal(r.ratio, 2);
    assert.ok(Math.abs(r.stddev - 2 * Math.sqrt(0.01 + 0.01)) < 1e-12);
  });
});

describe('MAD outliers (Iglewicz & Hoaglin)', () => {
  test('flags a point far from the median and nothing in clean data', () => {
    const clean = [10, 10.2, 9.9, 10.1, 10, 9.8, 10.3];
    assert.equal(detectOutliers(clean).count, 0);
    const dirty = [...clean, 30];
    const report = detectOutliers(dirty);
    assert.deepEqual(report.indices, [7]);
    assert.equal(report.threshold, 3.5);
  });

  test('modified z-score is 0.6745·(x − median)/MAD', () => {
    // median 3, deviations [2,1,0,1,2] → MAD 1
    const z = modifiedZScores([1, 2, 3, 4, 5]);
    assert.ok(Math.abs(z[0]! + 2 * 0.6745) < 1e-12);
    assert.equal(z[2], 0);
  });
});
