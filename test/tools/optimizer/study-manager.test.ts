import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../../tools/common/clock.ts';
import { openDatabase } from '../../../db/open.ts';
import { SqliteStudyStorage } from '../../../db/study-storage.ts';
import { StudyManager } from '../../../tools/optimizer/study-manager.ts';
import { createBuiltinTarget } from '../../../tools/optimizer/targets/builtin.ts';
import { registerTargetKind } from '../../../tools/optimizer/targets/index.ts';
import type { StudyEvent, StudySpec } from '../../../tools/optimizer/types.ts';

const branin = (overrides: Partial<StudySpec> = {}): StudySpec => ({
  space: { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } },
  objectives: [{ metric: 'value', direction: 'minimize' }],
  target: { kind: 'builtin', problem: 'branin' },
  sampler: 'tpe',
  budget: { trials: 25, parallel: 3 },
  seed: 1,
  ...overrides,
});

function manager() {
  const storage = new SqliteStudyStorage(openDatabase(':memory:'));
  return { storage, studies: new StudyManager({ storage, clock: systemClock }) };
}

test('start runs a study in the background to its budget; status, best and events agree', async () => {
  const { studies } = manager();
  const events: StudyEvent[] = [];
  studies.on((e) => events.push(e));
  const record = await studies.start(branin(), { sessionId: 'sess-1' });
  assert.equal(record.status, 'running');
  assert.equal(record.spec.retries!.max, 0);
  const progress: number[] = [];
  const final = await studies.wait(record.id, { onProgress: (s) => progress.push(s.trials.complete) });
  assert.equal(final.status, 'complete');
  assert.equal(final.trials.complete, 25);
  assert.equal(final.trials.total, 25);
  assert.ok(progress.length >= 20, `progress snapshots: ${progress.length}`);
  assert.ok(final.best && final.best.values![0]! < 10);
  const values = studies.trials(record.id).map((t) => t.values![0]!);
  assert.equal(final.best!.values![0], Math.min(...values));
  assert.equal(events.filter((e) => e.type === 'trial-end').length, 25);
  assert.equal(events[0]!.type, 'study-start');
  assert.equal(events.at(-1)!.type, 'study-end');
  assert.equal(studies.latestForSession('sess-1')!.id, record.id);
  assert.deepEqual(studies.best(record.id).best, final.best);
});

test('invalid specs are rejected before anything is stored, naming the problem', async () => {
  const { studies } = manager();
  await assert.rejects(studies.start(branin({ space: { depth: { type: 'int', low: 10, high: 3 } } })), {
    code: 'invalid_argument',
    message: '`low <= high` must hold for depth, got low=10, high=3',
  });
  await assert.rejects(studies.start(branin({ sampler: 'nope' })), { code: 'invalid_argument', message: /unknown sampler "nope"/ });
  await assert.rejects(studies.start(branin({ target: { kind: 'command', command: 'python3 x.py' } as never })), { code: 'invalid_argument', message: /argv/ });
  assert.equal(studies.list().length, 0);
  assert.throws(() => studies.status('st_missing'), { code: 'not_found' });
});

test('after a crash, running trials become failed with the reason, are retried, and the study resumes to its budget', async () => {
  const db = openDatabase(':memory:');
  const storage = new SqliteStudyStorage(db);
  // What a dead process left behind: a running study with one running trial.
  const spec = branin({ budget: { trials: 6, parallel: 1 }, retries: { max: 1, backoff_ms: 0 }, sampler: 'random' });
  storage.createStudy({ id: 'st_crashed', name: 'crashed', sessionId: null, spec, status: 'running', createdAt: 1, updatedAt: 1 });
  storage.createTrial('st_crashed', { state: 'running', params: { x0: 1, x1: 2 }, distributions: {}, createdAt: 1 });
  storage.createStudy({ id: 'st_stopping', name: 'stopping', sessionId: null, spec, status: 'stopping', createdAt: 1, updatedAt: 1 });

  const studies = new StudyManager({ storage, clock: systemClock });
  assert.deepEqual(await studies.resumeInterrupted(), ['st_crashed']);
  const final = await studies.wait('st_crashed');
  assert.equal(final.status, 'complete');
  const trials = studies.trials('st_crashed');
  assert.equal(trials[0]!.state, 'failed');
  assert.match(trials[0]!.error!, /interrupted: the process running this trial exited/);
  const retry = trials.find((t) => t.systemAttrs.retry_of === 0)!;
  assert.deepEqual(retry.params, { x0: 1, x1: 2 });
  assert.equal(retry.attempt, 2);
  assert.equal(retry.state, 'complete');
  assert.equal(trials.filter((t) => t.systemAttrs.retry_of === undefined).length, 6);
  assert.equal(studies.get('st_stopping')!.status, 'stopped');
});

