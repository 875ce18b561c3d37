import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chartKindIn, chartKindOf, chartText } from '../../server/agent/offline-model/intents/charts.ts';
import { readRegisterProse } from '../../server/agent/offline-model/intents/register-prose.ts';
import { namedStudyId } from '../../server/agent/offline-model/intents/study-ids.ts';
import { countsInWords } from '../../server/agent/offline-model/understanding/refine-tune.ts';
import { nameableTargets, TEST_FUNCTIONS } from '../../server/agent/offline-model/catalog.ts';
import type { Conversation } from '../../server/agent/offline-model/conversation.ts';

/** The deterministic readers the planner uses beside the encoder: chart kinds, study ids, registration prose, counts in words. */
describe('offline model: prose readers', () => {
  test('chart kinds: the most specific phrase wins; no kind word is null (the plan then draws the history)', () => {
    assert.equal(chartKindIn('plot the parallel coordinates'), 'parallel');
    assert.equal(chartKindIn('show the learning curves'), 'intermediate');
    assert.equal(chartKindIn('chart the pareto front'), 'pareto');
    assert.equal(chartKindIn('graph the importance'), 'importance');
    assert.equal(chartKindIn('put all trials in a table'), 'trials');
    assert.equal(chartKindIn('show the convergence as a graph'), 'history');
    assert.equal(chartKindIn('plot it'), null);
    assert.equal(chartKindOf('plot it'), 'history');
  });

  test('chart words are read through typos without bending other words', () => {
    assert.equal(chartText('vizualize the convergance'), 'visualize the convergence');
    assert.equal(chartText('plto the histroy'), 'plot the history');
    assert.equal(chartText('send me the results'), 'send me the results');
  });

  test('study ids: st_ and base-36, as written; other ids and words are not study ids', () => {
    assert.equal(namedStudyId('stop st_ab12cd now'), 'st_ab12cd');
    assert.equal(namedStudyId('run 30 more on st_mi6x0k2a0abcd.'), 'st_mi6x0k2a0abcd');
    assert.equal(namedStudyId('delete rule r-12'), null);
    assert.equal(namedStudyId('first_st_abc12 is not one'), null);
    assert.equal(namedStudyId('stop the study'), null);
  });

  test('registration prose: names in several shapes, metrics with explicit and implied directions', () => {
    assert.deepEqual(readRegisterProse('my model is trained by ` `, register it as mymodel, it reports val_acc (maximize)'), { name: 'mymodel', metrics: [{ name: 'val_acc', direction: 'maximize' }] });
    // "value" and "score" are metric names when a direction comes with them, filler words otherwise.
    assert.deepEqual(readRegisterProse('register a target called x that runs ` ` and reports value (minimize)'), { name: 'x', metrics: [{ name: 'value', direction: 'minimize' }] });
    assert.deepEqual(readRegisterProse('it reports the value of accuracy'), { name: null, metrics: [{ name: 'accuracy', direction: 'maximize' }] });
    assert.deepEqual(readRegisterProse('it reports value'), { name: null, metrics: [] });
    assert.deepEqual(readRegisterProse('the service at http://127.0.0.1:8080/score is called scorer and returns auc, higher is better'), { name: 'scorer', metrics: [{ name: 'auc', direction: 'maximize' }] });
    assert.deepEqual(readRegisterProse('set up a target img-train that runs `x`, metrics: loss (minimise) and fps (maximise)'), {
      name: 'img-train', metrics: [{ name: 'loss', direction: 'minimize' }, { name: 'fps', direction: 'maximize' }],
    });
    assert.deepEqual(readRegisterProse('add `./b.sh` as target sorter2, it prints wall_s which should be as low as possible'), { name: 'sorter2', metrics: [{ name: 'wall_s', direction: 'minimize' }] });
    // A metric named with no direction gets the usual one for its name.
    assert.deepEqual(readRegisterProse('register `x` as target t1; it outputs accuracy').metrics, [{ name: 'accuracy', direction: 'maximize' }]);
    assert.equal(readRegisterProse('register a target').name, null);
  });

  test('counts in words: parallel, totals and seeds, whatever order they come in', () => {
    assert.deepEqual(countsInWords('tune it with 3 trials in parallel and 45 in total'), { parallel: 3, trials: 45 });
    assert.deepEqual(countsInWords('a total of 60, 4 at a time'), { parallel: 4, trials: 60 });
    assert.deepEqual(countsInWords('rerun that with a fixed seed of 5'), { seed: 5 });
    assert.deepEqual(countsInWords('minimize branin with 40 trials'), {});
  });

  test('classic test functions are nameable when the catalog lacks them, and not duplicated when it has them', () => {
    const conversation = { system: '', turns: [], current: { userText: '', exchanges: [], assistantText: '' }, tools: new Map() } as Conversation;
    const names = nameableTargets(conversation).map((t) => t.name);
    assert.ok(names.includes('rastrigin') && names.includes('griewank'));
    // The fallback catalog already has styblinski_tang: the spelled-with-a-dash test function is not added again.
    assert.equal(names.filter((n) => n.replace(/[-_]/g, '') === 'styblinskitang').length, 1);
    assert.ok(TEST_FUNCTIONS.every((name) => names.some((n) => n.replace(/[-_]/g, '') === name.replace(/[-_]/g, ''))));
  });
});
