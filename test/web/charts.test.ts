import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrialViewJson } from '../../server/studies-protocol.ts';
import { hdrLabel, hdrX, percentileOfKey, readBenchProgress, readLatencyCurve, readSeries } from '../../web/charts/bench-data.ts';
import { HistoryData } from '../../web/charts/history-data.ts';
import { extent, formatValue, spansDecades, ticks } from '../../web/charts/scale.ts';
import { queryTrials, TRIAL_STATES, trialColumns } from '../../web/charts/table-model.ts';
import { TrialIndex } from '../../web/charts/trial-index.ts';
import { objectivePairs } from '../../web/charts/pareto-chart.ts';
import { axisPosition, parallelAxes } from '../../web/charts/parallel-chart.ts';

import { study, trial } from './charts-fixtures.ts';

describe('chart scales', () => {
  test('log scale only for positive values spanning more than two decades', () => {
    assert.equal(spansDecades([0.01, 5, 20]), true);
    assert.equal(spansDecades([1, 50]), false);
    assert.equal(spansDecades([-1, 1000]), false, 'a non-positive value rules a log axis out');
    assert.equal(spansDecades([]), false);
  });
  test('extent pads the range and handles a flat or empty one; ticks are round', () => {
    assert.deepEqual(extent([5, 5]), { min: 4.5, max: 5.5, log: false });
    assert.deepEqual(extent([]), { min: 0, max: 1, log: false });
    assert.deepEqual(ticks({ min: 0, max: 10, log: false }, 5), [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(ticks({ min: 0.5, max: 2000, log: true }), [1, 10, 100, 1000]);
    assert.equal(formatValue(0.39788736), '0.3979');
    assert.equal(formatValue(12), '12');
    assert.equal(formatValue(null), '–');
  });
});

describe('optimization history columns', () => {
  test('best so far follows the direction, skips infeasible trials, pruned at their last report, failed marked', () => {
    const h = new HistoryData(0, 'minimize');
    const trials = [
      trial(0, 'complete', 3),
      trial(1, 'complete', 1, { feasible: false }),
      trial(2, 'pruned', null, { intermediate: [[1, 9], [2, 7]] }),
      trial(3, 'failed', null),
      trial(4, 'complete', 2),
      trial(5, 'running', null),
    ];
    const index = new TrialIndex(trials);
    assert.equal(h.update(index.lastChanged, () => index.list()), true);
    assert.deepEqual(h.x, [0, 1, 2, 3, 4], 'running trials are not plotted');
    assert.deepEqual(h.complete, [3, 1, null, null, 2]);
    assert.deepEqual(h.pruned, [null, null, 7, null, null]);
    assert.deepEqual(h.failed, [null, null, null, 1, null]);
    assert.deepEqual(h.best, [3, 3, 3, 3, 2]);
    const max = new HistoryData(0, 'maximize');
    max.rebuild(trials);
    assert.deepEqual(max.best, [3, 3, 3, 3, 3]);
  });

  test('trials finishing in order are appended; a late finisher rebuilds in order', () => {
    const index = new TrialIndex([trial(0, 'complete', 5), trial(1, 'running', null), trial(2, 'complete', 4)]);
    const h = new HistoryData(0, 'minimize');
    h.update(index.lastChanged, () => index.list());
    assert.deepEqual(h.x, [0, 2]);
    index.apply([trial(3, 'complete', 6)]);
    h.update(index.lastChanged, () => index.list());
    assert.deepEqual(h.x, [0, 2, 3]);
    index.apply([trial(1, 'complete', 1)]);
    assert.equal(h.update(index.lastChanged, () => index.list()), true);
    assert.deepEqual(h.x, [0, 1, 2, 3]);
    assert.deepEqual(h.best, [5, 1, 1, 1]);
    assert.equal(h.update([trial(3, 'complete', 6)], () => index.list()), false, 'a trial already plotted changes nothing');
  });
});

describe('trials table model', () => {
  const s = study({ objectives: [{ metric: 'latency_ms', direction: 'minimize' }, { metric: 'accuracy', direction: 'maximize' }] });
  const trials: TrialViewJson[] = [
    { ...trial(0, 'complete', null), values: [5, 0.9], params: { lr: 0.1, opt: 'adam' } },
    { ...trial(1, 'complete', null), values: [3, 0.8], params: { lr: 0.01, opt: 'sgd' } },
    { ...trial(2, 'pruned', null), params: { lr: 0.2, opt: 'sgd' } },
    { ...trial(3, 'failed', null), params: { lr: 0.3, opt: 'adam' }, error: 'exit code 1' },
  ];
  const columns = trialColumns(s, trials);

  test('columns name the metrics and every parameter', () => {
    assert.deepEqual(columns.map((c) => c.label), ['#', 'state', 'latency_ms ↓', 'accuracy ↑', 'lr', 'opt', 'duration s', 'error']);
  });
  test('sorts by any column (missing values last either way) and filters by state and text', () => {
    const all = new Set(TRIAL_STATES);
    assert.deepEqual(queryTrials(trials, columns, { sort: 'value:0', descending: false, states: all, text: '' }).map((t) => t.number), [1, 0, 2, 3]);
    assert.deepEqual(queryTrials(trials, columns, { sort: 'value:0', descending: true, states: all, text: '' }).map((t) => t.number), [0, 1, 2, 3]);
    assert.deepEqual(queryTrials(trials, columns, { sort: 'param:opt', descending: false, states: all, text: '' }).map((t) => t.number), [0, 3, 1, 2]);
    assert.deepEqual(queryTrials(trials, columns, { sort: 'number', descending: false, states: new Set(['complete'] as const), text: '' }).map((t) => t.number), [0, 1]);
    assert.deepEqual(queryTrials(trials, columns, { sort: 'number', descending: false, states: all, text: 'EXIT' }).map((t) => t.number), [3]);
  });
});

describe('benchmark chart data', () => {
  test('percentile keys and the HDR axis', () => {
    assert.equal(percentileOfKey('p50'), 50);
    assert.equal(percentileOfKey('p99_9'), 99.9);
    assert.equal(percentileOfKey('p999'), 99.9);
    assert.equal(percentileOfKey('p90_ms'), 90);
    assert.equal(percentileOfKey('max'), null);
    assert.ok(Math.abs(hdrX(90) - 10) < 1e-9);
    assert.equal(hdrLabel(hdrX(99.9)), '99.9%');
    assert.equal(hdrLabel(2), '50%');
  });
  test('the curve from latency_curve, else from the percentile fields of http, stability and command results', () => {
    assert.deepEqual(readLatencyCurve({ status: 'done', result: { kind: 'http', latency_curve: [[99, 9], [50, 2], [100, 12]] } }), [[50, 2], [99, 9]]);
    assert.deepEqual(readLatencyCurve({ result: { kind: 'http', latency_ms: { mean: 3, p50: 2, p90: 5, p99: 9, p99_9: 14, max: 20 } } }), [[50, 2], [90, 5], [99, 9], [99.9, 14]]);
    assert.deepEqual(readLatencyCurve({ result: { kind: 'stability', http: { latency_ms: { p50: 1, p99: 4 } } } }), [[50, 1], [99, 4]]);
    assert.deepEqual(readLatencyCurve({ result: { kind: 'command', results: [{ median_ms: 10, p90_ms: 12, p95_ms: 13, p99_ms: 15, max_ms: 20 }] } }), [[50, 10], [90, 12], [95, 13], [99, 15]]);
    assert.equal(readLatencyCurve({ result: { kind: 'llm' } }), null);
    assert.equal(readSeries({ result: { series: [{ t_s: 1, requests_per_s: 10 }] } }), null, 'one point is no series');
    assert.equal(readSeries({ result: { http: { series: [{ t_s: 1 }, { t_s: 2 }] } } })?.length, 2);
  });
  test('running progress: elapsed and requests so far', () => {
    assert.deepEqual(readBenchProgress({ ok: true, status: 'running', progress: { kind: 'http', elapsed_s: 3, total_requests: 1200, point: { requests_per_s: 400 } } }), { elapsedS: 3, requests: 1200, label: '1200 requests · 400/s' });
    assert.equal(readBenchProgress({ ok: true, status: 'done', result: {} }), null);
  });
});

describe('Pareto pairs and parallel axes', () => {
  test('one pair for two objectives, three for three', () => {
    assert.deepEqual(objectivePairs(2), [[0, 1]]);
    assert.deepEqual(objectivePairs(3), [[0, 1], [0, 2], [1, 2]]);
    assert.equal(objectivePairs(5).length, 6);
  });
  test('numeric and categorical axes, then the objectives', () => {
    const trials: TrialViewJson[] = [
      { ...trial(0, 'complete', 1), params: { lr: 0.001, opt: 'sgd' } },
      { ...trial(1, 'complete', 3), params: { lr: 1, opt: 'adam' } },
    ];
    const axes = parallelAxes(study(), trials);
    assert.deepEqual(axes.map((a) => a.label), ['lr', 'opt', 'value']);
    assert.deepEqual(axes[1]!.categories, ['adam', 'sgd']);
    assert.equal(axes[0]!.scale!.log, true, 'three decades of learning rate: log axis');
    assert.equal(axisPosition(axes[1]!, trials[0]!), 1);
    assert.equal(axisPosition(axes[2]!, trials[0]!), 0);
  });
});
