import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinTarget } from '../../../../tools/optimizer/target-resolver.ts';
import { createBuiltinTarget } from '../../../../tools/optimizer/targets/builtin.ts';
import { builtinProblemNames, getBuiltinProblem } from '../../../../tools/optimizer/targets/builtin-problems.ts';

const ctx = { trialNumber: 0, signal: new AbortController().signal, report: () => false };

test('single-objective problems reach their textbook optimum at the textbook minimiser', () => {
  const minimisers: Record<string, number[]> = {
    branin: [Math.PI, 2.275],
    hartmann6: [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573],
    rosenbrock: [1, 1, 1, 1, 1],
    ackley: [0, 0, 0, 0, 0],
    'styblinski-tang': new Array(8).fill(-2.903534),
    levy: [1, 1, 1, 1, 1],
  };
  for (const [name, x] of Object.entries(minimisers)) {
    const problem = getBuiltinProblem(name)!;
    const value = problem.evaluate(x)[0]!;
    assert.ok(Math.abs(value - problem.optimum(x.length)!) < 1e-4, `${name}: ${value} vs ${problem.optimum(x.length)}`);
    for (const [low, high] of problem.bounds(problem.defaultDims)) assert.ok(low < high);
  }
});

test('multi-objective problems: ZDT1 front f2 = 1 − √f1, DTLZ2 front on the unit sphere', () => {
  const [f1, f2] = getBuiltinProblem('zdt1')!.evaluate([0.25, 0, 0, 0, 0, 0]);
  assert.equal(f1, 0.25);
  assert.ok(Math.abs(f2! - 0.5) < 1e-12);
  const f = getBuiltinProblem('dtlz2')!.evaluate([0.3, 0.8, 0.5, 0.5, 0.5, 0.5]);
  assert.ok(Math.abs(f.reduce((s, v) => s + v * v, 0) - 1) < 1e-12);
  assert.deepEqual(builtinProblemNames(), ['branin', 'hartmann6', 'rosenbrock', 'ackley', 'styblinski-tang', 'levy', 'zdt1', 'zdt2', 'zdt3', 'dtlz2']);
});

test('the builtin target evaluates x0..x{d-1}; resolved targets carry their default space and metrics', async () => {
  const target = createBuiltinTarget({ kind: 'builtin', problem: 'zdt2', dims: 4 });
  assert.deepEqual(await target.evaluate({ x0: 1, x1: 0, x2: 0, x3: 0 }, ctx), { f1: 1, f2: 0 });
  await assert.rejects(target.evaluate({ x0: 1 }, ctx), /needs numeric parameter x1/);
  assert.throws(() => createBuiltinTarget({ kind: 'builtin', problem: 'branin', dims: 3 }), { message: /branin is 2-dimensional, got dims=3/ });
  assert.throws(() => createBuiltinTarget({ kind: 'builtin', problem: 'nope' }), { message: /unknown builtin problem "nope"; known: branin/ });
  const resolved = builtinTarget('styblinski_tang')!;
  assert.equal(resolved.name, 'styblinski-tang');
  assert.equal(Object.keys(resolved.space!).length, 8);
  assert.deepEqual(resolved.metrics, [{ name: 'value', direction: 'minimize' }]);
});
