import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRng } from '../../../../tools/common/rng.ts';
import { contains } from '../../../../tools/optimizer/distributions.ts';
import { GpModel, negativeLogPosterior } from '../../../../tools/optimizer/samplers/gp/gp-model.ts';
import { GpSampler } from '../../../../tools/optimizer/samplers/gp/gp-sampler.ts';
import { erfc, logH, normalCdf, normalPdf, normalQuantile } from '../../../../tools/optimizer/samplers/gp/normal-math.ts';
import { runSampler } from '../../../../bench/optimizer-mo/sampler-driver.ts';
import { singleObjectiveProblems } from '../../../../bench/optimizer-mo/problems.ts';
import type { Distribution, ParamDefinition } from '../../../../tools/optimizer/types.ts';

describe('normal math and LogEI', () => {
  test('erfc and the quantile match reference values', () => {
    assert.ok(Math.abs(erfc(0.5) - 0.4795001221869535) < 1e-14);
    assert.ok(Math.abs(erfc(3) - 2.209049699858544e-5) / 2.2e-5 < 1e-12);
    assert.ok(Math.abs(erfc(10) - 2.088487583762545e-45) / 2.09e-45 < 1e-10);
    for (const z of [-8, -3, -0.5, 0, 1.7, 4]) assert.ok(Math.abs(normalQuantile(normalCdf(z)) - z) < 1e-9, `z=${z}`);
  });

  test('log h(z) agrees with the direct formula where that is accurate, and stays finite and monotone far out', () => {
    for (const z of [-4, -2, -1.01, -0.5, 0, 1, 3]) {
      const direct = Math.log(normalPdf(z) + z * normalCdf(z));
      assert.ok(Math.abs(logH(z) - direct) < 1e-8, `z=${z}: ${logH(z)} vs ${direct}`);
    }
    let previous = logH(-1);
    for (const z of [-5, -10, -40, -100, -1e3, -1e4, -1e6]) {
      const v = logH(z);
      assert.ok(Number.isFinite(v) && v < previous, `z=${z}: ${v}`);
      previous = v;
    }
    // Far tail: h(z) ≈ φ(z)/z².
    assert.ok(Math.abs(logH(-60) - (-0.5 * 3600 - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(60))) < 1e-3);
  });
});

describe('GP model', () => {
  const rng = createRng(1);
  const n = 12;
  const d = 2;
  const x = Float64Array.from({ length: n * d }, () => rng.next());
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * x[i * d]!) + x[i * d + 1]!);
  const mean = y.reduce((s, v) => s + v, 0) / n;
  for (let i = 0; i < n; i++) y[i]! -= mean;

  test('log-posterior gradient matches finite differences', () => {
    const theta = Float64Array.from([Math.log(0.3), Math.log(0.7), Math.log(1.2), Math.log(1e-3)]);
    const grad = new Float64Array(4);
    negativeLogPosterior(x, y, d, theta, grad);
    for (let j = 0; j < 4; j++) {
      const h = 1e-6;
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[j]! += h;
      minus[j]! -= h;
      const g = new Float64Array(4);
      const numeric = (negativeLogPosterior(x, y, d, plus, g) - negativeLogPosterior(x, y, d, minus, g)) / (2 * h);
      assert.ok(Math.abs(numeric - grad[j]!) < 1e-4 * Math.max(1, Math.abs(numeric)), `θ${j}: ${grad[j]} vs ${numeric}`);
    }
  });

  test('posterior interpolates the data with a small nugget and is uncertain far away', () => {
    const model = GpModel.create(x, y, d, Float64Array.from([Math.log(0.3), Math.log(0.3), 0, Math.log(1e-6)]))!;
    for (let i = 0; i < n; i++) {
      const p = model.predict([x[i * d]!, x[i * d + 1]!]);
      assert.ok(Math.abs(p.mean - y[i]!) < 1e-3 && p.variance < 1e-3);
    }
    assert.ok(model.predict([5, 5]).variance > 0.99);
  });
});

