import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contains } from '../../../tools/optimizer/distributions.ts';
import { hp, suggest } from '../../../tools/optimizer/hp.ts';
import { compileSpace, indexSpace, isActive } from '../../../tools/optimizer/search-space.ts';

test('hyperopt vocabulary keeps hyperopt meaning: log-space bounds, q rounding, exclusive randint, pchoice', () => {
  const [lr, n, r, r2, p, g, ln] = compileSpace({
    lr: { type: 'loguniform', low: Math.log(1e-5), high: Math.log(0.1) },
    n: { type: 'quniform', low: 100, high: 1000, q: 50 },
    r: { type: 'randint', upper: 5 },
    r2: { type: 'randint', low: 2, high: 6 },
    p: { type: 'pchoice', choices: [[0.25, 'a'], [0.75, 'b']] },
    g: { type: 'qnormal', mu: 0, sigma: 1, q: 0.5 },
    ln: { type: 'lognormal', mu: 0, sigma: 1 },
  });
  assert.equal(lr!.distribution.type, 'float');
  if (lr!.distribution.type === 'float') {
    assert.ok(Math.abs(lr!.distribution.low - 1e-5) < 1e-12 && Math.abs(lr!.distribution.high - 0.1) < 1e-12);
    assert.equal(lr!.distribution.log, true);
  }
  assert.deepEqual(n!.distribution, { type: 'float', low: 100, high: 1000, log: false, step: null, q: 50 });
  assert.deepEqual(r!.distribution, { type: 'int', low: 0, high: 4, step: 1, log: false });
  assert.deepEqual(r2!.distribution, { type: 'int', low: 2, high: 5, step: 1, log: false });
  assert.deepEqual(p!.distribution, { type: 'categorical', choices: ['a', 'b'], weights: [0.25, 0.75] });
  assert.deepEqual(g!.distribution, { type: 'normal', mu: 0, sigma: 1, log: false, q: 0.5 });
  assert.deepEqual(ln!.distribution, { type: 'normal', mu: 0, sigma: 1, log: true, q: null });
  assert.ok(contains(n!.distribution, 150) && !contains(n!.distribution, 125) && !contains(n!.distribution, 1050));
  assert.ok(contains(g!.distribution, -3.5) && !contains(g!.distribution, 0.25));
  assert.ok(!contains(r!.distribution, 5));
});

test('Optuna vocabulary: linear bounds with log, step grids cut down to the last grid point', () => {
  const [lr, w, s] = compileSpace({
    lr: { type: 'float', low: 1e-5, high: 0.1, log: true },
    w: { type: 'int', low: 1, high: 10, step: 4 },
    s: { type: 'float', low: 0, high: 1, step: 0.3 },
  });
  assert.deepEqual(lr!.distribution, { type: 'float', low: 1e-5, high: 0.1, log: true, step: null, q: null });
  assert.deepEqual(w!.distribution, { type: 'int', low: 1, high: 9, step: 4, log: false });
  assert.equal(s!.distribution.type === 'float' && s!.distribution.high, 0.9);
  assert.ok(contains(s!.distribution, 0.6) && !contains(s!.distribution, 0.5));
});

test('validation names the parameter, the rule and the values', () => {
  const cases: [Record<string, unknown>, string | RegExp][] = [
    [{ max_depth: { type: 'int', low: 10, high: 3 } }, '`low <= high` must hold for max_depth, got low=10, high=3'],
    [{ lr: { type: 'float', low: 0, high: 1, log: true } }, '`low > 0 for a log scale` must hold for lr, got low=0'],
    [{ lr: { type: 'float', low: 0.1, high: 1, log: true, step: 0.1 } }, /step is not used together with log.*lr/],
    [{ n: { type: 'quniform', low: 1, high: 10, q: 0 } }, '`q > 0` must hold for n, got q=0'],
    [{ k: { type: 'int', low: 1.5, high: 3 } }, /low and high are integers.*k, got low=1.5/],
    [{ s: { type: 'normal', mu: 0, sigma: -1 } }, '`sigma > 0` must hold for s, got sigma=-1'],
    [{ c: { type: 'choice', choices: [] } }, /choices is a non-empty array.*c/],
    [{ c: { type: 'pchoice', choices: [[0.5, 'a'], [0.4, 'b']] } }, /pchoice probabilities sum to 1.*c, got sum=0.9/],
    [{ r: { type: 'randint', low: 5, high: 5 } }, /low < high for randint.*r/],
    [{ x: { type: 'gaussian', mu: 0 } }, /unknown distribution type "gaussian" for x/],
    [{ x: 5 }, /x must be a distribution object/],
    [{ a: { type: 'choice', choices: [{ value: 'p', space: { z: { type: 'uniform', low: 0, high: 1 } } }] }, z: { type: 'uniform', low: 0, high: 1 } }, /unique.*z appears twice/],
  ];
  for (const [space, message] of cases) assert.throws(() => compileSpace(space), { name: 'ToolError', code: 'invalid_argument', message });
});

test('nested choices give conditional parameters, active only in their branch', () => {
  const space = compileSpace({
    model: {
      type: 'choice',
      choices: [
        { value: 'svm', space: { C: { type: 'lognormal', mu: 0, sigma: 1 }, kernel: { type: 'choice', choices: ['rbf', { value: 'poly', space: { degree: { type: 'int', low: 2, high: 5 } } }] } } },
        { type: 'rf', depth: { type: 'randint', upper: 10 } },
      ],
    },
  });
  assert.deepEqual(space.map((d) => [d.name, d.condition]), [
    ['model', null],
    ['C', { param: 'model', equals: 'svm' }],
    ['kernel', { param: 'model', equals: 'svm' }],
    ['degree', { param: 'kernel', equals: 'poly' }],
    ['depth', { param: 'model', equals: 1 }],
  ]);
  const byName = indexSpace(space);
  const degree = byName.get('degree')!;
  assert.equal(isActive(degree, { model: 'svm', kernel: 'poly' }, byName), true);
  assert.equal(isActive(degree, { model: 'svm', kernel: 'rbf' }, byName), false);
  assert.equal(isActive(byName.get('C')!, { model: 1 }, byName), false);
});

test('TS builders produce the same space as JSON, in both vocabularies', () => {
  const built = hp.space(
    hp.quniform('n_estimators', 100, 1000, 50),
    hp.loguniform('lr', Math.log(1e-5), Math.log(0.1)),
    hp.randint('seed', 10),
    hp.pchoice('opt', [[0.7, 'adam'], [0.3, 'sgd']]),
    hp.choice('clf', ['rf', hp.option('svm', hp.lognormal('C', 0, 1))]),
    suggest.float('dropout', 0, 0.5, { step: 0.1 }),
    suggest.int('units', 1, 20),
    suggest.categorical('act', ['relu', 'tanh']),
  );
  assert.deepEqual(built.n_estimators, { type: 'quniform', low: 100, high: 1000, q: 50 });
  assert.deepEqual(built.units, { type: 'int', low: 1, high: 20 });
  const names = compileSpace(built).map((d) => d.name);
  assert.deepEqual(names, ['n_estimators', 'lr', 'seed', 'opt', 'clf', 'C', 'dropout', 'units', 'act']);
  assert.deepEqual(compileSpace(built).find((d) => d.name === 'C')!.condition, { param: 'clf', equals: 'svm' });
  assert.deepEqual(JSON.parse(JSON.stringify(built)), built);
});
