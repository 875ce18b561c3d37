import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPruner, MedianPruner, SuccessiveHalvingPruner } from '../../../tools/optimizer/pruners/index.ts';
import type { SamplerStudyView, Trial, TrialState } from '../../../tools/optimizer/types.ts';

function trial(number: number, state: TrialState, intermediate: Record<number, number>): Trial {
  return {
    id: `t${number}`, studyId: 's', number, state, params: {}, distributions: {}, values: state === 'complete' ? [0] : null, metrics: {}, intermediate,
    constraintViolations: null, userAttrs: {}, systemAttrs: {}, attempt: 1, error: null, createdAt: 0, startedAt: 0, completedAt: null,
  };
}

function view(trials: Trial[], direction: 'minimize' | 'maximize' = 'minimize'): SamplerStudyView {
  return { studyId: 's', directions: [direction], space: [], constraintCount: 0, budget: null, trials: (states) => (states ? trials.filter((t) => states.includes(t.state)) : trials) };
}

test('median pruner: prunes a trial whose best value is worse than the median at its step, after startup', () => {
  const done = [1, 2, 3, 4, 5].map((v, i) => trial(i, 'complete', { 1: v, 2: v - 0.5 }));
  const pruner = new MedianPruner({ nStartupTrials: 5 });
  assert.equal(pruner.shouldPrune(view(done), trial(9, 'running', { 1: 3.5 })), true);
  assert.equal(pruner.shouldPrune(view(done), trial(9, 'running', { 1: 2.5 })), false);
  assert.equal(pruner.shouldPrune(view(done.slice(0, 4)), trial(9, 'running', { 1: 100 })), false, 'startup');
  assert.equal(new MedianPruner({ nWarmupSteps: 2 }).shouldPrune(view(done), trial(9, 'running', { 1: 100 })), false, 'warm-up');
  assert.equal(pruner.shouldPrune(view(done, 'maximize'), trial(9, 'running', { 1: 2.5 })), true);
});

test('successive halving: keeps the top 1/η at each rung', () => {
  const pruner = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 });
  const others = [1, 2, 3, 4, 5, 6, 7, 8].map((v, i) => trial(i, 'complete', { 1: v, 3: v }));
  assert.equal(pruner.shouldPrune(view(others), trial(9, 'running', { 1: 1.5 })), false);
  assert.equal(pruner.shouldPrune(view(others), trial(9, 'running', { 1: 3.5 })), true);
  assert.equal(pruner.shouldPrune(view(others), trial(9, 'running', { 1: 1.5, 3: 9 })), true, 'fails the second rung');
  assert.equal(pruner.shouldPrune(view([]), trial(9, 'running', { 1: 100 })), false, 'alone at a rung');
});

test('pruner specs are validated', () => {
  assert.equal(createPruner({ kind: 'none' }), null);
  assert.equal(createPruner({ kind: 'asha', reduction_factor: 4 })!.name, 'successive-halving');
  assert.throws(() => createPruner({ kind: 'hyperband' }), { message: /unknown pruner "hyperband"; known pruners: none, median/ });
  assert.throws(() => createPruner({ kind: 'median', n_startup_trials: 'five' }), { message: /n_startup_trials must be a number >= 0/ });
});