const grid: Record<string, Distribution> = {
  lr: { type: 'float', low: 1e-5, high: 0.1, log: true, step: null, q: null },
  stepped: { type: 'float', low: 0, high: 1, log: false, step: 0.25, q: null },
  n: { type: 'float', low: 100, high: 1000, log: false, step: null, q: 50 },
  width: { type: 'int', low: 2, high: 64, log: true, step: 1 },
  even: { type: 'int', low: 0, high: 10, log: false, step: 2 },
  g: { type: 'normal', mu: 0, sigma: 2, log: false, q: 0.5 },
  opt: { type: 'categorical', choices: ['adam', 'sgd', 'rmsprop'], weights: null },
};
const gridSpace: ParamDefinition[] = Object.entries(grid).map(([name, distribution]) => ({ name, distribution, condition: null }));

describe('GP sampler', () => {
  test('relative samples are on the grid (not repaired by the study)', () => {
    const sampler = new GpSampler({ seed: 3, candidates: 128 });
    const checked = { count: 0 };
    const wrapped = {
      ...sampler,
      name: 'gp',
      inferRelativeSearchSpace: sampler.inferRelativeSearchSpace.bind(sampler),
      sampleIndependent: sampler.sampleIndependent.bind(sampler),
      sampleRelative: (study: never, trial: never, space: Record<string, Distribution>) => {
        const params = sampler.sampleRelative(study, trial, space);
        for (const [name, value] of Object.entries(params)) {
          assert.ok(contains(space[name]!, value), `${name}=${value}`);
          checked.count++;
        }
        return params;
      },
    };
    runSampler({ sampler: wrapped, problem: { space: gridSpace, directions: ['minimize'], evaluate: (p) => ({ values: [Math.log10(p['lr'] as number) ** 2 + (p['opt'] === 'sgd' ? 0 : 1) + (p['g'] as number) ** 2] }) }, trials: 25 });
    assert.ok(checked.count >= 25 * 7 - 10 * 7);
  });

  test('finds the Branin minimum far faster than random search', () => {
    const branin = singleObjectiveProblems.find((p) => p.name === 'branin')!;
    const result = runSampler({ sampler: new GpSampler({ seed: 1 }), problem: branin, trials: 30 });
    const best = Math.min(...result.trials.map((t) => t.values![0]!));
    assert.ok(best - branin.optimum < 0.05, `regret ${best - branin.optimum}`);
  });

  test('constraints: converges to the constrained optimum, mostly proposing feasible points', () => {
    // minimize −x + (y − 0.5)² subject to x + y ≤ 1: optimum −0.75 at (0.5, 0.5), on the boundary.
    const unit: Distribution = { type: 'float', low: 0, high: 1, log: false, step: null, q: null };
    const problem = {
      space: [{ name: 'x', distribution: unit, condition: null }, { name: 'y', distribution: unit, condition: null }],
      directions: ['minimize' as const],
      constraintCount: 1,
      evaluate: (p: Record<string, unknown>) => ({ values: [-(p['x'] as number) + ((p['y'] as number) - 0.5) ** 2], violations: [Math.max(0, (p['x'] as number) + (p['y'] as number) - 1)] }),
    };
    const result = runSampler({ sampler: new GpSampler({ seed: 1, candidates: 256 }), problem, trials: 30 });
    const feasible = result.trials.slice(15).filter((t) => t.constraintViolations![0] === 0).length;
    assert.ok(feasible >= 6, `${feasible}/15 feasible`);
    const best = Math.min(...result.trials.filter((t) => t.constraintViolations![0] === 0).map((t) => t.values![0]!));
    assert.ok(best + 0.75 < 0.01, `regret ${best + 0.75}`);
  });

  test('parallel asks (kriging believer) spread out instead of repeating the same point', () => {
    const branin = singleObjectiveProblems.find((p) => p.name === 'branin')!;
    const result = runSampler({ sampler: new GpSampler({ seed: 4, candidates: 256 }), problem: branin, trials: 24, batch: 4 });
    for (let b = 12; b < 24; b += 4) {
      const batch = result.trials.slice(b, b + 4).map((t) => `${t.params['x0']},${t.params['x1']}`);
      assert.equal(new Set(batch).size, 4, `batch at ${b}: ${batch.join(' ')}`);
    }
  });
});
