import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../tools/common/clock.ts';
import { openDatabase } from '../../db/open.ts';
import { SqliteStudyStorage } from '../../db/study-storage.ts';
import type { ServerFrame } from '../../server/protocol.ts';
import type { StudyFrame } from '../../server/studies-protocol.ts';
import { ChatConnection } from '../../server/ws/chat-connection.ts';
import { MAX_WATCHED_STUDIES, type Schedule } from '../../server/ws/study-watch.ts';
import type { TurnHub } from '../../server/chat/turn-hub.ts';
import { StudyManager } from '../../tools/optimizer/study-manager.ts';
import { registerTargetKind } from '../../tools/optimizer/targets/index.ts';
import type { StudySpec } from '../../tools/optimizer/types.ts';

/** A target whose trials finish only when the test releases them, one at a time, so events come when the test says. */
const gate: { release: (() => void)[] } = { release: [] };
registerTargetKind('test-gated', () => ({
  kind: 'test-gated',
  evaluate: (params, context) =>
    new Promise((resolve, reject) => {
      gate.release.push(() => resolve({ value: Number(params.x) }));
      context.signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true });
    }),
}));

const spec = (trials: number, kind = 'test-gated'): StudySpec => ({
  space: kind === 'builtin' ? { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } } : { x: { type: 'float', low: 0, high: 1 } },
  objectives: [{ metric: 'value', direction: 'minimize' }],
  target: kind === 'builtin' ? { kind: 'builtin', problem: 'branin' } : { kind },
  sampler: 'random',
  budget: { trials, parallel: 1 },
  seed: 7,
});

/** Timers the test fires by hand: coalescing is deterministic. */
function manualTimers() {
  const pending: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const schedule: Schedule = (fn, ms) => {
    const timer = { fn, ms, cancelled: false };
    pending.push(timer);
    return () => (timer.cancelled = true);
  };
  return {
    schedule,
    /** Live (not cancelled) timers waiting. */
    waiting: () => pending.filter((t) => !t.cancelled),
    fire: () => {
      for (const timer of pending.splice(0)) if (!timer.cancelled) timer.fn();
    },
  };
}

function setup() {
  const studies = new StudyManager({ storage: new SqliteStudyStorage(openDatabase(':memory:')), clock: systemClock });
  const timers = manualTimers();
  const frames: ServerFrame[] = [];
  const connection = new ChatConnection({} as TurnHub, (f) => frames.push(f), { studies, studyWatch: { coalesceMs: 250, schedule: timers.schedule } });
  const studyFrames = () => frames.filter((f): f is StudyFrame => f.type === 'study');
  return { studies, timers, frames, connection, studyFrames };
}

/** Waits (bounded) until `predicate` holds: trial events arrive a few microtasks after a release. */
async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !predicate(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(predicate(), `timed out waiting for ${what}`);
}

test('watch sends the full study at once, then one coalesced frame per delay with only the changed trials', async () => {
  gate.release = [];
  const { studies, timers, connection, studyFrames } = setup();
  const record = await studies.start(spec(3));
  await until(() => gate.release.length === 1, 'trial 0 to start');
  connection.receive(JSON.stringify({ type: 'watch-study', requestId: 'w1', studyId: record.id }));
  assert.equal(studyFrames().length, 1);
  const first = studyFrames()[0]!;
  assert.equal(first.studyId, record.id);
  assert.equal(first.study.status, 'running');
  assert.deepEqual(first.trials.map((t) => [t.number, t.state]), [[0, 'running']]);

  gate.release.shift()!(); // trial 0 ends, trial 1 starts: two events, one pending frame
  await until(() => gate.release.length === 1, 'trial 1 to start');
  assert.equal(studyFrames().length, 1, 'nothing is sent before the coalescing delay');
  assert.equal(timers.waiting().length, 1, 'one timer per study however many events');
  assert.equal(timers.waiting()[0]!.ms, 250);
  timers.fire();
  assert.equal(studyFrames().length, 2);
  const second = studyFrames()[1]!;
  assert.deepEqual(second.trials.map((t) => [t.number, t.state]), [[0, 'complete'], [1, 'running']]);
  assert.equal(second.study.trials.complete, 1);
  assert.equal(second.study.best!.number, 0);

  timers.fire();
  assert.equal(studyFrames().length, 2, 'no change, no frame');

  await studies.stop(record.id);
  timers.fire();
  const last = studyFrames().at(-1)!;
  assert.equal(last.study.status, 'stopped');
  assert.deepEqual(last.trials.map((t) => [t.number, t.state]), [[1, 'failed']]);
  connection.close();
});

test('unknown studies get not_found, the 65th watch is busy; unwatch and close release the manager listener', async () => {
  const { studies, connection, frames, studyFrames, timers } = setup();
  connection.receive(JSON.stringify({ type: 'watch-study', requestId: 'nope', studyId: 'st_missing' }));
  assert.deepEqual(frames.at(-1), { type: 'error', requestId: 'nope', errorText: 'no study with id st_missing', code: 'not_found' });
  assert.equal(studies.listenerCount, 0, 'a refused watch subscribes nothing');

  const ids: string[] = [];
  for (let i = 0; i <= MAX_WATCHED_STUDIES; i++) {
    const record = await studies.start(spec(1, 'builtin'));
    await studies.wait(record.id);
    ids.push(record.id);
  }
  for (const id of ids.slice(0, MAX_WATCHED_STUDIES)) connection.receive(JSON.stringify({ type: 'watch-study', requestId: `w-${id}`, studyId: id }));
  assert.equal(studyFrames().length, MAX_WATCHED_STUDIES);
  assert.equal(studies.listenerCount, 1, 'one listener per connection, not per study');
  connection.receive(JSON.stringify({ type: 'watch-study', requestId: 'too-many', studyId: ids.at(-1) }));
  const busy = frames.at(-1) as Extract<ServerFrame, { type: 'error' }>;
  assert.equal(busy.code, 'busy');
  assert.equal(busy.requestId, 'too-many');
  // Watching one already watched again re-sends its full frame and is no new watch.
  connection.receive(JSON.stringify({ type: 'watch-study', requestId: 'again', studyId: ids[0] }));
  assert.equal(studyFrames().length, MAX_WATCHED_STUDIES + 1);
  assert.equal(connection.studyWatch!.size, MAX_WATCHED_STUDIES);

  for (const id of ids.slice(0, MAX_WATCHED_STUDIES)) connection.receive(JSON.stringify({ type: 'unwatch-study', studyId: id }));
  assert.equal(connection.studyWatch!.size, 0);
  assert.equal(studies.listenerCount, 0, 'the last unwatch releases the listener');

  // A change pending at close is never sent, and close releases the listener.
  const running = await studies.start(spec(2, 'builtin'));
  connection.receive(JSON.stringify({ type: 'watch-study', requestId: 'late', studyId: running.id }));
  assert.equal(studies.listenerCount, 1);
  const sent = frames.length;
  connection.close();
  assert.equal(studies.listenerCount, 0);
  await studies.wait(running.id);
  timers.fire();
  assert.equal(frames.length, sent);
});

test('malformed study frames are refused with invalid_argument, bounded ids included', () => {
  const { connection, frames } = setup();
  connection.receive(JSON.stringify({ type: 'watch-study', requestId: 'r', studyId: 'x'.repeat(201) }));
  assert.equal((frames.at(-1) as { code: string }).code, 'invalid_argument');
  connection.receive(JSON.stringify({ type: 'unwatch-study' }));
  assert.equal((frames.at(-1) as { code: string }).code, 'invalid_argument');
});
