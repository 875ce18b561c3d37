import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../../db/open.ts';
import { SqliteStudyStorage } from '../../db/study-storage.ts';
import type { StudyFrame } from '../../server/studies-protocol.ts';
import { StudyWatch, type Schedule } from '../../server/ws/study-watch.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { StudyManager } from '../../tools/optimizer/study-manager.ts';
import { studyViewOf, trialView } from '../../tools/optimizer/study-view.ts';
import type { StudySpec } from '../../tools/optimizer/types.ts';

const specs: Record<string, StudySpec> = {
  'one objective': {
    space: { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } }, objectives: [{ metric: 'value', direction: 'minimize' }],
    target: { kind: 'builtin', problem: 'branin' }, sampler: 'random', budget: { trials: 40, parallel: 3 }, seed: 3,
  },
  'three objectives': {
    space: Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`x${i}`, { type: 'float', low: 0, high: 1 }])),
    objectives: ['f1', 'f2', 'f3'].map((metric) => ({ metric, direction: 'minimize' as const })),
    target: { kind: 'builtin', problem: 'dtlz2', dims: 4 }, sampler: 'random', budget: { trials: 40, parallel: 3 }, seed: 4,
  },
};

for (const [name, spec] of Object.entries(specs)) {
  test(`the study feed sends what a full recomputation gives, frame after frame (${name})`, async () => {
    const db = openDatabase(':memory:');
    const storage = new SqliteStudyStorage(db);
    const studies = new StudyManager({ storage, clock: systemClock });
    const fresh = () => new StudyManager({ storage, clock: systemClock }); // no tally kept: reads every trial
    const pending: (() => void)[] = [];
    const schedule: Schedule = (fn) => (pending.push(fn), () => {});
    const frames: StudyFrame[] = [];
    const watch = new StudyWatch(studies, (frame) => frames.push(frame), { schedule });
    try {
      const record = await studies.start(spec);
      watch.watch(record.id);
      let finished = false;
      const done = studies.wait(record.id).finally(() => (finished = true));
      const seen = new Set<number>(frames[0]!.trials.filter((t) => t.state !== 'running').map((t) => t.number));
      while (!finished || pending.length > 0) {
        const flush = pending.shift();
        if (!flush) {
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        flush();
        const frame = frames.at(-1)!;
        const trials = studies.trials(record.id);
        const want = studyViewOf(fresh(), studies.get(record.id)!, trials);
        for (const key of ['trials', 'best', 'pareto', 'recommended', 'updatedAt'] as const) assert.deepEqual(frame.study[key], want[key], `${key} after ${trials.length} trials`);
        // Every trial a frame carries is the trial as stored now (the changed ones, read by number).
        for (const t of frame.trials) {
          assert.deepEqual(t, trialView(trials[t.number]!));
          if (t.state !== 'running') seen.add(t.number);
        }
      }
      await done;
      assert.equal(seen.size, 40, 'every trial was sent finished in some frame');
      const status = studies.status(record.id);
      const full = fresh().status(record.id);
      assert.deepEqual({ ...status, elapsed_s: 0 }, { ...full, elapsed_s: 0 });
    } finally {
      watch.close();
      await studies.close();
      db.close();
    }
  });
}
