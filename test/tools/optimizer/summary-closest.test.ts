import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeStudy } from '../../../tools/optimizer/summary.ts';
import type { StudyRecord, Trial } from '../../../tools/optimizer/types.ts';

const record: StudyRecord = {
  id: 'st_abc123', name: 'distill study', sessionId: null, status: 'running', createdAt: 0, updatedAt: 0,
  spec: {
    space: {}, target: { kind: 'builtin', problem: 'sphere' },
    objectives: [{ metric: 'accuracy', direction: 'maximize' }],
    constraints: [{ metric: 'size_kb', op: '<', value: 50 }, { metric: 'accuracy', op: '>=', value: 0.97 }],
  },
};

function trial(number: number, accuracy: number, size: number, violations: number[]): Trial {
  return {
    id: `t${number}`, studyId: record.id, number, state: 'complete', params: { width: number }, distributions: {}, values: [accuracy],
    metrics: { accuracy, size_kb: size }, intermediate: {}, constraintViolations: violations, userAttrs: {}, systemAttrs: {}, attempt: 1,
    error: null, createdAt: 0, startedAt: 0, completedAt: number + 1,
  } as Trial;
}

test('no feasible trial: the summary carries the constraints and the trial that misses them by the least, relative to each bound', () => {
  const trials = [trial(0, 0.668, 40.97, [0, 0.302]), trial(1, 0.859, 60.75, [10.75, 0.111]), trial(2, 0.853, 26.93, [0, 0.117])];
  const summary = summarizeStudy(record, trials, 1000);
  assert.equal(summary.best, null);
  assert.deepEqual(summary.constraints, record.spec.constraints);
  // Trial 1 misses the size by 21.5% of its bound and the accuracy by 11.4%; trial 2 only the accuracy, by 12.1%.
  assert.equal(summary.closest?.number, 2);
});

test('with a feasible trial there is a best and no closest', () => {
  const summary = summarizeStudy(record, [trial(0, 0.98, 40, [0, 0]), trial(1, 0.5, 30, [0, 0.47])], 1000);
  assert.equal(summary.best?.number, 0);
  assert.equal(summary.closest, undefined);
});
