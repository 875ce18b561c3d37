import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../../tools/common/clock.ts';
import { openDatabase } from '../../../db/open.ts';
import { SqliteStudyStorage } from '../../../db/study-storage.ts';
import { paretoSummary } from '../../../tools/optimizer/analysis/pareto-summary.ts';
import { StudyManager } from '../../../tools/optimizer/study-manager.ts';
import { IMPORTANCE_SAMPLE, studyImportance, studyView, trialView } from '../../../tools/optimizer/study-view.ts';
import type { StudySpec } from '../../../tools/optimizer/types.ts';

const space = { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } };

function manager() {
  const storage = new SqliteStudyStorage(openDatabase(':memory:'));
  return { storage, studies: new StudyManager({ storage, clock: systemClock }) };
}

test('studyView of a finished single-objective study: counts, best, target name, no Pareto data', async () => {
  const { studies } = manager();
  const spec: StudySpec = { space, objectives: [{ metric: 'value', direction: 'minimize' }], target: { kind: 'builtin', problem: 'branin' }, sampler: 'random', budget: { trials: 12 }, seed: 3 };
  const record = await studies.start(spec, { sessionId: 'sess-1' });
  await studies.wait(record.id);
  const view = studyView(studies, record.id);
  assert.equal(view.id, record.id);
  assert.equal(view.sessionId, 'sess-1');
  assert.equal(view.target, 'branin');
  assert.equal(view.status, 'complete');
  assert.equal(view.statusReason, null);
  assert.equal(view.resumable, false);
  assert.deepEqual(view.trials, { budget: 12, done: 12, complete: 12, pruned: 0, failed: 0, running: 0 });
  const values = studies.trials(record.id).map((t) => t.values![0]!);
  assert.equal(view.best!.values[0], Math.min(...values));
  assert.deepEqual(view.pareto, []);
  assert.equal(view.recommended, null);
  assert.ok(view.updatedAt >= view.createdAt);
  assert.throws(() => studyView(studies, 'st_missing'), { code: 'not_found' });
});

test('studyView of a two-objective study: the Pareto front and the knee match pareto-summary', async () => {
  const { studies } = manager();
  const spec: StudySpec = {
    space: Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`x${i}`, { type: 'float', low: 0, high: 1 }])),
    objectives: [{ metric: 'f1', direction: 'minimize' }, { metric: 'f2', direction: 'minimize' }],
    target: { kind: 'builtin', problem: 'zdt1' }, targetName: 'zdt1 (registered)', sampler: 'random', budget: { trials: 40 }, seed: 5,
  };
  const record = await studies.start(spec);
  await studies.wait(record.id);
  const view = studyView(studies, record.id);
  const summary = paretoSummary(studies.trials(record.id), ['minimize', 'minimize']);
  assert.equal(view.target, 'zdt1 (registered)');
  assert.equal(view.name, 'zdt1 (registered) study', 'a study without a name is named for its target');
  assert.equal(view.best, null);
  assert.deepEqual(view.pareto, summary.front.map((p) => p.trial));
  assert.equal(view.recommended, summary.knee);
  assert.ok(view.pareto.length >= 2);
});

test('trialView: values only when complete, intermediate as sorted pairs, feasibility only with constraints', () => {
  const base = {
    id: 't', studyId: 's', number: 4, params: { x: 1 }, distributions: {}, metrics: {}, userAttrs: {}, systemAttrs: {}, attempt: 1, createdAt: 1,
  };
  const complete = trialView({ ...base, state: 'complete', values: [2], intermediate: { 10: 0.5, 2: 0.9 }, constraintViolations: [0.3], error: null, startedAt: 5, completedAt: 9 });
  assert.deepEqual(complete, { number: 4, state: 'complete', values: [2], params: { x: 1 }, intermediate: [[2, 0.9], [10, 0.5]], startedAt: 5, finishedAt: 9, feasible: false });
  const failed = trialView({ ...base, state: 'failed', values: [2], intermediate: {}, constraintViolations: null, error: 'x'.repeat(5000), startedAt: 5, completedAt: null });
  assert.equal(failed.values, null);
  assert.equal('feasible' in failed, false);
  assert.equal(failed.error!.length, 2001);
});

test('studyImportance: empty below the minimum trial count, one normalized map per objective above it', async () => {
  const { studies } = manager();
  const spec: StudySpec = { space, objectives: [{ metric: 'value', direction: 'minimize' }], target: { kind: 'builtin', problem: 'branin' }, sampler: 'random', budget: { trials: 3 }, seed: 2 };
  const record = await studies.start(spec);
  await studies.wait(record.id);
  assert.deepEqual(studyImportance(studies, record.id), { studyId: record.id, objectives: [{ metric: 'value', importances: {} }], trialsUsed: 3 });
  await studies.extend(record.id, { trials: 20 });
  await studies.wait(record.id);
  const importance = studyImportance(studies, record.id);
  assert.equal(importance.trialsUsed, 23);
  const weights = importance.objectives[0]!.importances;
  assert.deepEqual(Object.keys(weights).sort(), ['x0', 'x1']);
  assert.ok(Math.abs(Object.values(weights).reduce((a, b) => a + b, 0) - 1) < 1e-9);
  assert.throws(() => studyImportance(studies, 'st_missing'), { code: 'not_found' });
});

test('studyImportance of a large study: a bounded, evenly spread sample of trials, cached until a trial completes', async () => {
  const { studies } = manager();
  const spec: StudySpec = { space, objectives: [{ metric: 'value', direction: 'minimize' }], target: { kind: 'builtin', problem: 'branin' }, sampler: 'random', budget: { trials: IMPORTANCE_SAMPLE + 50, parallel: 8 }, seed: 5 };
  const record = await studies.start(spec);
  await studies.wait(record.id);
  const first = studyImportance(studies, record.id);
  assert.equal(first.trialsUsed, IMPORTANCE_SAMPLE);
  assert.ok((first.objectives[0]!.importances.x0 ?? 0) > 0 && (first.objectives[0]!.importances.x1 ?? 0) > 0);
  assert.equal(studyImportance(studies, record.id), first, 'same study, same complete trials: the cached result');
  await studies.extend(record.id, { trials: 1 });
  await studies.wait(record.id);
  assert.notEqual(studyImportance(studies, record.id), first, 'a new complete trial recomputes');
});

test('an imported study recorded as running shows as interrupted, not resumable, and resume refuses it', async () => {
  const storage = new SqliteStudyStorage(openDatabase(':memory:'));
  const spec: StudySpec = { space: { x: { type: 'float', low: 0, high: 1 } }, objectives: [{ metric: 'value', direction: 'minimize' }], target: { kind: 'command', command: ['python3', 'train.py'] } };
  storage.createStudy({ id: 'st_imported', name: 'imported', sessionId: null, spec, status: 'running', createdAt: 1, updatedAt: 1 });
  const studies = new StudyManager({ storage, clock: systemClock, isImported: (id) => id === 'st_imported' });
  assert.deepEqual(await studies.resumeInterrupted(), []);
  const view = studyView(studies, 'st_imported');
  assert.equal(view.status, 'interrupted');
  assert.equal(view.resumable, false);
  assert.match(view.statusReason!, /imported from a session file while running/);
  assert.equal(view.target, null);
  await assert.rejects(studies.resume('st_imported'), { code: 'forbidden' });
  assert.equal(studies.isRunning('st_imported'), false);
});