test('pruneTrial stops one running trial as pruned; stop is prompt', async () => {
  const { studies } = manager();
  const dir = (await import('node:url')).fileURLToPath(new URL('./fixtures/objective.mjs', import.meta.url));
  const record = await studies.start(branin({
    space: { x: { type: 'float', low: 0, high: 4 }, mode: { type: 'choice', choices: ['hang'] } },
    target: { kind: 'command', command: [process.execPath, dir], timeout_s: 30 },
    sampler: 'random', budget: { trials: 10, parallel: 2 },
  }));
  while (studies.status(record.id).trials.running < 2) await new Promise((r) => setTimeout(r, 20));
  assert.equal(studies.pruneTrial(record.id, 0, 'latency rule fired'), true);
  assert.equal(studies.pruneTrial(record.id, 99, 'no such trial'), false);
  while (studies.trials(record.id)[0]!.state === 'running') await new Promise((r) => setTimeout(r, 20));
  const pruned = studies.trials(record.id)[0]!;
  assert.equal(pruned.state, 'pruned');
  assert.match(pruned.error!, /latency rule fired/);
  const started = Date.now();
  const stopped = await studies.stop(record.id);
  assert.ok(Date.now() - started < 5000);
  assert.equal(stopped.status, 'stopped');
  assert.equal(stopped.trials.running, 0);
});

test('extend: a finished study runs more trials in the same study, keeping its history', async () => {
  const { studies } = manager();
  const events: StudyEvent[] = [];
  studies.on((e) => events.push(e));
  const record = await studies.start(branin({ budget: { trials: 12, parallel: 1 } }));
  const first = await studies.wait(record.id);
  assert.equal(first.trials.complete, 12);
  const before = studies.trials(record.id).map((t) => ({ number: t.number, params: t.params, values: t.values }));
  const extended = await studies.extend(record.id, { trials: 6 });
  assert.equal(extended.spec.budget!.trials, 18);
  assert.equal(extended.status, 'running');
  const final = await studies.wait(record.id);
  assert.equal(final.status, 'complete');
  assert.equal(final.trials.complete, 18);
  assert.equal(final.trials.budget, 18);
  const after = studies.trials(record.id);
  assert.deepEqual(after.map((t) => t.number), Array.from({ length: 18 }, (_, i) => i));
  assert.deepEqual(after.slice(0, 12).map((t) => ({ number: t.number, params: t.params, values: t.values })), before);
  assert.ok(final.best!.values![0]! <= first.best!.values![0]!);
  assert.equal(events.filter((e) => e.type === 'study-start').length, 2);
  assert.equal(events.filter((e) => e.type === 'study-end').length, 2);
});

