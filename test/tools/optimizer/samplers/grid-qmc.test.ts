import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../../../tools/common/clock.ts';
import { InMemoryStorage } from '../../../../tools/optimizer/in-memory-storage.ts';
import { StudyManager } from '../../../../tools/optimizer/study-manager.ts';
import { runSamplerStudy } from '../../../support/sampler-contract.ts';
import { createSampler } from '../../../../tools/optimizer/samplers/index.ts';

test('grid: every point exactly once, then the study ends even with budget left', async () => {
  const studies = new StudyManager({ storage: new InMemoryStorage(), clock: systemClock });
  const record = await studies.start({
    space: { a: { type: 'int', low: 1, high: 3 }, b: { type: 'choice', choices: ['x', { value: 'y', space: { c: { type: 'float', low: 0, high: 1, step: 0.5 } } }] } },
    objectives: [{ metric: 'value', direction: 'minimize' }],
    target: { kind: 'builtin', problem: 'branin' },
    sampler: 'grid', budget: { trials: 100 },
  });
  await studies.wait(record.id);
  const keys = studies.trials(record.id).map((t) => JSON.stringify(t.params));
  assert.equal(keys.length, 3 * (1 + 3));
  assert.equal(new Set(keys).size, keys.length);
});

test('grid: an infinite grid is a clear error naming the parameter', () => {
  assert.throws(() => runSamplerStudy(createSampler('grid', { seed: 1 }), { lr: { type: 'float', low: 0, high: 1 } }, { trials: 1, objectives: 1 }), {
    message: /the grid is infinite: lr is continuous \(float in \[0, 1\]\); give it a step or q, or list its values in samplerOptions.grid.lr/,
  });
});

test('qmc covers the space more evenly than random draws', () => {
  const space = { u: { type: 'uniform', low: 0, high: 1 }, v: { type: 'uniform', low: 0, high: 1 } };
  const gaps = (sampler: string) => {
    const study = runSamplerStudy(createSampler(sampler, { seed: 4 }), space, { trials: 64, objectives: 1 });
    // Largest empty cell of an 8×8 grid count: quasi-random points fill (nearly) every cell.
    const cells = new Set(study.trials().map((t) => `${Math.floor((t.params.u as number) * 8)},${Math.floor((t.params.v as number) * 8)}`));
    return 64 - cells.size;
  };
  assert.ok(gaps('qmc') < gaps('random'), `empty cells: qmc ${gaps('qmc')}, random ${gaps('random')}`);
  // The first 2^k points of the scrambled base-2 coordinate put exactly one point in each of 2^k equal bins.
  const study = runSamplerStudy(createSampler('qmc', { seed: 9 }), space, { trials: 64, objectives: 1 });
  assert.equal(new Set(study.trials().map((t) => Math.floor((t.params.u as number) * 64))).size, 64);
});
