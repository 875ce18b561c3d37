import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRng } from '../../../../tools/common/rng.ts';
import { parameterImportance } from '../../../../tools/optimizer/analysis/param-importance.ts';
import { bestSoFarHistory } from '../../../../tools/optimizer/analysis/history.ts';
import { paretoSummary } from '../../../../tools/optimizer/analysis/pareto-summary.ts';
import { ToolError } from '../../../../tools/common/errors.ts';
import type { Distribution, Params, Trial } from '../../../../tools/optimizer/types.ts';

const lr: Distribution = { type: 'float', low: 1e-4, high: 1, log: true, step: null, q: null };
const depth: Distribution = { type: 'int', low: 1, high: 10, log: false, step: 1 };
const opt: Distribution = { type: 'categorical', choices: ['adam', 'sgd', 'rmsprop'], weights: null };

function trial(number: number, params: Params, values: number[] | null, extra: Partial<Trial> = {}): Trial {
  return {
    id: `t${number}`, studyId: 's', number, state: values ? 'complete' : 'failed', params, distributions: { lr, depth, opt }, values,
    metrics: values ? { latency_p99_ms: 100 + (params['depth'] as number) * 10 } : {}, intermediate: {}, constraintViolations: null,
    userAttrs: {}, systemAttrs: {}, attempt: 1, error: null, createdAt: 0, startedAt: 0, completedAt: 0, ...extra,
  };
}

function study(n: number): Trial[] {
  const rng = createRng(5);
  return Array.from({ length: n }, (_, i) => {
    const params = { lr: Math.exp(Math.log(1e-4) + rng.next() * Math.log(1e4)), depth: rng.int(1, 10), opt: ['adam', 'sgd', 'rmsprop'][rng.int(0, 2)]! };
    // The loss depends strongly on log(lr), weakly on the optimizer, not at all on depth.
    const loss = (Math.log10(params.lr) + 2) ** 2 + (params.opt === 'sgd' ? 0.3 : 0) + 0.01 * rng.normal();
    return trial(i, params, [loss]);
  });
}

describe('parameter importance (fANOVA on a random forest)', () => {
  test('ranks the parameter the objective depends on first, with most of the variance', () => {
    const result = parameterImportance(study(120), { target: { objective: 0 }, seed: 1, trees: 32 });
    assert.equal(result.params[0]!.param, 'lr');
    assert.ok(result.params[0]!.varianceFraction > 0.7, JSON.stringify(result.params));
    const depthRow = result.params.find((p) => p.param === 'depth')!;
    assert.ok(depthRow.varianceFraction < 0.05, JSON.stringify(result.params));
    const sum = result.params.reduce((s, p) => s + p.importance, 0);
    assert.ok(Math.abs(sum - 1) < 1e-9);
  });

  test('explains any reported metric, e.g. p99 latency driven by depth', () => {
    const result = parameterImportance(study(80), { target: { metric: 'latency_p99_ms' }, seed: 1, trees: 16 });
    assert.equal(result.target, 'latency_p99_ms');
    assert.equal(result.params[0]!.param, 'depth');
    assert.ok(result.params[0]!.varianceFraction > 0.9);
  });

  test('too few trials is a fixable error naming the counts', () => {
    assert.throws(() => parameterImportance(study(3), { target: { objective: 0 } }), (e: unknown) => ToolError.isInstance(e) && /at least 4 complete trials.*has 3/.test(e.message));
  });
});

describe('best-so-far history and Pareto summary', () => {
  test('history keeps the running best of feasible complete trials', () => {
    const trials = [trial(0, { lr: 0.1, depth: 1, opt: 'adam' }, [5]), trial(1, { lr: 0.1, depth: 1, opt: 'adam' }, null), trial(2, { lr: 0.1, depth: 1, opt: 'adam' }, [3]),
      trial(3, { lr: 0.1, depth: 1, opt: 'adam' }, [1], { constraintViolations: [2] }), trial(4, { lr: 0.1, depth: 1, opt: 'adam' }, [4])];
    assert.deepEqual(bestSoFarHistory(trials, ['minimize']).map((p) => p.best), [5, 5, 3, 3, 3]);
    assert.deepEqual(bestSoFarHistory(trials, ['maximize']).map((p) => p.best), [5, 5, 5, 5, 5]);
  });

  test('Pareto summary: front, knee and hypervolume in the study directions', () => {
    const p = { lr: 0.1, depth: 1, opt: 'adam' };
    // maximize accuracy, minimize latency
    const trials = [trial(0, p, [0.9, 100]), trial(1, p, [0.8, 20]), trial(2, p, [0.7, 80]), trial(3, p, [0.95, 300]), trial(4, p, [0.85, 30])];
    const summary = paretoSummary(trials, ['maximize', 'minimize'], [0, 400]);
    assert.deepEqual(summary.front.map((f) => f.trial), [0, 1, 3, 4]);
    // Normalized over the front: t0 (0.33, 0.29) has the smallest sum (t4: 0.67 + 0.04).
    assert.equal(summary.knee, 0);
    const expected = 0.8 * (400 - 20) + (0.85 - 0.8) * (400 - 30) + (0.9 - 0.85) * (400 - 100) + (0.95 - 0.9) * (400 - 300);
    assert.ok(Math.abs(summary.hypervolume - expected) < 1e-9, `${summary.hypervolume} vs ${expected}`);
    assert.deepEqual(summary.reference, [0, 400]);
  });
});
