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
  assert.match(text, /Closest: \*\*trial #11\*\* .* which misses accuracy >= 0\.97 by 0\.117 \(it measured 0\.853\)\. It also measured size_kb 26\.93\./);
  // Still running: no advice yet.
  assert.doesNotMatch(text, /run 20 more/);
});

test('the final summary says the same when the study ends with no feasible trial, with the teacher and what to do next', () => {
  const closest = { ...trial(11, 0.968, 41.3), metrics: { accuracy: 0.968, size_kb: 41.3, latency_p99_ms: 4.2, teacher_accuracy: 0.978, teacher_size_kb: 69.4 } };
  const text = writeStudySummary(readStudyView({ ...output, status: 'complete', closest }));
  assert.match(text, /13 trials completed, but none meets the constraints \(size_kb < 50, accuracy >= 0\.97\)\. Closest/);
  assert.match(text, /misses accuracy >= 0\.97 by 0\.002 \(it measured 0\.968\)\. It also measured size_kb 41\.3, latency_p99_ms 4\.2 ms\. For comparison, the teacher measured accuracy 0\.978, size_kb 69\.4\./);
  assert.match(text, /To meet every bound, run more trials \(say "run 20 more": the sampler continues from these\) or widen the search space \(say "try again with …"\)\. If accuracy 0\.968 is good enough for you, trial #11 is the one to use\.$/);
  assert.doesNotMatch(text, /by that much/);
});

test('"what\'s the best one?" on such a study (best_trials: no best, the closest) names the closest trial, not "no trial completed"', () => {
  const bestTrials = { study_id: 'st_x1y2z3', status: 'complete', objectives: output.objectives, best: null, pareto: [], trials: { ...output.trials, complete: 14, running: 0 }, constraints, closest: output.closest };
  const text = writeStudySummary(readStudyView(bestTrials), { lead: 'Here are the best results so far.' });
  assert.doesNotMatch(text, /No trial completed/);
  assert.match(text, /14 trials completed, but none meets the constraints .* Closest: \*\*trial #11\*\*/s);
});

test('"is it done?" once it is: the status line, then the result itself with the constraints it meets', () => {
  const best = { ...trial(7, 0.972, 42.1), metrics: { accuracy: 0.972, size_kb: 42.1, latency_p99_ms: 3.9, teacher_accuracy: 0.978 } };
  const text = writeStatus({ ...output, status: 'complete', trials: { total: 20, budget: 20, complete: 20 }, best, closest: undefined }, {});
  assert.match(text, /^Study `st_x1y2z3` on \*\*distill\*\* is \*\*complete\*\*: 20 of 20 trials/);
  assert.doesNotMatch(text, /so far/);
  assert.match(text, /\*\*Best accuracy = 0\.972\*\* \(maximize\) at trial #7/);
  assert.match(text, /It meets every constraint: size_kb < 50 \(42\.1\), accuracy >= 0\.97 \(0\.972\)\. For comparison, the teacher measured accuracy 0\.978\./);
});

test('no trial completed at all: the plain sentence stays', () => {
  const text = writeStatus({ ...output, trials: { total: 1, budget: 20, running: 1 }, closest: undefined }, {});
  assert.match(text, /No trial has completed yet\./);
});

test('a distributed study\'s final answer says where its trials ran and which were retried', () => {
  const best = { number: 32, params: { max_depth: 3 }, values: [0.3153], metrics: { latency_p99_ms: 0.3153, accuracy: 0.9701 } };
  const text = writeStudySummary(readStudyView({
    study_id: 'st_w1', status: 'complete', target: 'xgboost', objectives: [{ metric: 'latency_p99_ms', direction: 'minimize' }],
    trials: { total: 40, budget: 40, complete: 40 }, elapsed_s: 107.4, best,
    workers: { line: '40 trials ran on 2 workers (host-a: 35, host-b: 5), 1 retried (#11)' },
  }));
  assert.match(text, /^Study `st_w1` on \*\*xgboost\*\* \(complete\) ran 40 trials \(40 complete\) in 107\.4 s\. 40 trials ran on 2 workers \(host-a: 35, host-b: 5\), 1 retried \(#11\)\./);
  const local = writeStudySummary(readStudyView({ study_id: 'st_w2', status: 'complete', target: 'xgboost', objectives: [{ metric: 'latency_p99_ms', direction: 'minimize' }], trials: { total: 5, complete: 5 }, best }));
  assert.doesNotMatch(local, /workers?/);
});
