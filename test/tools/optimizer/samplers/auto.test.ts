import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, defaultAutoLimits, type StudyShape } from '../../../../tools/optimizer/samplers/auto/auto-rules.ts';
import { AutoSampler } from '../../../../tools/optimizer/samplers/auto/auto-sampler.ts';
import '../../../../tools/optimizer/samplers/index.ts';
import { runSampler } from '../../../../bench/optimizer-mo/sampler-driver.ts';
import type { Distribution, ParamDefinition } from '../../../../tools/optimizer/types.ts';

const shape = (s: Partial<StudyShape>): StudyShape => ({ objectives: 1, constraints: 0, unconditional: 4, categorical: 0, conditional: 0, budget: 100, finished: 0, ...s });
const all = () => true;
const none = (name: string) => name !== 'tpe' && name !== 'motpe';

describe('auto rules', () => {
  test('one objective', () => {
    assert.equal(decide(shape({}), defaultAutoLimits, all).sampler, 'gp');
    assert.equal(decide(shape({ finished: 299 }), defaultAutoLimits, all).sampler, 'gp');
    assert.equal(decide(shape({ finished: 300 }), defaultAutoLimits, all).sampler, 'cmaes');
    assert.equal(decide(shape({ unconditional: 30 }), defaultAutoLimits, all).sampler, 'cmaes');
    assert.equal(decide(shape({ conditional: 3 }), defaultAutoLimits, all).sampler, 'tpe');
    assert.equal(decide(shape({ categorical: 3 }), defaultAutoLimits, all).sampler, 'tpe');
    assert.equal(decide(shape({ categorical: 2 }), defaultAutoLimits, all).sampler, 'gp', 'half categorical still suits the GP (one-hot)');
    assert.equal(decide(shape({ conditional: 3 }), defaultAutoLimits, none).sampler, 'nsga2', 'without TPE registered');
    assert.equal(decide(shape({ constraints: 1, finished: 500 }), defaultAutoLimits, all).sampler, 'gp');
    assert.equal(decide(shape({ constraints: 1, finished: 500, unconditional: 40 }), defaultAutoLimits, all).sampler, 'nsga2');
  });

  test('several objectives', () => {
    assert.equal(decide(shape({ objectives: 2 }), defaultAutoLimits, all).sampler, 'gp');
    assert.equal(decide(shape({ objectives: 2, budget: 5000 }), defaultAutoLimits, all).sampler, 'nsga2');
    assert.equal(decide(shape({ objectives: 3, finished: 400 }), defaultAutoLimits, all).sampler, 'nsga2');
    assert.equal(decide(shape({ objectives: 2, categorical: 3 }), defaultAutoLimits, all).sampler, 'motpe');
    assert.equal(decide(shape({ objectives: 2, categorical: 3 }), defaultAutoLimits, none).sampler, 'nsga2');
    assert.equal(decide(shape({ objectives: 6 }), defaultAutoLimits, all).sampler, 'nsga2');
    assert.match(decide(shape({ objectives: 2 }), defaultAutoLimits, all).reason, /ParEGO/);
  });
});

describe('auto sampler', () => {
  const float: Distribution = { type: 'float', low: -2, high: 2, log: false, step: null, q: null };
  const space: ParamDefinition[] = ['a', 'b'].map((name) => ({ name, distribution: float, condition: null }));
  const problem = { space, directions: ['minimize' as const], evaluate: (p: Record<string, unknown>) => ({ values: [(p['a'] as number) ** 2 + (p['b'] as number) ** 2] }) };

  test('switches from GP to CMA-ES after gpMaxTrials and keeps improving', () => {
    const sampler = new AutoSampler({ seed: 1, limits: { gpMaxTrials: 15 } });
    const used: string[] = [];
    const wrapped = new Proxy(sampler, {
      get(target, key, receiver) {
        if (key === 'sampleRelative') {
          return (study: never, trial: never, s: never) => {
            used.push(target.choiceFor(study, trial).sampler);
            return target.sampleRelative(study, trial, s);
          };
        }
        return Reflect.get(target, key, receiver);
      },
    });
    const result = runSampler({ sampler: wrapped, problem, trials: 40 });
    assert.deepEqual([...new Set(used)], ['gp', 'cmaes']);
    assert.equal(used.indexOf('cmaes'), 15);
    assert.ok(Math.min(...result.trials.map((t) => t.values![0]!)) < 0.01);
  });

  test('same seed, same trials', () => {
    const a = runSampler({ sampler: new AutoSampler({ seed: 4 }), problem, trials: 15 }).trials.map((t) => t.params);
    const b = runSampler({ sampler: new AutoSampler({ seed: 4 }), problem, trials: 15 }).trials.map((t) => t.params);
    assert.deepEqual(a, b);
  });
});

describe('sampler options from a study spec', () => {
  test('unknown names and bad values are fixable errors naming the option', async () => {
    const { createSampler } = await import('../../../../tools/optimizer/samplers/index.ts');
    assert.throws(() => createSampler('gp', { seed: 1, candidats: 5 }), /sampler "gp" has no option "candidats"; its options are: nStartupTrials, candidates/);
    assert.throws(() => createSampler('nsga2', { seed: 1, population_size: 1 }), /option "populationSize" must be ≥ 2, got 1/);
    assert.throws(() => createSampler('cmaes', { seed: 1, sigma0: 0 }), /"sigma0" must be > 0 and ≤ 1, got 0/);
    assert.equal(createSampler('motpe', { seed: 1, n_startup_trials: 5 }).name, 'motpe');
  });
});
