import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openDatabase } from '../../../db/open.ts';
import { SqliteStudyStorage } from '../../../db/study-storage.ts';
import { TargetStore } from '../../../db/target-store.ts';
import { systemClock } from '../../../tools/common/clock.ts';
import { buildStudySpec } from '../../../tools/optimizer/agent-tools.ts';
import { BASELINE_ATTR, fitBaseline } from '../../../tools/optimizer/baseline.ts';
import { StudyManager } from '../../../tools/optimizer/study-manager.ts';
import { BuiltinTargetResolver } from '../../../tools/optimizer/target-resolver.ts';
import { createBuiltinTarget } from '../../../tools/optimizer/targets/builtin.ts';
import { registerTargetKind } from '../../../tools/optimizer/targets/index.ts';
import type { StudyEvent, StudySpec } from '../../../tools/optimizer/types.ts';
import { parseTargetInput } from '../../../tools/targets/definition-schema.ts';
import { TargetRegistry } from '../../../tools/targets/target-registry.ts';
import { SPACE_TEMPLATES } from '../../../tools/targets/templates/index.ts';

const SPACE = {
  x0: { type: 'float', low: -5, high: 10 },
  x1: { type: 'float', low: 0, high: 15 },
};

const branin = (overrides: Partial<StudySpec> = {}): StudySpec => ({
  space: SPACE,
  objectives: [{ metric: 'value', direction: 'minimize' }],
  target: { kind: 'builtin', problem: 'branin' },
  sampler: 'random',
  budget: { trials: 4, parallel: 1 },
  seed: 3,
  ...overrides,
});

const manager = () => {
  const storage = new SqliteStudyStorage(openDatabase(':memory:'));
  return { storage, studies: new StudyManager({ storage, clock: systemClock }) };
};

const baselineTrials = (storage: SqliteStudyStorage, id: string) => storage.getTrials(id).filter((t) => t.systemAttrs[BASELINE_ATTR] === true);

describe('fitBaseline', () => {
  test('a baseline inside the space runs as given, with no note', () => {
    assert.deepEqual(fitBaseline({ x0: 3.14, x1: 2.27 }, SPACE), { params: { x0: 3.14, x1: 2.27 }, note: null });
  });

  test('numbers outside their range are clipped, onto int and step grids; unknown parameters are dropped; both are noted', () => {
    const space = { lr: { type: 'float', low: 3e-3, high: 3e-2, log: true }, epochs: { type: 'int', low: 2, high: 5 }, width: { type: 'float', low: 0.5, high: 2, step: 0.25 } };
    const fitted = fitBaseline({ lr: 0.5, epochs: 8, width: 1.3, seed: 7 }, space);
    assert.deepEqual(fitted.params, { lr: 0.03, epochs: 5, width: 1.25 });
    assert.equal(fitted.note, "baseline clipped into the search space: lr 0.5 → 0.03, epochs 8 → 5, width 1.3 → 1.25; not in the search space, left to the target's default: seed");
  });

  test('a category the space lacks, a wrong type or nothing in the space skips the whole baseline, saying why', () => {
    const space = { ...SPACE, batch_size: { type: 'categorical', choices: [16, 32] } };
    assert.deepEqual(fitBaseline({ x0: 1, batch_size: 64 }, space), { params: null, note: 'baseline skipped: batch_size = 64 is not in the search space' });
    assert.deepEqual(fitBaseline({ x0: 'big' }, space), { params: null, note: 'baseline skipped: x0 = "big" is not in the search space' });
    assert.deepEqual(fitBaseline({ depth: 2 }, space), { params: null, note: 'baseline skipped: none of its parameters (depth) is in the search space' });
    assert.match(fitBaseline([1, 2], space).note!, /^baseline skipped: it must be an object/);
  });

  for (const template of Object.values(SPACE_TEMPLATES).filter((t) => t.baseline)) {
    test(`the ${template.name} template's baseline lies in its own space as written`, () => {
      assert.deepEqual(fitBaseline(template.baseline, template.space), { params: template.baseline, note: null });
    });
  }
});

