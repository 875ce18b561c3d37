import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRng } from '../../../../tools/common/rng.ts';
import { hypervolume } from '../../../../tools/optimizer/analysis/hypervolume.ts';
import { GpSampler } from '../../../../tools/optimizer/samplers/gp/gp-sampler.ts';
import { logH } from '../../../../tools/optimizer/samplers/gp/normal-math.ts';
import { fitWarp, warpTargets } from '../../../../tools/optimizer/samplers/gp/output-transform.ts';
import { sampledScalarizationScore } from '../../../../tools/optimizer/samplers/gp/sampled-scalarization.ts';
import { hypervolumeScalarization, scalarizeAll, sphereDirection } from '../../../../tools/optimizer/samplers/gp/scalarization.ts';
import { RandomSampler } from '../../../../tools/optimizer/samplers/random.ts';
import { runSampler } from '../../../../bench/optimizer-mo/sampler-driver.ts';
import { multiObjectiveProblems } from '../../../../bench/optimizer-mo/problems.ts';

const fixed = (mean: number, variance: number) => ({ predict: () => ({ mean, variance }) });

describe('hypervolume scalarization', () => {
  const values = [[0, 4], [1, 1], [3, 0], [2, 3], [4, 4]];

  test('is monotone: a point never scores better than one dominating it', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 50; trial++) {
      const lambda = sphereDirection(2, trial, 9);
      const s = hypervolumeScalarization(values, lambda);
      const a = [rng.next(), rng.next()];
      const b = [a[0]! + rng.next() * 0.3, a[1]! + rng.next() * 0.3];
      assert.ok(s.scalar(a) <= s.scalar(b), `λ=${lambda}: s(${a}) > s(${b})`);
    }
  });

  test('normalizes to the observed range and ranks the front first for every direction', () => {
    const s = hypervolumeScalarization(values, [1, 1]);
    assert.equal(s.normalize(4, 0), 1);
    assert.equal(s.normalize(0, 1), 0);
    for (let n = 0; n < 20; n++) {
      const scores = scalarizeAll(values, sphereDirection(2, n, 1));
      const bestIndex = scores.indexOf(Math.min(...scores));
      assert.ok([0, 1, 2].includes(bestIndex), `direction ${n} picked dominated point ${bestIndex}`);
    }
  });

  test('a front of one point still leaves room to improve past it (reference floor)', () => {
    // Every observation is dominated by (0, 0.1): with a reference at 1.1 × the front's worst value, f1 > 0 could
    // never score better than it; the 0.05 floor lets a trade-off point inside the margin improve.
    const single = [[0, 0.1], [1, 1], [0.5, 0.9]];
    const s = hypervolumeScalarization(single, [Math.SQRT1_2, Math.SQRT1_2]);
    const front = s.scalar([0, 0.1]);
    assert.ok(s.scalar([0.02, 0.05]) < front, `${s.scalar([0.02, 0.05])} vs ${front}`);
  });

  test('directions lie on the positive unit sphere and cover it', () => {
    const angles: number[] = [];
    for (let n = 0; n < 64; n++) {
      const l = sphereDirection(2, n, 3);
      assert.ok(Math.abs(Math.hypot(l[0]!, l[1]!) - 1) < 0.35 || l.every((v) => v >= 0));
      angles.push(Math.atan2(l[1]!, l[0]!));
    }
    angles.sort((a, b) => a - b);
    assert.ok(angles[0]! < 0.2 && angles[angles.length - 1]! > Math.PI / 2 - 0.2, `${angles[0]} .. ${angles[angles.length - 1]}`);
  });
});

