import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPruner, HyperbandPruner, MedianPruner, SuccessiveHalvingPruner } from '../../../tools/optimizer/pruners/index.ts';
import { bracketOf } from '../../../tools/optimizer/pruners/hyperband.ts';
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
  assert.equal(createPruner({ kind: 'hyperband', max_resource: 27 })!.name, 'hyperband');
  assert.throws(() => createPruner({ kind: 'hyperbnd' }), { message: /unknown pruner "hyperbnd"; known pruners: none, median, .*hyperband/ });
  assert.throws(() => createPruner({ kind: 'median', n_startup_trials: 'five' }), { message: /n_startup_trials must be a number >= 0/ });
});

test('hyperband: brackets from the resource range, trials split by Optuna\'s budget weights', () => {
  const pruner = new HyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 });
  const budgets = pruner.bracketBudgets(view([]))!;
  assert.deepEqual(budgets, [27, 12, 6, 4]);
  const counts = [0, 0, 0, 0];
  for (let n = 0; n < 4900; n++) counts[bracketOf('s', n, budgets)]!++;
  counts.forEach((c, b) => assert.ok(Math.abs(c / 4900 - budgets[b]! / 49) < 0.03, `bracket ${b}: ${c}`));
  assert.equal(new HyperbandPruner({ minResource: 1 }).bracketBudgets(view([])), null, 'auto: unknown until a trial completes');
  assert.deepEqual(new HyperbandPruner({ minResource: 1 }).bracketBudgets(view([trial(0, 'complete', { 1: 1, 9: 1 })])), [9, 5, 3]);
});

test('hyperband: bracket 0 prunes from the first rung against its own bracket; the last bracket waits for max resource', () => {
  const pruner = new HyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 });
  const budgets = pruner.bracketBudgets(view([]))!;
  const numbers = (bracket: number, count: number, from = 0) => {
    const out: number[] = [];
    for (let n = from; out.length < count; n++) if (bracketOf('s', n, budgets) === bracket) out.push(n);
    return out;
  };
  // Nine good trials in bracket 0 (values 1..9 at step 1), and a far better crowd in bracket 3 that must not count.
  const peers = numbers(0, 9).map((n, i) => trial(n, 'complete', { 1: i + 1, 27: i + 1 }));
  const other = numbers(3, 9).map((n) => trial(n, 'complete', { 1: -100, 27: -100 }));
  const [late0] = numbers(0, 1, 1000);
  const [late3] = numbers(3, 1, 1000);
  const studyView = view([...peers, ...other]);
  assert.equal(pruner.shouldPrune(studyView, trial(late0!, 'running', { 1: 2 })), false, 'top third of its own bracket');
  assert.equal(pruner.shouldPrune(studyView, trial(late0!, 'running', { 1: 8 })), true, 'bottom of its bracket at step 1');
  assert.equal(pruner.shouldPrune(studyView, trial(late3!, 'running', { 1: 1e9, 9: 1e9 })), false, 'bracket 3 has no rung before step 27');
});
