import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../tools/common/rng.ts';
import { trialsAfter, trialsNumbered } from '../../../tools/optimizer/study-view.ts';
import { TrialTally, tallyTrials, type TallySpec } from '../../../tools/optimizer/trial-tally.ts';
import type { Trial, TrialState } from '../../../tools/optimizer/types.ts';

function trial(number: number, fields: Partial<Trial> = {}): Trial {
  return {
    id: `s:${number}`, studyId: 's', number, state: 'running', params: { x: number }, distributions: {}, values: null, metrics: {}, intermediate: {},
    constraintViolations: null, userAttrs: {}, systemAttrs: {}, attempt: 1, error: null, createdAt: number, startedAt: number, completedAt: null, ...fields,
  };
}

/** Trials that start waiting or running and finish out of order, with few distinct values and times (ties). */
function simulate(spec: TallySpec, seed: number, check: (trials: Trial[]) => void): void {
  const rng = createRng(seed);
  const trials: Trial[] = [];
  const objectives = spec.directions.length;
  for (let step = 0; step < 400; step++) {
    trials.push(trial(trials.length, { state: rng.next() < 0.2 ? 'waiting' : 'running', startedAt: rng.next() < 0.2 ? null : rng.int(0, 500) }));
    const open = trials.filter((t) => t.state === 'waiting' || t.state === 'running');
    for (let f = rng.int(0, 2); f > 0 && open.length > 2; f--) {
      const pick = open.splice(rng.int(0, open.length - 1), 1)[0]!;
      const roll = rng.next();
      const state: TrialState = roll < 0.7 ? 'complete' : roll < 0.85 ? 'pruned' : 'failed';
      const values = state === 'complete' ? Array.from({ length: objectives }, () => rng.int(0, 8)) : null;
      const constraintViolations = spec.constraints.length > 0 && state === 'complete' ? spec.constraints.map(() => rng.int(-2, 2)) : null;
      trials[pick.number] = { ...pick, state, values, constraintViolations, completedAt: rng.int(0, 600) };
    }
    if (rng.next() < 0.3) check(trials);
  }
  check(trials);
}

const specs: [string, TallySpec][] = [
  ['one objective', { directions: ['minimize'], constraints: [] }],
  ['one objective, constraints', { directions: ['maximize'], constraints: [{ metric: 'a', op: '<=', value: 3 }, { metric: 'b', op: '>=', value: -0.5 }] as TallySpec['constraints'] }],
  ['three objectives', { directions: ['minimize', 'maximize', 'minimize'], constraints: [] }],
  ['two objectives, constraints', { directions: ['minimize', 'minimize'], constraints: [{ metric: 'a', op: '<=', value: 1 }] as TallySpec['constraints'] }],
];

for (const [name, spec] of specs) {
  test(`the tally equals the full recomputation after any sequence of updates (${name})`, () => {
    for (const seed of [1, 2, 3]) {
      const tally = new TrialTally(spec);
      let checks = 0;
      simulate(spec, seed, (trials) => {
        assert.deepEqual(tally.update(trials), tallyTrials(trials, spec), `seed ${seed}, ${trials.length} trials`);
        checks++;
      });
      assert.ok(checks > 50);
    }
  });
}

test('the tally starts over for another study, a shorter list, or trials that are not numbered densely', () => {
  const spec: TallySpec = { directions: ['minimize'], constraints: [] };
  const tally = new TrialTally(spec);
  const done = (n: number, value: number, studyId = 's') => trial(n, { studyId, state: 'complete', values: [value], completedAt: 10 + n });
  const a = [done(0, 5), done(1, 3), done(2, 4)];
  assert.equal(tally.update(a).best?.number, 1);
  const b = [done(0, 9, 'other'), done(1, 8, 'other')];
  assert.deepEqual(tally.update(b), tallyTrials(b, spec));
  assert.deepEqual(tally.update(b.slice(0, 1)), tallyTrials(b.slice(0, 1), spec));
  const gappy = [done(0, 2), done(4, 1)];
  assert.deepEqual(tally.update(gappy), tallyTrials(gappy, spec));
});

test('trialsNumbered and trialsAfter read by index and agree with a search over every trial', () => {
  const dense = Array.from({ length: 20 }, (_, i) => trial(i));
  const gappy = dense.filter((t) => t.number % 3 !== 1);
  for (const trials of [dense, gappy]) {
    for (const after of [-1, 0, 4, 18, 19, 30]) assert.deepEqual(trialsAfter(trials, after), trials.filter((t) => t.number > after));
    const numbers = new Set([7, 2, 19, 13, 40]);
    assert.deepEqual(trialsNumbered(trials, numbers), trials.filter((t) => numbers.has(t.number)));
  }
});
