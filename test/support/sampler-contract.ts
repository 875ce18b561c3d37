/**
 * The contract every sampler passes (like Optuna's `optuna/testing/pytest_samplers.py`): every value lies in
 * its distribution's bounds and on its step/q grid, conditional parameters appear only in their branch, and
 * the same seed gives the same trials. Run it over every registered sampler:
 *   for (const name of samplerNames()) samplerContract(name, (seed) => createSampler(name, { seed }));
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../../tools/common/clock.ts';
import { contains } from '../../tools/optimizer/distributions.ts';
import { InMemoryStorage } from '../../tools/optimizer/in-memory-storage.ts';
import { indexSpace, isActive } from '../../tools/optimizer/search-space.ts';
import { Study } from '../../tools/optimizer/study.ts';
import type { Sampler, StudySpec } from '../../tools/optimizer/types.ts';

export interface SamplerContractOptions {
  /** Trials per run (long enough to get past startup phases). Default 30. */
  trials?: number;
  /** Objectives the sampler supports; multi-objective-only samplers pass 2. Default 1. */
  objectives?: 1 | 2;
  /** Reason to skip the conditional-space case (must be given to skip). */
  skipConditional?: string;
  /** Reason to skip the unbounded normal distributions (must be given to skip). */
  skipNormal?: string;
}

/** A space covering every distribution kind, grids included. */
export const contractSpace: Record<string, unknown> = {
  x: { type: 'float', low: -5, high: 5 },
  lr: { type: 'float', low: 1e-5, high: 0.1, log: true },
  stepped: { type: 'float', low: 0, high: 1, step: 0.25 },
  n: { type: 'quniform', low: 100, high: 1000, q: 50 },
  qlog: { type: 'qloguniform', low: 0, high: 5, q: 2 },
  units: { type: 'int', low: 1, high: 20 },
  width: { type: 'int', low: 2, high: 64, log: true },
  even: { type: 'int', low: 0, high: 10, step: 2 },
  r: { type: 'randint', upper: 7 },
  opt: { type: 'choice', choices: ['adam', 'sgd', 'rmsprop'] },
  p: { type: 'pchoice', choices: [[0.2, 'a'], [0.8, 'b']] },
};

export const normalSpace: Record<string, unknown> = {
  g: { type: 'normal', mu: 0, sigma: 2 },
  qg: { type: 'qnormal', mu: 10, sigma: 3, q: 0.5 },
  ln: { type: 'lognormal', mu: 0, sigma: 1 },
  qln: { type: 'qlognormal', mu: 2, sigma: 0.5, q: 1 },
};

export const conditionalSpace: Record<string, unknown> = {
  model: {
    type: 'choice',
    choices: [
      { value: 'svm', space: { C: { type: 'float', low: 1e-3, high: 1e3, log: true }, kernel: { type: 'choice', choices: ['rbf', { value: 'poly', space: { degree: { type: 'int', low: 2, high: 5 } } }] } } },
      { value: 'rf', space: { depth: { type: 'int', low: 1, high: 12 }, trees: { type: 'quniform', low: 10, high: 200, q: 10 } } },
      'none',
    ],
  },
  shared: { type: 'uniform', low: 0, high: 1 },
};

/** A deterministic objective of any params: a smooth-ish function of their numeric encodings. */
function objective(params: Record<string, unknown>): number[] {
  let sum = 0;
  for (const [name, value] of Object.entries(params)) {
    const x = typeof value === 'number' ? value : String(value).length;
    sum += Math.sin(x + name.length) + 0.01 * Math.abs(x);
  }
  return [sum, -sum * 0.5 + Object.keys(params).length];
}

export function runSamplerStudy(sampler: Sampler, space: Record<string, unknown>, options: { trials: number; objectives: 1 | 2 }) {
  const storage = new InMemoryStorage();
  const spec: StudySpec = {
    space,
    objectives: options.objectives === 1 ? [{ metric: 'a', direction: 'minimize' }] : [{ metric: 'a', direction: 'minimize' }, { metric: 'b', direction: 'minimize' }],
    target: { kind: 'builtin', problem: 'none' },
    budget: { trials: options.trials },
  };
  storage.createStudy({ id: 's', name: 's', sessionId: null, spec, status: 'running', createdAt: 0, updatedAt: 0 });
  const study = new Study({ storage, record: storage.getStudy('s')!, sampler, clock: new ManualClock() });
  for (let i = 0; i < options.trials; i++) {
    const trial = study.ask();
    const [a, b] = objective(trial.params);
    if (i % 7 === 3) study.tell(trial.number, { state: 'failed', error: 'synthetic failure' });
    else study.tell(trial.number, { metrics: { a: a!, b: b! } });
  }
  return study;
}

export function samplerContract(name: string, make: (seed: number) => Sampler, options: SamplerContractOptions = {}): void {
  const trials = options.trials ?? 30;
  const objectives = options.objectives ?? 1;
  describe(`sampler contract: ${name}`, () => {
    const cases: [string, Record<string, unknown>, string | undefined][] = [
      ['every distribution kind', contractSpace, undefined],
      ['normal distributions', normalSpace, options.skipNormal],
      ['conditional space', conditionalSpace, options.skipConditional],
    ];
    for (const [label, space, skip] of cases) {
      test(`${label}: values in bounds, on the grid, only in their branch`, { skip }, () => {
        const study = runSamplerStudy(make(7), space, { trials, objectives });
        const definitions = study.space;
        const byName = indexSpace(definitions);
        for (const trial of study.trials()) {
          for (const definition of definitions) {
            const active = isActive(definition, trial.params, byName);
            if (!active) {
              assert.ok(!(definition.name in trial.params), `${name}: trial ${trial.number} has ${definition.name} outside its branch`);
              continue;
            }
            const value = trial.params[definition.name];
            assert.ok(definition.name in trial.params, `${name}: trial ${trial.number} lacks active ${definition.name}`);
            assert.ok(contains(definition.distribution, value!), `${name}: ${definition.name}=${JSON.stringify(value)} outside ${JSON.stringify(definition.distribution)}`);
          }
        }
      });
    }
    test('same seed gives the same trials; another seed differs', () => {
      const a = runSamplerStudy(make(11), contractSpace, { trials, objectives }).trials().map((t) => t.params);
      const b = runSamplerStudy(make(11), contractSpace, { trials, objectives }).trials().map((t) => t.params);
      const c = runSamplerStudy(make(12), contractSpace, { trials, objectives }).trials().map((t) => t.params);
      assert.deepEqual(a, b);
      assert.notDeepEqual(a, c);
    });
  });
}
