import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../../db/open.ts';
import { SqliteStudyStorage } from '../../db/study-storage.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { StudyManager } from '../../tools/optimizer/study-manager.ts';
import { studyView } from '../../tools/optimizer/study-view.ts';
import { bestText } from '../../web/study-text.ts';
import { study } from './charts-fixtures.ts';

// The study of docs/demo/web-distill.md: maximize accuracy under size and accuracy bounds; no trial met both.
const accuracy = [{ metric: 'accuracy', direction: 'maximize' as const }];
const trials = { budget: 20, done: 20, complete: 20, pruned: 0, failed: 0, running: 0 };

test('a study that ended with no feasible trial: the card says so and shows the closest, never "none yet"', () => {
  const ended = study({ status: 'complete', objectives: accuracy, trials, best: null, closest: { number: 19, values: [0.963] } });
  assert.equal(bestText(ended), 'best accuracy ↑: no trial meets the constraints · closest 0.963 (#19)');
  assert.equal(bestText({ ...ended, status: 'running' }), 'best accuracy ↑: none meets the constraints yet · closest 0.963 (#19)');
  assert.equal(bestText({ ...ended, closest: undefined, trials: { ...trials, complete: 0, failed: 20 } }), 'best accuracy ↑: none (no trial completed)');
  assert.equal(bestText({ ...ended, status: 'running', closest: undefined, trials: { ...trials, done: 0, complete: 0 } }), 'best accuracy ↑: none yet');
  const two = [...accuracy, { metric: 'latency_p99_ms', direction: 'minimize' as const }];
  assert.equal(bestText({ ...ended, objectives: two }), 'Pareto front, 0 trials (accuracy ↑, latency_p99_ms ↓): no trial meets the constraints · closest #19');
});

test('the study view carries the closest trial only while no trial is feasible', async () => {
  const studies = new StudyManager({ storage: new SqliteStudyStorage(openDatabase(':memory:')), clock: systemClock });
  const base = { space: { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } }, objectives: [{ metric: 'value', direction: 'minimize' as const }], target: { kind: 'builtin', problem: 'branin' }, sampler: 'random', budget: { trials: 6 }, seed: 2 };
  const impossible = await studies.start({ ...base, constraints: [{ metric: 'value', op: '<', value: -1 }] });
  await studies.wait(impossible.id);
  const values = studies.trials(impossible.id).map((t) => t.values![0]!);
  const view = studyView(studies, impossible.id);
  assert.equal(view.best, null);
  assert.deepEqual(view.closest!.values, [Math.min(...values)], 'the smallest value misses value < -1 by the least');
  assert.match(bestText(view), /^best value ↓: no trial meets the constraints · closest [\d.]+ \(#\d+\)$/);

  const easy = await studies.start({ ...base, constraints: [{ metric: 'value', op: '<', value: 1e9 }] });
  await studies.wait(easy.id);
  assert.equal(studyView(studies, easy.id).closest, undefined);
});
