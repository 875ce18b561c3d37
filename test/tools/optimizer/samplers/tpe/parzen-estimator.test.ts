import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../../../tools/common/rng.ts';
import { defaultWeights, ParzenEstimator } from '../../../../../tools/optimizer/samplers/tpe/parzen-estimator.ts';
import type { Distribution } from '../../../../../tools/optimizer/types.ts';

const options = { priorWeight: 1, considerMagicClip: true, considerEndpoints: false, multivariate: false };
const x: Distribution = { type: 'float', low: -5, high: 10, log: false, step: null, q: null };

test('default weights: flat for 25 or fewer, an old-to-new ramp from 1/n before the newest 25 (Optuna)', () => {
  assert.deepEqual(defaultWeights(3), [1, 1, 1]);
  const w = defaultWeights(30);
  assert.equal(w.length, 30);
  assert.ok(Math.abs(w[0]! - 1 / 30) < 1e-12);
  assert.equal(w[4], 1);
  assert.deepEqual(w.slice(5), new Array(25).fill(1));
});

test('the mixture is a normalised density with Optuna\'s bandwidths (neighbour gaps, magic clip, prior kernel)', () => {
  const estimator = new ParzenEstimator({ x: [1, 2, 2.5, 9.9] }, { x }, options);
  const points = Array.from({ length: 15001 }, (_, i) => ({ x: -5 + i * 0.001 }));
  const integral = estimator.logPdf(points).reduce((s, v) => s + Math.exp(v) * 0.001, 0);
  assert.ok(Math.abs(integral - 1) < 1e-3, `integral ${integral}`);
  // Bandwidths after the magic clip (min 15 / 6 = 2.5): 2.5, 2.5, 2.5, 7.4, prior 15; weights 1/5 each.
  const expected = (v: number) => {
    const kernels: [number, number][] = [[1, 2.5], [2, 2.5], [2.5, 2.5], [9.9, 7.4], [2.5, 15]];
    const Phi = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));
    return kernels.reduce((s, [mu, sigma]) => s + (0.2 * Math.exp(-0.5 * ((v - mu) / sigma) ** 2)) / (sigma * Math.sqrt(2 * Math.PI) * (Phi((10 - mu) / sigma) - Phi((-5 - mu) / sigma))), 0);
  };
  for (const v of [-4, 0, 2.2, 7, 9.5]) {
    const ours = Math.exp(estimator.logPdf([{ x: v }])[0]!);
    assert.ok(Math.abs(ours - expected(v)) / expected(v) < 1e-5, `pdf(${v}): ${ours} vs ${expected(v)}`);
  }
});

test('Optuna 3.1 kernels (unscaledKernels): each kernel counts w·φ(z)/Z without 1/σ, so wide kernels weigh more', () => {
  const unscaled = new ParzenEstimator({ x: [1, 2, 2.5, 9.9] }, { x }, { ...options, unscaledKernels: true });
  // Same kernels as above; Optuna 3.1's truncnorm.logpdf drops −log σ (fixed in Optuna 3.5).
  const kernels: [number, number][] = [[1, 2.5], [2, 2.5], [2.5, 2.5], [9.9, 7.4], [2.5, 15]];
  const Phi = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));
  const expected = (v: number) =>
    kernels.reduce((s, [mu, sigma]) => s + (0.2 * Math.exp(-0.5 * ((v - mu) / sigma) ** 2)) / (Math.sqrt(2 * Math.PI) * (Phi((10 - mu) / sigma) - Phi((-5 - mu) / sigma))), 0);
  for (const v of [-4, 0, 2.2, 7, 9.5]) {
    const ours = Math.exp(unscaled.logPdf([{ x: v }])[0]!);
    assert.ok(Math.abs(ours - expected(v)) / expected(v) < 1e-5, `pdf(${v}): ${ours} vs ${expected(v)}`);
  }
  // The general (multi-parameter) path agrees with the univariate fast path.
  const y: Distribution = { type: 'categorical', choices: ['a'], weights: null };
  const joint = new ParzenEstimator({ x: [1, 2, 2.5, 9.9], y: [0, 0, 0, 0] }, { x, y }, { ...options, unscaledKernels: true });
  for (const v of [-4, 2.2, 9.5]) {
    const ours = Math.exp(joint.logPdf([{ x: v, y: 0 }])[0]!);
    assert.ok(Math.abs(ours - expected(v)) / expected(v) < 1e-5, `joint pdf(${v}): ${ours} vs ${expected(v)}`);
  }
});

