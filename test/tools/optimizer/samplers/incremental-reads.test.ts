import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../../tools/common/rng.ts';
import { FinishedCount } from '../../../../tools/optimizer/samplers/auto/finished-count.ts';
import { observations, observationsOf } from '../../../../tools/optimizer/samplers/gp/observations.ts';
import { groupDecomposedSearchSpace, intersectionSearchSpace, SearchSpaceCache } from '../../../../tools/optimizer/samplers/search-space-inference.ts';
import type { SamplerStudyView, Trial, TrialState } from '../../../../tools/optimizer/types.ts';

function view(trials: Trial[], studyId = 's'): SamplerStudyView {
  return { studyId, directions: ['minimize', 'maximize'], space: [], constraintCount: 0, budget: null, trials: (states?: readonly TrialState[]) => (states ? trials.filter((t) => states.includes(t.state)) : trials) };
}

function trial(number: number, state: TrialState, values: number[] | null = null): Trial {
  return { id: `s:${number}`, studyId: 's', number, state, params: {}, distributions: {}, values, metrics: {}, intermediate: {}, constraintViolations: null, userAttrs: {}, systemAttrs: {}, attempt: 1, error: null, createdAt: 0, startedAt: 0, completedAt: null };
}

test('FinishedCount and observationsOf read only new and unfinished trials but agree with a full read', () => {
  const rng = createRng(9);
  const trials: Trial[] = [];
  const count = new FinishedCount();
  const states: TrialState[] = ['complete', 'complete', 'pruned', 'failed'];
  for (let step = 0; step < 300; step++) {
    trials.push(trial(trials.length, rng.next() < 0.2 ? 'waiting' : 'running'));
    const open = trials.filter((t) => t.state === 'running' || t.state === 'waiting');
    if (open.length > 3) {
      const pick = open[rng.int(0, open.length - 1)]!;
      const state = states[rng.int(0, 3)]!;
      trials[pick.number] = trial(pick.number, state, state === 'complete' ? [rng.next(), rng.next() < 0.1 ? Number.NaN : rng.next()] : null);
    }
    const study = view(trials);
    assert.equal(count.of(study), study.trials(['complete', 'pruned', 'failed']).length, `step ${step}`);
    const numbers = Array.from({ length: 12 }, () => rng.int(0, trials.length - 1)).sort((a, b) => a - b).filter((n, i, all) => all.indexOf(n) === i);
    assert.deepEqual(observationsOf(study, numbers), observations(study).filter((o) => numbers.includes(o.trial.number)));
  }
  // Another study, or trials that are not numbered densely, start the count over.
  assert.equal(count.of(view(trials.slice(0, 5), 'other')), view(trials.slice(0, 5)).trials(['complete', 'pruned', 'failed']).length);
  const gappy = [trial(0, 'complete', [1, 1]), trial(5, 'failed')];
  assert.equal(count.of(view(gappy, 'gappy')), 2);
  assert.deepEqual(observationsOf(view(gappy, 'gappy'), [0]), observations(view(gappy, 'gappy')));
});

test('SearchSpaceCache folds each finished trial once and gives what the full fold gives, in the same order', () => {
  const rng = createRng(12);
  const float = (high: number) => ({ type: 'float' as const, low: 0, high, log: false, step: null, q: null });
  // Conditional-looking parameter sets: groups split and merge as trials with other sets finish, out of order.
  const shapes = [['a', 'b'], ['a', 'b', 'c'], ['a', 'd'], ['a', 'b', 'c', 'e'], ['a']];
  const trials: Trial[] = [];
  const cache = new SearchSpaceCache();
  for (let step = 0; step < 200; step++) {
    const names = shapes[rng.int(0, shapes.length - 1)]!;
    // Now and then the same name with another distribution (the intersection drops it).
    const distributions = Object.fromEntries(names.map((n) => [n, float(n === 'b' && rng.next() < 0.05 ? 2 : 1)]));
    trials.push({ ...trial(trials.length, 'running'), distributions, params: Object.fromEntries(names.map((n) => [n, 0.5])) });
    const open = trials.filter((t) => t.state === 'running');
    if (open.length > 2) {
      const pick = open[rng.int(0, open.length - 1)]!;
      trials[pick.number] = { ...pick, state: (['complete', 'pruned', 'failed'] as const)[rng.int(0, 2)], values: [1, 1] };
    }
    const study = { ...view(trials), space: ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, distribution: float(1), condition: null })) } as unknown as SamplerStudyView;
    assert.deepEqual(cache.groupDecomposed(study), groupDecomposedSearchSpace(study), `groups at ${trials.length}`);
    assert.deepEqual(cache.intersection(study), intersectionSearchSpace(study), `intersection at ${trials.length}`);
  }
});
