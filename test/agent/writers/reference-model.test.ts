import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeStudySummary } from '../../../server/agent/offline-model/writers/study-summary.ts';
import { readStudyView } from '../../../server/agent/offline-model/writers/study-view.ts';

/** A finished distillation study as the optimizer summarizes it: one objective, the size and the teacher as metrics. */
const distilled = (objectives: Array<{ metric: string; direction: string }>, best: Record<string, unknown>) =>
  readStudyView({ study_id: 'st_abcd12', status: 'complete', target: 'distill', objectives, trials: { total: 12, complete: 12 }, best, pareto_front: objectives.length > 1 ? [best] : undefined });

const trial = {
  number: 7,
  params: { width: 0.5, depth: 2 },
  values: [0.974],
  metrics: { accuracy: 0.974, size_kb: 41.2, latency_p99_ms: 0.8, teacher_accuracy: 0.991, teacher_size_kb: 412, teacher_latency_p99_ms: 3.1 },
};

test('the best student is reported with its size and latency, and the teacher\'s numbers as a comparison, not as its own', () => {
  const text = writeStudySummary(distilled([{ metric: 'accuracy', direction: 'maximize' }], trial));
  assert.match(text, /Best accuracy = 0\.974/);
  assert.match(text, /It also measured size_kb 41\.2, latency_p99_ms 0\.8 ms\./);
  assert.match(text, /For comparison, the teacher measured accuracy 0\.991, size_kb 412, latency_p99_ms 3\.1 ms\./);
  assert.doesNotMatch(text, /measured[^.]*teacher_accuracy/);
});

test('a multi-objective recommendation also names the other measurements and the teacher', () => {
  const text = writeStudySummary(distilled([{ metric: 'accuracy', direction: 'maximize' }, { metric: 'latency_p99_ms', direction: 'minimize' }], { ...trial, values: [0.974, 0.8] }));
  assert.match(text, /\*\*Recommended: trial #7\*\*/);
  assert.match(text, /It also measured size_kb 41\.2\./);
  assert.match(text, /the teacher measured accuracy 0\.991/);
});

test('no reference metrics: no comparison sentence', () => {
  const { teacher_accuracy: _a, teacher_size_kb: _s, teacher_latency_p99_ms: _l, ...metrics } = trial.metrics;
  const text = writeStudySummary(distilled([{ metric: 'accuracy', direction: 'maximize' }], { ...trial, metrics }));
  assert.doesNotMatch(text, /For comparison/);
});
