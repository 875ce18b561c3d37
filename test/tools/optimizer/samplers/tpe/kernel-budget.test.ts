import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ToolError } from '../../../../../tools/common/errors.ts';
import { InMemoryStorage } from '../../../../../tools/optimizer/in-memory-storage.ts';
import { chooseAbove, planKernels } from '../../../../../tools/optimizer/samplers/tpe/kernel-budget.ts';
import { defaultWeights } from '../../../../../tools/optimizer/samplers/tpe/parzen-estimator.ts';
import { TpeSampler } from '../../../../../tools/optimizer/samplers/tpe/sampler.ts';
import { Study } from '../../../../../tools/optimizer/study.ts';

test('planKernels keeps every observation up to the budget, then keeps the budget, the total weight and the newest observations', () => {
  assert.equal(planKernels(600, 600), null);
  for (const [count, max] of [[601, 600], [10_000, 600], [10_000, 50], [77, 50]] as const) {
    const plan = planKernels(count, max)!;
    const full = defaultWeights(count);
    assert.equal(plan.positions.length, max);
    assert.equal(plan.weights.length, max);
    assert.ok(plan.positions.every((p, i) => p >= 0 && p < count && (i === 0 || p > plan.positions[i - 1]!)), 'positions ascending, in range');
    const total = full.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(plan.weights.reduce((a, b) => a + b, 0) - total) < 1e-9 * total, 'total weight kept');
    // The newest max/2 (at least 25) observations are kernels of their own, with their own weight.
    const recent = Math.max(25, Math.ceil(max / 2));
    assert.deepEqual(plan.positions.slice(-recent), Array.from({ length: recent }, (_, i) => count - recent + i));
    plan.weights.slice(-recent).forEach((w, i) => assert.ok(Math.abs(w - full[count - recent + i]!) < 1e-12));
  }
});

test('chooseAbove maps the plan onto the observations that are not in the best set', () => {
  const below = [0, 3, 4, 90, 199];
  const complement = Array.from({ length: 200 }, (_, i) => i).filter((i) => !below.includes(i));
  assert.deepEqual(chooseAbove(200, below, 500), { indices: complement, weights: null });
  const plan = planKernels(complement.length, 60)!;
  assert.deepEqual(chooseAbove(200, below, 60), { indices: plan.positions.map((p) => complement[p]!), weights: plan.weights });
});

test('maxKernels must be an integer of at least 50 (invalid_argument naming the option and the value)', () => {
  for (const bad of [10, 49.5, Number.NaN]) {
    assert.throws(() => new TpeSampler({ maxKernels: bad }), (error: unknown) => ToolError.isInstance(error) && error.code === 'invalid_argument' && /maxKernels/.test(error.message));
  }
});

test('below the kernel budget TPE is unchanged: the same seed picks the same trials with or without a budget', () => {
  const run = (maxKernels: number) => {
    const storage = new InMemoryStorage();
    storage.createStudy({
      id: 's', name: 's', sessionId: null, status: 'running', createdAt: 0, updatedAt: 0,
      spec: { space: { x: { type: 'float', low: -5, high: 5 }, c: { type: 'categorical', choices: ['a', 'b'] } }, objectives: [{ metric: 'v', direction: 'minimize' }], target: { kind: 'builtin', problem: 'none' } },
    });
    const study = new Study({ storage, record: storage.getStudy('s')!, sampler: new TpeSampler({ seed: 11, maxKernels }) });
    for (let i = 0; i < 140; i++) {
      const trial = study.ask();
      study.tell(trial.number, { values: [(trial.params.x as number) ** 2 + (trial.params.c === 'a' ? 1 : 0)] });
    }
    return study.trials().map((t) => t.params);
  };
  assert.deepEqual(run(1_000_000), run(600));
  // With a budget smaller than the study, the trials differ but every one is still valid (the sampler contract).
  assert.notDeepEqual(run(50), run(600));
});
