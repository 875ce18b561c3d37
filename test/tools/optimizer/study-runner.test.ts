import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock, systemClock, type Clock } from '../../../tools/common/clock.ts';
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
  const attempts = new Map<string, number>();
  // The backoff is waited on the injected clock: record what is asked for (and wait it, as the system clock does).
  const backoffs: number[] = [];
  const clock: Clock = { ...systemClock, sleep: (ms, signal) => (backoffs.push(ms), systemClock.sleep(ms, signal)) };
  const outcome = await runStudy({
    ...base, clock, study, trials: 3, parallel: 1, retries: { max: 2, backoffMs: 20 },
    target: target(async (p) => {
      const key = String(p.x);
      attempts.set(key, (attempts.get(key) ?? 0) + 1);
      if (attempts.get(key)! < 3) throw new Error(`transient ${attempts.get(key)}`);
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
  assert.deepEqual([...attempts.values()], [3, 3, 3]);
  // Each configuration waits 20 ms before its second attempt and 40 ms before its third.
  assert.deepEqual([...backoffs].sort((a, b) => a - b), [20, 20, 20, 40, 40, 40]);
});

test('a stop aborts running trials promptly, records them failed with the reason, and starts nothing new', { timeout: 30_000 }, async () => {
  const study = makeStudy({ trials: 100 });
  const controller = new AbortController();
  let running = 0;
  // Trials that only end when aborted: the study can only finish if the stop aborts them (else the test times out).
  const outcome = await runStudy({
    ...base, study, trials: 100, parallel: 2, signal: controller.signal,
    target: target((_p, ctx) => {
      if (++running === 2) setImmediate(() => controller.abort());
      return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }));
    }),
  });
  assert.equal(outcome, 'stopped');
  const trials = study.trials();
  assert.equal(trials.length, 2);
  for (const t of trials) {
    assert.equal(t.state, 'failed');
    assert.match(t.error!, /stopped/);
  }
});

test('the time budget ends the study', async () => {
  const study = makeStudy({ trials: 1000 });
  // A manual clock: each trial takes 30 ms of it, so the 100 ms budget runs out during the 4th trial, which is aborted.
  const clock = new ManualClock();
  const outcome = await runStudy({
    ...base, clock, study, trials: 1000, parallel: 1, timeLimitMs: 100,
    target: target(async (_p, ctx) => {
      clock.advance(30);
      await new Promise((r) => setImmediate(r));
      if (ctx.signal.aborted) throw ctx.signal.reason;
      return { value: 1 };
    }),
  });
  assert.equal(outcome, 'time-limit');
  const trials = study.trials();
  assert.deepEqual(trials.map((t) => t.state), ['complete', 'complete', 'complete', 'failed']);
  assert.match(trials[3]!.error!, /time budget of 0.1 s ran out/);
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