test('extend: a stopped study resumes for the added trials; a running one just gets the larger budget', async () => {
  const { studies } = manager();
  const stoppedRecord = await studies.start(branin({ budget: { trials: 500, parallel: 1 }, sampler: 'random' }));
  const stopped = await studies.stop(stoppedRecord.id);
  assert.equal(stopped.status, 'stopped');
  const used = stopped.trials.complete + stopped.trials.failed + stopped.trials.pruned;
  await studies.extend(stoppedRecord.id, { trials: 4 });
  const resumed = await studies.wait(stoppedRecord.id);
  assert.equal(resumed.status, 'complete');
  assert.equal(resumed.trials.complete + resumed.trials.failed, used + 4);

  const objective = (await import('node:url')).fileURLToPath(new URL('./fixtures/objective.mjs', import.meta.url));
  const running = await studies.start(branin({
    space: { x: { type: 'float', low: 0, high: 4 }, mode: { type: 'choice', choices: ['steps'] } },
    objectives: [{ metric: 'value', direction: 'minimize' }],
    target: { kind: 'command', command: [process.execPath, objective], timeout_s: 30 },
    sampler: 'random', budget: { trials: 2, parallel: 1 },
  }));
  const raised = await studies.extend(running.id, { trials: 2 });
  assert.equal(raised.spec.budget!.trials, 4);
  const done = await studies.wait(running.id);
  assert.equal(done.status, 'complete');
  assert.equal(done.trials.complete, 4);
});

test('extend: bad requests name the problem and change nothing', async () => {
  const { studies } = manager();
  await assert.rejects(studies.extend('st_missing', { trials: 5 }), { code: 'not_found' });
  const record = await studies.start(branin({ budget: { trials: 3, parallel: 1 } }));
  await studies.wait(record.id);
  await assert.rejects(studies.extend(record.id, { trials: 0 }), { code: 'invalid_argument', message: 'trials must be an integer from 1 to 10000, got 0' });
  await assert.rejects(studies.extend(record.id, { trials: 2, timeLimitS: -1 }), { code: 'invalid_argument', message: /time_limit_s must be positive, got -1/ });
  assert.equal(studies.get(record.id)!.spec.budget!.trials, 3);
  assert.equal(studies.get(record.id)!.status, 'complete');
});

test('a shutdown suspends running studies: the trial in flight fails with the reason, the study stays running and the next start resumes it to its budget', async () => {
  registerTargetKind('gated-builtin', () => {
    const inner = createBuiltinTarget({ kind: 'builtin', problem: 'branin' });
    return {
      kind: 'gated-builtin',
      async evaluate(params, context) {
        // Trial 2 hangs until aborted: the shutdown finds it in flight.
        if (context.trialNumber === 2) await new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason), { once: true }));
        return inner.evaluate(params, context);
      },
    };
  });
  const storage = new SqliteStudyStorage(openDatabase(':memory:'));
  const first = new StudyManager({ storage, clock: systemClock });
  const record = await first.start(branin({ target: { kind: 'gated-builtin' }, budget: { trials: 5, parallel: 1 }, sampler: 'random' }));
  while (!storage.getTrials(record.id, ['running']).some((t) => t.number === 2)) await new Promise((r) => setTimeout(r, 5));
  await first.close();
  assert.equal(storage.getStudy(record.id)!.status, 'running', 'suspended, not stopped');
  const interrupted = storage.getTrials(record.id).find((t) => t.number === 2)!;
  assert.equal(interrupted.state, 'failed');
  assert.match(interrupted.error!, /^interrupted: the server shut down/);

  const second = new StudyManager({ storage, clock: systemClock });
  assert.deepEqual(await second.resumeInterrupted(), [record.id]);
  const final = await second.wait(record.id);
  assert.equal(final.status, 'complete');
  assert.deepEqual(storage.getTrials(record.id).map((t) => `${t.number}:${t.state}`), ['0:complete', '1:complete', '2:failed', '3:complete', '4:complete'], 'it goes on after the interrupted trial, which counts toward the budget like a crashed one');
  assert.match(second.statusNote(record.id).reason ?? '', /resumed after a server restart/);

  // A study the user was stopping when the server shut down ends stopped.
  const third = await second.start(branin({ target: { kind: 'gated-builtin' }, budget: { trials: 5, parallel: 1 }, sampler: 'random' }));
  while (!storage.getTrials(third.id, ['running']).some((t) => t.number === 2)) await new Promise((r) => setTimeout(r, 5));
  await second.stop(third.id);
  await second.close();
  assert.equal(storage.getStudy(third.id)!.status, 'stopped');
});