describe('sampled scalarization (qParEGO acquisition)', () => {
  const scalarization = { normalize: (v: number) => v, scalar: (f: ArrayLike<number>) => 2 * f[0]! + 1 };
  const identity = (t: number) => t;

  test('matches the closed-form EI when the scalarization is affine in one objective', () => {
    const best = 1.5;
    for (const [mean, sd] of [[0.1, 0.3], [0.3, 0.1], [-0.2, 1]] as const) {
      const score = sampledScalarizationScore([{ model: fixed(mean, sd * sd), inverse: identity }], scalarization, best, createRng(1), 40000);
      const mu = 2 * mean + 1;
      const sigma = 2 * sd;
      const exact = Math.log(sigma) + logH((best - mu) / sigma);
      assert.ok(Math.abs(score(new Float64Array(1)) - exact) < 0.03, `μ=${mean} σ=${sd}: ${score(new Float64Array(1))} vs ${exact}`);
    }
  });

  test('without uncertainty it is the log of the plain improvement', () => {
    const score = sampledScalarizationScore([{ model: fixed(0.1, 0), inverse: identity }], scalarization, 2, createRng(2));
    assert.ok(Math.abs(score(new Float64Array(1)) - Math.log(2 - 1.2)) < 1e-12);
  });

  test('candidates with no improving sample rank below improving ones, nearer ones higher', () => {
    const make = (mean: number) => sampledScalarizationScore([{ model: fixed(mean, 1e-6), inverse: identity }], scalarization, 1, createRng(3))(new Float64Array(1));
    const improving = make(-0.1);
    const near = make(0.1);
    const far = make(1);
    assert.ok(improving > near && near > far, `${improving} ${near} ${far}`);
  });

  test('samples go back through the objective warp before scalarizing', () => {
    const values = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8];
    const warp = fitWarp(values, [0.5, 1]);
    values.forEach((v, i) => assert.ok(Math.abs(warp.inverse(warp.targets[i]!) - v) < 1e-9, `${v}`));
    const full = fitWarp(values);
    assert.deepEqual(Array.from(full.targets), Array.from(warpTargets(values)));
    values.forEach((v, i) => assert.ok(Math.abs(full.inverse(full.targets[i]!) - v) < 1e-9, `${v}`));
  });
});

describe('GP sampler, several objectives', () => {
  const zdt1 = multiObjectiveProblems.find((p) => p.name === 'zdt1')!;
  const frontVolume = (sampler: ConstructorParameters<typeof GpSampler>[0] | null, seed: number) => {
    const result = runSampler({ sampler: sampler ? new GpSampler(sampler) : new RandomSampler({ seed }), problem: zdt1, trials: 30 });
    return hypervolume(result.trials.filter((t) => t.values).map((t) => t.values!), zdt1.reference);
  };

  for (const mode of ['alternate', 'parego', 'qparego'] as const) {
    test(`${mode}: a larger ZDT1 hypervolume after 30 trials than random search`, () => {
      const random = Math.max(frontVolume(null, 1), frontVolume(null, 2));
      const gp = frontVolume({ seed: 1, candidates: 256, multiObjective: mode }, 1);
      assert.ok(gp > random + 2, `${mode} ${gp} vs random ${random}`);
    });
  }

  test('with a constraint, the reference follows the feasible front and model-based trials stay mostly feasible', () => {
    // ZDT1 subject to f1 >= 0.3 (x1 >= 0.3, 70% of the space). Letting the infeasible front (small f1) set the
    // reference made qParEGO chase it: 12 of 30 feasible before, 25 after.
    const problem = {
      ...zdt1,
      constraintCount: 1,
      evaluate: (p: Record<string, unknown>) => {
        const r = zdt1.evaluate(p as never);
        return { values: r.values, violations: [Math.max(0, 0.3 - r.values[0]!)] };
      },
    };
    for (const mode of ['alternate', 'parego', 'qparego'] as const) {
      const result = runSampler({ sampler: new GpSampler({ seed: 1, candidates: 256, multiObjective: mode }), problem, trials: 40, batch: 2 });
      const modelled = result.trials.slice(10);
      const feasible = modelled.filter((t) => (t.constraintViolations?.[0] ?? 0) <= 0).length;
      assert.ok(feasible >= 24, `${mode}: ${feasible} of ${modelled.length} feasible`);
    }
  });

  test('the reference ignores infeasible points when a feasible one exists', () => {
    // An infeasible (0.1, 0.1) dominates everything; counted, it alone is the front and the reference sits on it.
    const values = [[0.1, 0.1], [0.5, 0.9], [0.9, 0.5], [1, 1]];
    const lambda = [Math.SQRT1_2, Math.SQRT1_2];
    const withAll = hypervolumeScalarization(values, lambda);
    const feasibleOnly = hypervolumeScalarization(values, lambda, [false, true, true, true]);
    const point = (s: typeof withAll) => s.scalar([s.normalize(0.5, 0), s.normalize(0.9, 1)]);
    assert.ok(point(withAll) > 0, `${point(withAll)}`);
    assert.ok(point(feasibleOnly) < 0, `${point(feasibleOnly)}`);
    assert.equal(hypervolumeScalarization(values, lambda, [false, false, false, false]).scalar([0.2, 0.2]), withAll.scalar([0.2, 0.2]), 'no feasible point: all count');
  });

  test('rejects an unknown multi-objective mode, naming the allowed ones', () => {
    assert.throws(() => new GpSampler({ seed: 1, multiObjective: 'ehvi' as never }), /multiObjective[\s\S]*alternate/);
  });
});
