/**
 * The contract every `StudyStorage` passes (like Optuna's `optuna/testing/pytest_storages.py`):
 * dense trial numbers, waiting → running claims, immutable finished trials, attrs and intermediate values,
 * study listing and status. Run it with a factory giving a fresh, empty storage.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StudyStorage } from '../../tools/optimizer/storage.ts';
import type { StudyRecord } from '../../tools/optimizer/types.ts';

export function studyRecord(id: string, overrides: Partial<StudyRecord> = {}): StudyRecord {
  return {
    id,
    name: `study ${id}`,
    sessionId: null,
    spec: { space: { x: { type: 'float', low: 0, high: 1 } }, objectives: [{ metric: 'value', direction: 'minimize' }], target: { kind: 'builtin', problem: 'branin' } },
    status: 'created',
    createdAt: 1000,
    updatedAt: 1000,
    ...overrides,
  };
}

export function storageContract(name: string, make: () => StudyStorage): void {
  describe(`storage contract: ${name}`, () => {
    test('studies are created, listed newest first, updated and deleted', () => {
      const storage = make();
      storage.createStudy(studyRecord('a', { createdAt: 1 }));
      storage.createStudy(studyRecord('b', { createdAt: 2, sessionId: 'sess' }));
      assert.deepEqual(storage.listStudies().map((s) => s.id), ['b', 'a']);
      assert.equal(storage.getStudy('b')!.sessionId, 'sess');
      assert.deepEqual(storage.getStudy('a')!.spec.objectives, [{ metric: 'value', direction: 'minimize' }]);
      assert.throws(() => storage.createStudy(studyRecord('a')), { name: 'ToolError', code: 'conflict' });
      storage.setStudyStatus('a', 'running', 5);
      assert.equal(storage.getStudy('a')!.status, 'running');
      assert.equal(storage.getStudy('a')!.updatedAt, 5);
      const spec = storage.getStudy('a')!.spec;
      storage.setStudySpec('a', { ...spec, budget: { ...spec.budget, trials: 70 } }, 6);
      assert.equal(storage.getStudy('a')!.spec.budget!.trials, 70);
      assert.deepEqual(storage.getStudy('a')!.spec.objectives, spec.objectives);
      assert.equal(storage.getStudy('a')!.updatedAt, 6);
      assert.throws(() => storage.setStudySpec('missing', spec, 7), { name: 'ToolError', code: 'not_found' });
      storage.deleteStudy('a');
      assert.equal(storage.getStudy('a'), null);
      assert.equal(storage.getStudy('missing'), null);
    });

    test('trial numbers are dense per study and trials come back in order', () => {
      const storage = make();
      storage.createStudy(studyRecord('a'));
      storage.createStudy(studyRecord('b'));
      const numbers = [0, 1, 2].map(() => storage.createTrial('a', { state: 'running', createdAt: 10 }).number);
      assert.deepEqual(numbers, [0, 1, 2]);
      assert.equal(storage.createTrial('b', { state: 'running', createdAt: 10 }).number, 0);
      const trial = storage.getTrial('a', 1)!;
      assert.equal(trial.state, 'running');
      assert.equal(trial.startedAt, 10);
      assert.equal(trial.attempt, 1);
      assert.deepEqual(storage.getTrials('a').map((t) => t.number), [0, 1, 2]);
      assert.throws(() => storage.createTrial('zzz', { state: 'running', createdAt: 0 }), { code: 'not_found' });
    });

    test('waiting trials are claimed oldest first, once', () => {
      const storage = make();
      storage.createStudy(studyRecord('a'));
      storage.createTrial('a', { state: 'running', createdAt: 1 });
      storage.createTrial('a', { state: 'waiting', params: { x: 0.5 }, createdAt: 2, attempt: 2, systemAttrs: { retry_of: 0 } });
      storage.createTrial('a', { state: 'waiting', params: { x: 0.7 }, createdAt: 3 });
      const first = storage.claimWaitingTrial('a', 50)!;
      assert.equal(first.number, 1);
      assert.equal(first.state, 'running');
      assert.equal(first.startedAt, 50);
      assert.equal(first.attempt, 2);
      assert.deepEqual(first.params, { x: 0.5 });
      assert.deepEqual(first.systemAttrs, { retry_of: 0 });
      assert.equal(storage.claimWaitingTrial('a', 51)!.number, 2);
      assert.equal(storage.claimWaitingTrial('a', 52), null);
    });

    test('updates, attributes and intermediate values round-trip; finished trials are immutable', () => {
      const storage = make();
      storage.createStudy(studyRecord('a'));
      storage.createTrial('a', { state: 'running', createdAt: 1, userAttrs: { note: 'first' } });
      storage.updateTrial('a', 0, { params: { x: 0.25, opt: 'adam' }, distributions: { x: { type: 'float', low: 0, high: 1, log: false, step: null, q: null } } });
      storage.setIntermediateValue('a', 0, 1, 0.9);
      storage.setIntermediateValue('a', 0, 2, 0.7);
      storage.setIntermediateValue('a', 0, 2, 0.6);
      storage.setTrialUserAttr('a', 0, 'tags', ['x', 1]);
      storage.setTrialSystemAttr('a', 0, 'grid_id', 3);
      const done = storage.updateTrial('a', 0, { state: 'complete', values: [0.5], metrics: { value: 0.5, latency_ms: 3 }, constraintViolations: [0], completedAt: 9 });
      assert.equal(done.state, 'complete');
      assert.deepEqual(done.values, [0.5]);
      assert.deepEqual(done.metrics, { value: 0.5, latency_ms: 3 });
      assert.deepEqual(done.constraintViolations, [0]);
      assert.deepEqual(done.params, { x: 0.25, opt: 'adam' });
      assert.equal(done.distributions.x!.type, 'float');
      assert.deepEqual(done.intermediate, { 1: 0.9, 2: 0.6 });
      assert.deepEqual(done.userAttrs, { note: 'first', tags: ['x', 1] });
      assert.deepEqual(done.systemAttrs, { grid_id: 3 });
      assert.equal(done.completedAt, 9);
      assert.throws(() => storage.updateTrial('a', 0, { state: 'failed' }), { name: 'ToolError', code: 'conflict', message: /immutable/ });
      assert.throws(() => storage.setIntermediateValue('a', 0, 3, 1), { code: 'conflict' });
      assert.throws(() => storage.setTrialUserAttr('a', 0, 'k', 1), { code: 'conflict' });
      assert.throws(() => storage.updateTrial('a', 5, { state: 'failed' }), { code: 'not_found' });
      assert.deepEqual(storage.getTrial('a', 0), done);
    });

    test('state filters and failure reasons', () => {
      const storage = make();
      storage.createStudy(studyRecord('a'));
      for (let i = 0; i < 5; i++) storage.createTrial('a', { state: 'running', createdAt: i });
      storage.updateTrial('a', 0, { state: 'complete', values: [1], metrics: { value: 1 }, completedAt: 5 });
      storage.updateTrial('a', 2, { state: 'failed', error: 'exit code 1: boom', completedAt: 5 });
      storage.updateTrial('a', 3, { state: 'pruned', completedAt: 5 });
      assert.deepEqual(storage.getTrials('a', ['running']).map((t) => t.number), [1, 4]);
      assert.deepEqual(storage.getTrials('a', ['complete', 'pruned']).map((t) => t.number), [0, 3]);
      assert.equal(storage.getTrial('a', 2)!.error, 'exit code 1: boom');
      storage.updateTrial('a', 1, { state: 'complete', values: [0], metrics: { value: 0 }, completedAt: 6 });
      assert.deepEqual(storage.getTrials('a', ['complete']).map((t) => t.number), [0, 1]);
      assert.equal(storage.getTrials('a').length, 5);
    });

    test('transaction runs the function and returns its result', () => {
      const storage = make();
      storage.createStudy(studyRecord('a'));
      const trial = storage.transaction(() => {
        const created = storage.createTrial('a', { state: 'running', createdAt: 1 });
        return storage.updateTrial('a', created.number, { params: { x: 0.5 } });
      });
      assert.deepEqual(trial.params, { x: 0.5 });
      assert.deepEqual(storage.getTrial('a', 0)!.params, { x: 0.5 });
    });
  });
}
