import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeStatus } from '../../../server/agent/offline-model/writers/study-follow-up.ts';
import { writeStudySummary } from '../../../server/agent/offline-model/writers/study-summary.ts';
import { readStudyView } from '../../../server/agent/offline-model/writers/study-view.ts';

const constraints = [{ metric: 'size_kb', op: '<', value: 50 }, { metric: 'accuracy', op: '>=', value: 0.97 }];
const trial = (number: number, accuracy: number, size: number) => ({ number, params: { width: number / 10 }, values: [accuracy], metrics: { accuracy, size_kb: size } });
const output = {
  study_id: 'st_x1y2z3', status: 'running', target: 'distill', objectives: [{ metric: 'accuracy', direction: 'maximize' }], constraints,
  trials: { total: 14, budget: 20, complete: 13, running: 1 },
  // The optimizer's summary names the closest trial (tools/optimizer/summary.ts).
  closest: trial(11, 0.853, 26.93),
};

test('completed trials that all miss a constraint are not "no trial has completed": the closest one is named', () => {
  const text = writeStatus(output, {});
  assert.doesNotMatch(text, /No trial has completed/);
  assert.match(text, /13 trials completed, but none meets the constraints \(size_kb < 50, accuracy >= 0\.97\) yet\./);
  // Trial 11 misses only the accuracy floor, by the least (0.117 of 0.97); trial 10 misses both.
  assert.match(text, /Closest: trial #11 .* which misses accuracy >= 0\.97 \(it measured 0\.853\)\./);
});

test('the final summary says the same when the study ends with no feasible trial', () => {
  const text = writeStudySummary(readStudyView({ ...output, status: 'complete' }));
  assert.match(text, /none meets the constraints/);
});

test('no trial completed at all: the plain sentence stays', () => {
  const text = writeStatus({ ...output, trials: { total: 1, budget: 20, running: 1 }, closest: undefined }, {});
  assert.match(text, /No trial has completed yet\./);
});
