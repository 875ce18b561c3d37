import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../../tools/common/clock.ts';
import { InMemoryStorage } from '../../../tools/optimizer/in-memory-storage.ts';
import { MedianPruner } from '../../../tools/optimizer/pruners/index.ts';
import { createSampler } from '../../../tools/optimizer/samplers/index.ts';
import { Study } from '../../../tools/optimizer/study.ts';
import { runStudy, RETRY_OF } from '../../../tools/optimizer/study-runner.ts';
import { collectObservations, splitObservations } from '../../../tools/optimizer/samplers/tpe/observations.ts';
import type { EvaluationContext, Params, Pruner, Target } from '../../../tools/optimizer/types.ts';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

function makeStudy(options: { sampler?: string; pruner?: Pruner; trials?: number } = {}) {
  const storage = new InMemoryStorage();
  storage.createStudy({
    id: 's', name: 's', sessionId: null, status: 'running', createdAt: 0, updatedAt: 0,
    spec: { space: { x: { type: 'float', low: 0, high: 4 } }, objectives: [{ metric: 'value', direction: 'minimize' }], target: { kind: 'fake' }, budget: { trials: options.trials ?? 10 } },
  });
  return new Study({ storage, record: storage.getStudy('s')!, sampler: createSampler(options.sampler ?? 'random', { seed: 5 }), pruner: options.pruner ?? null, clock: systemClock });
}

function target(evaluate: (params: Params, context: EvaluationContext) => Promise<Record<string, number>>): Target {
  return { kind: 'fake', evaluate };
}

const base = { clock: systemClock, timeLimitMs: null, retries: { max: 0, backoffMs: 0 } };

test('N trials run in flight at once, never more', async () => {
  let inFlight = 0;
  let peak = 0;
  const study = makeStudy({ trials: 12 });
  const outcome = await runStudy({
    ...base, study, trials: 12, parallel: 4,
    target: target(async (p) => {
      peak = Math.max(peak, ++inFlight);
      await sleep(15);
      inFlight--;
      return { value: p.x as number };
    }),
  });
  assert.equal(outcome, 'complete');
  assert.equal(peak, 4);
  assert.equal(study.trials(['complete']).length, 12);
});

test('failed trials are retried with exponential backoff; retries do not use the trial budget', async () => {
  const study = makeStudy({ trials: 3 });
  const attempts = new Map<string, number[]>();
  const outcome = await runStudy({
    ...base, study, trials: 3, parallel: 1, retries: { max: 2, backoffMs: 20 },
    target: target(async (p) => {
      const key = String(p.x);
      attempts.set(key, [...(attempts.get(key) ?? []), Date.now()]);
      if (attempts.get(key)!.length < 3) throw new Error(`transient ${attempts.get(key)!.length}`);
      return { value: 1 };
    }),
  });
  assert.equal(outcome, 'complete');
  const trials = study.trials();
  assert.equal(trials.length, 9);
  assert.equal(trials.filter((t) => t.state === 'complete').length, 3);
  assert.equal(trials.filter((t) => t.state === 'failed').length, 6);
  assert.deepEqual(trials.filter((t) => t.state === 'complete').map((t) => t.attempt), [3, 3, 3]);
  const retry = trials.find((t) => t.attempt === 2)!;
  assert.equal(trials[retry.systemAttrs[RETRY_OF] as number]!.params.x, retry.params.x);
  assert.match(trials[0]!.error!, /transient 1/);
  for (const times of attempts.values()) {
    assert.ok(times[1]! - times[0]! >= 18, `first backoff ${times[1]! - times[0]!} ms`);
    assert.ok(times[2]! - times[1]! >= 38, `second backoff ${times[2]! - times[1]!} ms`);
  }
});

test('a stop aborts running trials promptly, records them failed with the reason, and starts nothing new', async () => {
  const study = makeStudy({ trials: 100 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 60);
  const started = Date.now();
  const outcome = await runStudy({ ...base, study, trials: 100, parallel: 2, signal: controller.signal, target: target(async (_p, ctx) => (await sleep(10_000, ctx.signal), { value: 0 })) });
  assert.equal(outcome, 'stopped');
  assert.ok(Date.now() - started < 2000);
  const trials = study.trials();
  assert.equal(trials.length, 2);
  for (const t of trials) {
    assert.equal(t.state, 'failed');
    assert.match(t.error!, /stopped/);
  }
});

test('the time budget ends the study', async () => {
  const study = makeStudy({ trials: 1000 });
  const outcome = await runStudy({ ...base, study, trials: 1000, parallel: 1, timeLimitMs: 80, target: target(async () => (await sleep(10), { value: 1 })) });
  assert.equal(outcome, 'time-limit');
  const trials = study.trials();
  assert.ok(trials.length > 1 && trials.length < 30, `${trials.length} trials`);
  assert.ok(trials.every((t) => t.state !== 'running'));
});

test('intermediate reports feed the pruner; pruned trials stop early', async () => {
  const pruner = new MedianPruner({ nStartupTrials: 3 });
  const study = makeStudy({ trials: 12, pruner });
  const stepsSeen: number[] = [];
  await runStudy({
    ...base, study, trials: 12, parallel: 1,
    target: target(async (p, ctx) => {
      const x = p.x as number;
      let last = 0;
      for (let step = 1; step <= 5; step++) {
        last = step;
        if (ctx.report(step, { value: x * (6 - step) })) break;
      }
      stepsSeen.push(last);
      return { value: x };
    }),
  });
  const pruned = study.trials(['pruned']);
  assert.ok(pruned.length > 0, 'some trials were pruned');
  for (const t of pruned) assert.ok(Object.keys(t.intermediate).length < 5);
  assert.equal(study.trials(['complete']).length + pruned.length, 12);
});

test('constant liar: running trials count as the worst observations, so they land in the "above" set', () => {
  const study = makeStudy({ trials: 20 });
  for (let i = 0; i < 12; i++) study.tell(study.ask().number, { metrics: { value: i } });
  const running = study.ask();
  const withLiar = collectObservations(study.view, ['x'], { requireAll: false, constantLiar: true });
  const without = collectObservations(study.view, ['x'], { requireAll: false, constantLiar: false });
  assert.equal(without.trials.length, 12);
  assert.equal(withLiar.trials.length, 13);
  const index = withLiar.trials.findIndex((t) => t.number === running.number);
  const { below, above } = splitObservations(withLiar, 2, false);
  assert.deepEqual(below, [0, 1]);
  assert.ok(above.includes(index));
  assert.deepEqual(withLiar.scores[index], [-Infinity, [Infinity]]);
});