describe('warm start in StudyManager.start', () => {
  test('the baseline is trial 0 and is evaluated before any sampled trial', async () => {
    const { storage, studies } = manager();
    const started: number[] = [];
    studies.on((e: StudyEvent) => e.type === 'trial-start' && started.push(e.trial.number));
    const record = await studies.start(branin({ baseline: { x0: 3.14, x1: 2.27 } }));
    await studies.wait(record.id);
    const trials = storage.getTrials(record.id);
    assert.equal(trials.length, 4, 'the baseline counts toward the budget, like any enqueued trial');
    assert.deepEqual(trials[0]!.params, { x0: 3.14, x1: 2.27 });
    assert.equal(trials[0]!.systemAttrs[BASELINE_ATTR], true);
    assert.equal(trials[0]!.state, 'complete');
    assert.ok(trials.slice(1).every((t) => t.systemAttrs[BASELINE_ATTR] === undefined));
    assert.equal(started[0], 0, 'trial 0 starts first');
    assert.ok(trials[0]!.startedAt! <= Math.min(...trials.slice(1).map((t) => t.startedAt!)));
    assert.deepEqual(storage.getStudy(record.id)!.spec.baseline, { x0: 3.14, x1: 2.27 });
    assert.equal(storage.getStudy(record.id)!.spec.baselineNote, undefined);
  });

  test('outside the space it is clipped (noted in the stored spec) or skipped (no baseline trial, the note says why)', async () => {
    const { storage, studies } = manager();
    const clipped = await studies.start(branin({ baseline: { x0: 99, x1: 2 } }));
    await studies.wait(clipped.id);
    assert.deepEqual(baselineTrials(storage, clipped.id).map((t) => [t.number, t.params]), [[0, { x0: 10, x1: 2 }]]);
    assert.equal(storage.getStudy(clipped.id)!.spec.baselineNote, 'baseline clipped into the search space: x0 99 → 10');

    const skipped = await studies.start(branin({ baseline: { x0: 'wide' } as never }));
    await studies.wait(skipped.id);
    assert.equal(baselineTrials(storage, skipped.id).length, 0);
    assert.equal(storage.getTrials(skipped.id).length, 4);
    assert.equal(storage.getStudy(skipped.id)!.spec.baseline, undefined);
    assert.equal(storage.getStudy(skipped.id)!.spec.baselineNote, 'baseline skipped: x0 = "wide" is not in the search space');
  });

  test('first trials of the study\'s own (enqueue) run instead of the baseline', async () => {
    const { storage, studies } = manager();
    const record = await studies.start(branin({ baseline: { x0: 3.14, x1: 2.27 }, enqueue: [{ x0: 0, x1: 0 }] }));
    await studies.wait(record.id);
    assert.deepEqual(storage.getTrials(record.id)[0]!.params, { x0: 0, x1: 0 });
    assert.equal(baselineTrials(storage, record.id).length, 0);
    assert.match(storage.getStudy(record.id)!.spec.baselineNote!, /own first trials \(enqueue\)/);
  });

  test('a study resumed after a shutdown, then continued, runs the baseline once', async () => {
    registerTargetKind('gated-baseline', () => {
      const inner = createBuiltinTarget({ kind: 'builtin', problem: 'branin' });
      return {
        kind: 'gated-baseline',
        async evaluate(params, context) {
          // Trial 2 hangs until aborted: the shutdown finds it in flight.
          if (context.trialNumber === 2 && context.attempt === 1) await new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason), { once: true }));
          return inner.evaluate(params, context);
        },
      };
    });
    const storage = new SqliteStudyStorage(openDatabase(':memory:'));
    const first = new StudyManager({ storage, clock: systemClock });
    const record = await first.start(branin({ target: { kind: 'gated-baseline' }, baseline: { x0: 3.14, x1: 2.27 }, budget: { trials: 5, parallel: 1 } }));
    while (!storage.getTrials(record.id, ['running']).some((t) => t.number === 2)) await new Promise((r) => setTimeout(r, 5));
    await first.close();

    const second = new StudyManager({ storage, clock: systemClock });
    assert.deepEqual(await second.resumeInterrupted(), [record.id]);
    await second.wait(record.id);
    await second.extend(record.id, { trials: 2 });
    const final = await second.wait(record.id);
    assert.equal(final.status, 'complete');
    assert.ok(storage.getTrials(record.id).length >= 7);
    assert.deepEqual(baselineTrials(storage, record.id).map((t) => t.number), [0]);
    assert.equal(storage.getTrials(record.id).filter((t) => t.params.x0 === 3.14 && t.params.x1 === 2.27).length, 1);
  });
});

describe('where the baseline comes from', () => {
  const metrics = [{ name: 'accuracy', direction: 'maximize' }];
  const registry = (targets: unknown[]) => {
    const store = new TargetStore(openDatabase(':memory:'), () => 1000);
    for (const target of targets) store.upsert(parseTargetInput(target));
    return new TargetRegistry({ store, builtins: new BuiltinTargetResolver() });
  };
  const input = (target: string, extra: Record<string, unknown> = {}) => ({ target, objectives: [{ metric: 'accuracy', direction: 'maximize' as const }], ...extra });

  test("a target on a family template gets the template's baseline; start_study copies it only with the target's own space", async () => {
    const targets = registry([{ name: 'kd', kind: 'command', command: ['node', 'trial.ts'], family: 'distill', metrics }]);
    const resolved = await targets.resolve('kd');
    assert.deepEqual(resolved!.baseline, SPACE_TEMPLATES.distill!.baseline);
    assert.deepEqual((await buildStudySpec(input('kd'), targets)).baseline, SPACE_TEMPLATES.distill!.baseline);
    const own = await buildStudySpec(input('kd', { space: { width: { type: 'float', low: 0.5, high: 1 } } }), targets);
    assert.equal(own.baseline, undefined, 'a space of the user\'s own: no baseline');
  });

  test("a definition's own baseline wins; a definition with its own space does not inherit the template's", async () => {
    const targets = registry([
      { name: 'kd-own', kind: 'command', command: ['node', 'trial.ts'], family: 'distill', baseline: { width: 1, depth: 1 }, metrics },
      { name: 'kd-space', kind: 'command', command: ['node', 'trial.ts'], family: 'distill', space: { width: { type: 'float', low: 0.5, high: 1 } }, metrics },
    ]);
    assert.deepEqual((await targets.resolve('kd-own'))!.baseline, { width: 1, depth: 1 });
    assert.equal((await targets.resolve('kd-space'))!.baseline, undefined);
  });

  test('a definition rejects a baseline that is not flat parameter values', () => {
    assert.throws(() => parseTargetInput({ name: 'bad', kind: 'builtin', problem: 'branin', metrics, baseline: { x: { nested: 1 } } }), { code: 'invalid_argument', message: /target field "baseline\.x"/ });
  });
});
