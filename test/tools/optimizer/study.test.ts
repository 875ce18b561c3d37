import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../tools/common/clock.ts';
import { InMemoryStorage } from '../../../tools/optimizer/in-memory-storage.ts';
import { createSampler } from '../../../tools/optimizer/samplers/index.ts';
import { Study } from '../../../tools/optimizer/study.ts';
import type { StudySpec } from '../../../tools/optimizer/types.ts';

function makeStudy(spec: Partial<StudySpec> = {}, sampler = 'random') {
  const storage = new InMemoryStorage();
  storage.createStudy({
    id: 's', name: 's', sessionId: null, status: 'running', createdAt: 0, updatedAt: 0,
    spec: { space: { x: { type: 'float', low: 0, high: 10 }, opt: { type: 'choice', choices: ['a', 'b'] } }, objectives: [{ metric: 'loss', direction: 'minimize' }], target: { kind: 'builtin', problem: 'x' }, ...spec },
  });
  return new Study({ storage, record: storage.getStudy('s')!, sampler: createSampler(sampler, { seed: 3 }), clock: new ManualClock(100) });
}

test('ask samples every parameter and tell records values, metrics and state; finished trials are immutable', () => {
  const study = makeStudy();
  const trial = study.ask();
  assert.equal(trial.state, 'running');
  assert.ok(typeof trial.params.x === 'number' && ['a', 'b'].includes(trial.params.opt as string));
  assert.deepEqual(Object.keys(trial.distributions), ['x', 'opt']);
  study.setUserAttr(trial.number, 'note', 'warm');
  assert.equal(study.report(trial.number, 1, { loss: 3 }), false);
  const done = study.tell(trial.number, { metrics: { loss: 1.5, latency_ms: 4 } });
  assert.equal(done.state, 'complete');
  assert.deepEqual(done.values, [1.5]);
  assert.deepEqual(done.metrics, { loss: 1.5, latency_ms: 4 });
  assert.deepEqual(done.intermediate, { 1: 3 });
  assert.deepEqual(done.userAttrs, { note: 'warm' });
  assert.throws(() => study.tell(trial.number, { metrics: { loss: 0 } }), { code: 'conflict', message: /immutable/ });
});

test('a missing or non-finite objective metric fails the trial with the reason', () => {
  const study = makeStudy();
  const a = study.tell(study.ask().number, { metrics: { accuracy: 0.9 } });
  assert.equal(a.state, 'failed');
  assert.match(a.error!, /objective metric "loss" is missing from the reported metrics \{accuracy\}/);
  const b = study.tell(study.ask().number, { metrics: { loss: Number.NaN } });
  assert.equal(b.state, 'failed');
  assert.match(b.error!, /"loss" is NaN/);
  assert.equal(study.bestTrial(), null);
});

test('constraints: violations are stored and an infeasible trial is never best', () => {
  const study = makeStudy({ constraints: [{ metric: 'latency_ms', op: '<=', value: 5 }, { metric: 'mem', op: '<', value: 100 }] });
  const fast = study.tell(study.ask().number, { metrics: { loss: 2, latency_ms: 5, mem: 50 } });
  const slow = study.tell(study.ask().number, { metrics: { loss: 1, latency_ms: 9, mem: 100 } });
  assert.deepEqual(fast.constraintViolations, [0, 0]);
  assert.equal(slow.constraintViolations![0], 4);
  assert.ok(slow.constraintViolations![1]! > 0);
  assert.equal(study.bestTrial()!.number, fast.number);
  assert.deepEqual(study.paretoFront().map((t) => t.number), [fast.number]);
});

test('several objectives: the Pareto front holds exactly the non-dominated feasible trials', () => {
  const study = makeStudy({ objectives: [{ metric: 'loss', direction: 'minimize' }, { metric: 'acc', direction: 'maximize' }] });
  const points = [[1, 0.5], [2, 0.9], [1.5, 0.4], [0.5, 0.2], [2, 0.8]];
  for (const [loss, acc] of points) study.tell(study.ask().number, { metrics: { loss: loss!, acc: acc! } });
  assert.deepEqual(study.paretoFront().map((t) => t.number), [0, 1, 3]);
  assert.equal(study.bestTrial()!.number, 3);
});

test('enqueued configurations are evaluated first, completed by sampling, and validated', () => {
  const study = makeStudy();
  study.enqueue({ x: 2.5 });
  study.enqueue({ x: 7, opt: 'b' });
  const first = study.ask();
  assert.equal(first.number, 0);
  assert.equal(first.params.x, 2.5);
  assert.ok(['a', 'b'].includes(first.params.opt as string));
  assert.deepEqual(study.ask().params, { x: 7, opt: 'b' });
  assert.equal(study.ask().number, 2);
  assert.throws(() => study.enqueue({ x: 11 }), { code: 'invalid_argument', message: /enqueued value 11 for "x" is outside its distribution/ });
  assert.throws(() => study.enqueue({ y: 1 }), { message: /"y" is not in the search space \(x, opt\)/ });
});

test('pruned trials keep their intermediate values; prune requests stop a trial at its next report', () => {
  const study = makeStudy({ pruner: { kind: 'median' } });
  const trial = study.ask();
  study.requestPrune(trial.number, 'rule latency-guard fired');
  assert.equal(study.report(trial.number, 1, { loss: 5 }), true);
  const pruned = study.tell(trial.number, { state: 'pruned' });
  assert.equal(pruned.state, 'pruned');
  assert.equal(pruned.error, 'rule latency-guard fired');
  assert.deepEqual(pruned.intermediate, { 1: 5 });
});

test('the same seed gives the same TPE study', () => {
  const run = () => {
    const study = makeStudy({}, 'tpe');
    for (let i = 0; i < 25; i++) {
      const t = study.ask();
      study.tell(t.number, { metrics: { loss: ((t.params.x as number) - 3) ** 2 + (t.params.opt === 'a' ? 0 : 1) } });
    }
    return study.trials().map((t) => t.params);
  };
  assert.deepEqual(run(), run());
});

test('optimize runs an in-process objective to the budget; throwing fails a trial and the study goes on', async () => {
  const { optimize } = await import('../../../tools/optimizer/optimize.ts');
  const { systemClock } = await import('../../../tools/common/clock.ts');
  const storage = new InMemoryStorage();
  storage.createStudy({
    id: 'o', name: 'o', sessionId: null, status: 'running', createdAt: 0, updatedAt: 0,
    spec: { space: { x: { type: 'float', low: -3, high: 3 } }, objectives: [{ metric: 'loss', direction: 'minimize' }], target: { kind: 'function' } },
  });
  const study = new Study({ storage, record: storage.getStudy('o')!, sampler: createSampler('tpe', { seed: 1 }), clock: systemClock });
  let calls = 0;
  const outcome = await optimize(study, (params) => {
    if (++calls === 3) throw new Error('diverged');
    return ((params.x as number) - 1) ** 2;
  }, { trials: 30 });
  assert.equal(outcome, 'complete');
  assert.equal(study.trials().length, 30);
  assert.equal(study.trials(['failed']).length, 1);
  assert.match(study.trials(['failed'])[0]!.error!, /diverged/);
  assert.ok(study.bestTrial()!.values![0]! < 0.1);
});
