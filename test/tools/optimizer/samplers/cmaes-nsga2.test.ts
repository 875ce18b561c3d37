import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CmaEsSampler } from '../../../../tools/optimizer/samplers/cmaes/cmaes-sampler.ts';
import { Nsga2Sampler } from '../../../../tools/optimizer/samplers/nsga2/nsga2-sampler.ts';
import { RandomSampler } from '../../../../tools/optimizer/samplers/random.ts';
import { hypervolume } from '../../../../tools/optimizer/analysis/hypervolume.ts';
import { runSampler } from '../../../../bench/optimizer-mo/sampler-driver.ts';
import { multiObjectiveProblems } from '../../../../bench/optimizer-mo/problems.ts';
import type { Distribution, ParamDefinition, Sampler } from '../../../../tools/optimizer/types.ts';

const float = (low: number, high: number): Distribution => ({ type: 'float', low, high, log: false, step: null, q: null });
const int = (low: number, high: number): Distribution => ({ type: 'int', low, high, log: false, step: 1 });
const defs = (entries: Record<string, Distribution>): ParamDefinition[] => Object.entries(entries).map(([name, distribution]) => ({ name, distribution, condition: null }));

describe('CMA-ES', () => {
  test('converges on a shifted sphere', () => {
    const space = defs({ a: float(-5, 5), b: float(-5, 5), c: float(-5, 5) });
    const result = runSampler({
      sampler: new CmaEsSampler({ seed: 1 }),
      problem: { space, directions: ['minimize'], evaluate: (p) => ({ values: [((p['a'] as number) - 1) ** 2 + ((p['b'] as number) + 2) ** 2 + (p['c'] as number) ** 2] }) },
      trials: 400,
    });
    const best = Math.min(...result.trials.map((t) => t.values![0]!));
    assert.ok(best < 1e-6, `best ${best}`);
  });

  test('integer margin: an all-integer problem keeps moving and reaches its optimum', () => {
    const space = defs({ i: int(-20, 20), j: int(-20, 20), x: float(-1, 1) });
    const result = runSampler({
      sampler: new CmaEsSampler({ seed: 2 }),
      problem: { space, directions: ['minimize'], evaluate: (p) => ({ values: [((p['i'] as number) - 7) ** 2 + ((p['j'] as number) + 3) ** 2 + (p['x'] as number) ** 2] }) },
      trials: 300,
    });
    const best = result.trials.reduce((b, t) => (t.values![0]! < b.values![0]! ? t : b));
    assert.deepEqual([best.params['i'], best.params['j']], [7, -3]);
    // The margin keeps sampling neighbouring integers late in the run instead of freezing on one value.
    const late = new Set(result.trials.slice(-60).map((t) => `${t.params['i']},${t.params['j']}`));
    assert.ok(late.size >= 2, `late distinct integer pairs: ${late.size}`);
  });

  test('IPOP: a stalled run restarts with a doubled population', () => {
    const sampler = new CmaEsSampler({ seed: 3 });
    const space = defs({ a: float(0, 1), b: float(0, 1) });
    runSampler({ sampler, problem: { space, directions: ['minimize'], evaluate: () => ({ values: [1] }) }, trials: 300 });
    const state = sampler as unknown as { run: number; lambda: number };
    assert.ok(state.run >= 1, `restarts: ${state.run}`);
    assert.equal(state.lambda, (4 + Math.floor(3 * Math.log(2))) * 2 ** state.run);
  });

  test('categorical parameters are sampled independently, numbers jointly', () => {
    const sampler = new CmaEsSampler({ seed: 4 });
    const space = defs({ a: float(0, 1), opt: { type: 'categorical', choices: ['x', 'y'], weights: null } });
    const view = { studyId: 's', directions: ['minimize' as const], space, constraintCount: 0, trials: () => [], budget: null };
    assert.deepEqual(Object.keys(sampler.inferRelativeSearchSpace(view)), ['a']);
  });
});

describe('NSGA-II', () => {
  test('population size follows the budget', () => {
    const sampler = new Nsga2Sampler({ seed: 0 });
    const view = (budget: number | null) => ({ studyId: 's', directions: ['minimize' as const, 'minimize' as const], space: [], constraintCount: 0, trials: () => [], budget });
    assert.equal(sampler.populationSize(view(200)), 20);
    assert.equal(sampler.populationSize(view(50)), 10);
    assert.equal(sampler.populationSize(view(5000)), 100);
    assert.equal(sampler.populationSize(view(null)), 50);
  });

  test('beats random search on ZDT1 hypervolume at 200 trials', () => {
    const zdt1 = multiObjectiveProblems.find((p) => p.name === 'zdt1')!;
    const hv = (sampler: Sampler) => {
      const result = runSampler({ sampler, problem: zdt1, trials: 200 });
      return hypervolume(result.trials.map((t) => t.values!), zdt1.reference);
    };
    const nsga = hv(new Nsga2Sampler({ seed: 5 }));
    const random = hv(new RandomSampler({ seed: 5 }));
    assert.ok(nsga > random + 2, `nsga2 ${nsga} vs random ${random}`);
  });

  test('constrained domination steers offspring into the feasible region', () => {
    const space = defs({ a: float(0, 1), b: float(0, 1) });
    const result = runSampler({
      sampler: new Nsga2Sampler({ seed: 6, populationSize: 10 }),
      problem: { space, directions: ['minimize', 'minimize'], constraintCount: 1, evaluate: (p) => ({ values: [p['a'] as number, 1 - (p['a'] as number) + (p['b'] as number)], violations: [Math.max(0, 0.5 - (p['b'] as number))] }) },
      trials: 100,
    });
    const feasibleShare = (from: number, to: number) => result.trials.slice(from, to).filter((t) => t.constraintViolations![0] === 0).length / (to - from);
    assert.ok(feasibleShare(60, 100) > feasibleShare(0, 10) + 0.2, `early ${feasibleShare(0, 10)} late ${feasibleShare(60, 100)}`);
  });
});

describe('CMA-ES resume', () => {
  test('a fresh instance on a study with complete trials starts at the best one', () => {
    const space = defs({ a: float(0, 10), b: float(0, 10) });
    const problem = { space, directions: ['minimize' as const], evaluate: (p: Record<string, unknown>) => ({ values: [((p['a'] as number) - 8) ** 2 + ((p['b'] as number) - 2) ** 2] }) };
    const first = runSampler({ sampler: new CmaEsSampler({ seed: 7 }), problem, trials: 40 });
    const best = first.trials.reduce((b, t) => (t.values![0]! < b.values![0]! ? t : b));
    // Continue the same trials with a new sampler instance (as after a process restart).
    const resumed = new CmaEsSampler({ seed: 7 });
    const view = { studyId: 's', directions: ['minimize' as const], space, constraintCount: 0, budget: null, trials: (states?: readonly string[]) => (states ? first.trials.filter((t) => states.includes(t.state)) : first.trials) };
    const next = { ...first.trials[0]!, id: 'next', number: 40, params: {}, values: null, state: 'running' as const };
    const params = resumed.sampleRelative(view, next, resumed.inferRelativeSearchSpace(view));
    const distance = Math.hypot((params['a'] as number) - (best.params['a'] as number), (params['b'] as number) - (best.params['b'] as number));
    assert.ok(distance < 3, `first resumed sample ${JSON.stringify(params)} vs best ${JSON.stringify(best.params)}`);
  });
});
