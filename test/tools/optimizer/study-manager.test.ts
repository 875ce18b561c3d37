import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../../tools/common/clock.ts';
import { openDatabase } from '../../../db/open.ts';
import { SqliteStudyStorage } from '../../../db/study-storage.ts';
import { StudyManager } from '../../../tools/optimizer/study-manager.ts';
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