test('stepped parameters (Optuna step/int): samples on the grid, density = kernel mass over the grid cell, a pmf', () => {
  const stepped: Distribution = { type: 'float', low: 0, high: 1, log: false, step: 0.25, q: null };
  const integer: Distribution = { type: 'int', low: 1, high: 9, log: false, step: 2 };
  for (const [distribution, observed, grid] of [[stepped, [0.25, 0.5, 0.5, 1], [0, 0.25, 0.5, 0.75, 1]], [integer, [3, 9, 5], [1, 3, 5, 7, 9]]] as const) {
    for (const unscaledKernels of [false, true]) {
      const estimator = new ParzenEstimator({ v: [...observed] }, { v: distribution }, { ...options, unscaledKernels });
      const samples = estimator.sample(createRng(5), 200);
      for (const s of samples) assert.ok(grid.some((g) => Math.abs(g - s.v!) < 1e-12), `sample ${s.v} off the grid ${grid}`);
      // The cells [g − step/2, g + step/2] partition the widened domain, so the masses form a pmf (σ never enters).
      const total = estimator.logPdf(grid.map((v) => ({ v }))).reduce((sum, lp) => sum + Math.exp(lp), 0);
      assert.ok(Math.abs(total - 1) < 1e-6, `pmf sums to ${total}`);
    }
  }
  // Optuna 3.1.0's _ParzenEstimator (IntDistribution(1, 9, step=2), observations [3, 9, 5, 5], defaults) gives these
  // log-densities; the tied 5s take consecutive sorted positions, so their bandwidths differ.
  const optuna = [-2.1291842882174357, -1.4188754316424739, -1.1947801263451243, -1.5602438765723992, -2.069694102067781];
  const tied = new ParzenEstimator({ v: [3, 9, 5, 5] }, { v: integer }, { ...options, unscaledKernels: true });
  tied.logPdf([1, 3, 5, 7, 9].map((v) => ({ v }))).forEach((lp, i) => assert.ok(Math.abs(lp - optuna[i]!) < 1e-6, `log pdf at ${1 + 2 * i}: ${lp} vs Optuna ${optuna[i]}`));
  // Log-scale integers: candidates are logs of integers in range (Optuna evaluates round(exp(x))).
  const logInt: Distribution = { type: 'int', low: 1, high: 1000, log: true, step: 1 };
  const logEstimator = new ParzenEstimator({ v: [Math.log(3), Math.log(40)] }, { v: logInt }, options);
  for (const { v } of logEstimator.sample(createRng(9), 200)) {
    const n = Math.exp(v!);
    assert.ok(Math.abs(n - Math.round(n)) < 1e-9 && n >= 1 && n <= 1000, `log-int sample exp(${v}) = ${n}`);
  }
  // An observed grid point is more likely than a far one.
  const estimator = new ParzenEstimator({ v: [3, 3, 3] }, { v: integer }, options);
  const [p3, p9] = estimator.logPdf([{ v: 3 }, { v: 9 }]);
  assert.ok(p3! > p9!);
});

test('samples stay in the domain; categorical kernels favour observed choices', () => {
  const rng = createRng(3);
  const estimator = new ParzenEstimator({ x: [9.9, 9.8, 9.7] }, { x }, options);
  for (const point of estimator.sample(rng, 500)) assert.ok(point.x! >= -5 && point.x! <= 10);
  const cat: Distribution = { type: 'categorical', choices: ['a', 'b', 'c'], weights: null };
  const categorical = new ParzenEstimator({ c: [1, 1, 1, 0] }, { c: cat }, options);
  const [pa, pb, pc] = categorical.logPdf([{ c: 0 }, { c: 1 }, { c: 2 }]).map(Math.exp);
  assert.ok(Math.abs(pa! + pb! + pc! - 1) < 1e-12);
  assert.ok(pb! > pa! && pa! > pc!);
});

/** Abramowitz–Stegun 7.1.26 is too coarse here; a series/continued-fraction erf accurate to 1e-12. */
function erf(z: number): number {
  const t = Math.abs(z);
  if (t < 3) {
    let sum = t;
    let term = t;
    for (let n = 1; n < 200; n++) {
      term *= (-t * t) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(z) * ((2 / Math.sqrt(Math.PI)) * sum);
  }
  // Continued fraction for erfc at large |z|.
  let f = 0;
  for (let n = 60; n >= 1; n--) f = (n / 2) / (t + f);
  return Math.sign(z) * (1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + f));
}
