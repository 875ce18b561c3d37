import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MotpeSampler } from '../../../../tools/optimizer/samplers/motpe/motpe-sampler.ts';
import { hypervolume } from '../../../../tools/optimizer/analysis/hypervolume.ts';
import { runSampler } from '../../../../bench/optimizer-mo/sampler-driver.ts';
import { multiObjectiveProblems } from '../../../../bench/optimizer-mo/problems.ts';

const zdt1 = multiObjectiveProblems.find((p) => p.name === 'zdt1')!;

test('motpe density option: both kernels densities run and beat their own start-up phase; unknown values are refused', () => {
  const params: string[][] = [];
  for (const density of ['optuna3', 'normalised'] as const) {
    const result = runSampler({ sampler: new MotpeSampler({ seed: 3, density }), problem: zdt1, trials: 60 });
    const values = result.trials.filter((t) => t.values).map((t) => t.values!);
    assert.equal(values.length, 60);
    assert.ok(hypervolume(values, zdt1.reference) > hypervolume(values.slice(0, 10), zdt1.reference), `${density}: the model improves on the random start`);
    params.push(result.trials.slice(10).map((t) => JSON.stringify(t.params)));
  }
  assert.notDeepEqual(params[0], params[1], 'the two densities propose different points');
  assert.throws(() => new MotpeSampler({ seed: 1, density: 'exact' as never }), /option "density" must be one of optuna3, normalised/);
});
