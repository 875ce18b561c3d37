import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../../../tools/common/rng.ts';
import { chooseAbove } from '../../../../../tools/optimizer/samplers/tpe/kernel-budget.ts';
import { ObservationLedger } from '../../../../../tools/optimizer/samplers/tpe/observation-ledger.ts';
import { collectObservations, internalValue, ObservationCache, splitObservations } from '../../../../../tools/optimizer/samplers/tpe/observations.ts';
import type { Distribution, SamplerStudyView, Trial, TrialState } from '../../../../../tools/optimizer/types.ts';

const x: Distribution = { type: 'float', low: 1e-3, high: 10, log: true, step: null, q: null };
const c: Distribution = { type: 'categorical', choices: ['a', 'b', 'c'], weights: null };

function view(trials: Trial[], direction: 'minimize' | 'maximize' = 'minimize', studyId = 's'): SamplerStudyView {
  return {
    studyId, directions: [direction], space: [], constraintCount: 0, budget: null,
    trials: (states?: readonly TrialState[]) => (states ? trials.filter((t) => states.includes(t.state)) : trials),
  };
}

/** A running trial: finished later by `finish`, which replaces the object as the storages do. */
function running(number: number, rng: ReturnType<typeof createRng>): Trial {
  const params: Record<string, string | number> = { x: Math.exp(Math.log(1e-3) + rng.next() * Math.log(1e4)) };
  if (number % 3 !== 0) params.c = ['a', 'b', 'c'][rng.int(0, 2)]!;
  return {
    id: `s:${number}`, studyId: 's', number, state: 'running', params, distributions: { x, ...(params.c ? { c } : {}) }, values: null, metrics: {},
    intermediate: {}, constraintViolations: null, userAttrs: {}, systemAttrs: {}, attempt: 1, error: null, createdAt: 0, startedAt: 0, completedAt: null,
  };
}

function finish(trial: Trial, rng: ReturnType<typeof createRng>): Trial {
  const roll = rng.next();
  // Few distinct values, so ties between complete trials (and between pruned ones) are common.
  if (roll < 0.6) return { ...trial, state: 'complete', values: [rng.int(0, 20)] };
  if (roll < 0.8) return { ...trial, state: 'pruned', intermediate: rng.next() < 0.2 ? {} : { [rng.int(1, 3)]: rng.int(0, 20) } };
  if (roll < 0.9) return { ...trial, state: 'failed', error: 'boom' };
  return { ...trial, state: 'complete', values: null };
}

/** The split the general path computes: collectObservations + splitObservations + the complement. */
function reference(study: SamplerStudyView, k: number, maxKernels: number) {
  const observations = collectObservations(study, [], { requireAll: false, constantLiar: false });
  const n = observations.trials.length;
  const { below, above } = splitObservations(observations, Math.min(k, n), false);
  return { numbers: observations.trials.map((t) => t.number), below, above, chosen: chooseAbove(n, below, maxKernels) };
}

test('the ledger gives the same observations, best set and above set as a full recomputation, as trials finish out of order', () => {
  for (const direction of ['minimize', 'maximize'] as const) {
    const rng = createRng(direction === 'minimize' ? 3 : 4);
    const trials: Trial[] = [];
    const ledger = new ObservationLedger(new ObservationCache());
    const study = view(trials, direction);
    for (let step = 0; step < 400; step++) {
      trials.push(running(trials.length, rng));
      // Finish a random running trial (parallel workers), sometimes none, sometimes several.
      for (let f = rng.int(0, 2); f > 0; f--) {
        const open = trials.filter((t) => t.state === 'running');
        if (open.length > 1) {
          const pick = open[rng.int(0, open.length - 2)]!;
          trials[pick.number] = finish(pick, rng);
        }
      }
      if (step % 7 !== 0) continue;
      const observed = ledger.sync(study);
      assert.ok(observed);
      const k = 1 + (step % 25);
      const want = reference(study, k, 60);
      assert.deepEqual(observed.map((t) => t.number), want.numbers);
      const below = ledger.best(Math.min(k, observed.length));
      assert.deepEqual(below, want.below, `best ${k} at step ${step}`);
      assert.deepEqual(chooseAbove(observed.length, below, 60), want.chosen);
      for (const name of ['x', 'c']) assert.deepEqual(ledger.column(name), observed.map((t) => internalValue(t, name)));
    }
  }
});

test('the ledger starts over for another study and gives up (null) when trial numbers are not dense', () => {
  const rng = createRng(5);
  const trials = Array.from({ length: 30 }, (_, i) => ({ ...finish(running(i, rng), rng), state: 'complete' as const, values: [i] }));
  const ledger = new ObservationLedger(new ObservationCache());
  assert.equal(ledger.sync(view(trials))!.length, 30);
  assert.equal(ledger.sync(view(trials.slice(0, 10), 'minimize', 'other'))!.length, 10);
  assert.equal(ledger.sync(view([trials[0]!, trials[2]!], 'minimize', 'gappy')), null);
  // After giving up it rebuilds from scratch on the next dense read.
  assert.equal(ledger.sync(view(trials.slice(0, 5), 'minimize', 'gappy'))!.length, 5);
});
