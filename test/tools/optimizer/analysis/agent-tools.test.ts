import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRng } from '../../../../tools/common/rng.ts';
import { createAnalysisTools, type StudyReader } from '../../../../tools/optimizer/analysis/agent-tools.ts';
import type { Distribution, StudyRecord, Trial } from '../../../../tools/optimizer/types.ts';

const x: Distribution = { type: 'float', low: 0, high: 1, log: false, step: null, q: null };
const y: Distribution = { type: 'float', low: 0, high: 1, log: false, step: null, q: null };

function record(id: string, objectives: StudyRecord['spec']['objectives']): StudyRecord {
  return { id, name: id, sessionId: 'sess', spec: { space: {}, objectives, target: { kind: 'builtin', problem: 'x' } }, status: 'complete', createdAt: 0, updatedAt: 0 };
}

function trials(studyId: string, f: (a: number, b: number) => number[]): Trial[] {
  const rng = createRng(9);
  return Array.from({ length: 40 }, (_, number) => {
    const params = { x: rng.next(), y: rng.next() };
    const values = f(params.x, params.y);
    return {
      id: `${studyId}-${number}`, studyId, number, state: 'complete', params, distributions: { x, y }, values, metrics: { p99_ms: 10 + 50 * params.y },
      intermediate: {}, constraintViolations: null, userAttrs: {}, systemAttrs: {}, attempt: 1, error: null, createdAt: 0, startedAt: 0, completedAt: 0,
    } satisfies Trial;
  });
}

function reader(): StudyReader {
  const studies = new Map<string, { record: StudyRecord; trials: Trial[] }>([
    ['single', { record: record('single', [{ metric: 'loss', direction: 'minimize' }]), trials: trials('single', (a) => [(a - 0.3) ** 2]) }],
    ['multi', { record: record('multi', [{ metric: 'acc', direction: 'maximize' }, { metric: 'cost', direction: 'minimize' }]), trials: trials('multi', (a, b) => [a, a * a + 0.1 * b]) }],
  ]);
  return {
    get: (id) => studies.get(id)?.record ?? null,
    latestForSession: () => studies.get('multi')!.record,
    trials: (id) => studies.get(id)!.trials,
  };
}

async function call(tools: ReturnType<typeof createAnalysisTools>, name: string, input: Record<string, unknown>): Promise<any> {
  const t = tools[name]!;
  return t.execute!(input as never, { toolCallId: '1', messages: [] });
}

describe('analysis agent tools', () => {
  const tools = createAnalysisTools({ services: { studies: reader() }, sessionId: 'sess' });

  test('param_importance names the dominant parameter with its share of variance', async () => {
    const result = await call(tools, 'param_importance', { study_id: 'single' });
    assert.equal(result.ok, true);
    assert.equal(result.params[0].param, 'x');
    assert.match(result.summary, /^x explains \d+(\.\d+)?% of the variance in loss over 40 trials$/);
    const metric = await call(tools, 'param_importance', { study_id: 'single', metric: 'p99_ms' });
    assert.equal(metric.params[0].param, 'y');
  });

  test('unknown metric and unknown study are fixable errors', async () => {
    const bad = await call(tools, 'param_importance', { study_id: 'single', metric: 'nope' });
    assert.equal(bad.ok, false);
    assert.equal(bad.error.code, 'invalid_argument');
    assert.match(bad.error.message, /known: loss, p99_ms/);
    const missing = await call(tools, 'pareto_front', { study_id: 'zzz' });
    assert.deepEqual([missing.ok, missing.error.code], [false, 'not_found']);
  });

  test('pareto_front defaults to the latest study and reports the knee', async () => {
    const result = await call(tools, 'pareto_front', {});
    assert.equal(result.study_id, 'multi');
    assert.ok(result.front.length >= 2);
    assert.ok(result.front.some((f: { trial: number }) => f.trial === result.knee_trial));
    assert.ok(result.hypervolume > 0);
    const wrong = await call(tools, 'pareto_front', { reference: [1] });
    assert.match(wrong.error.message, /one value per objective \(2\), got 1/);
  });

  test('best_history is monotone and downsampled', async () => {
    const result = await call(tools, 'best_history', { study_id: 'single', max_points: 10 });
    assert.ok(result.points.length <= 11);
    const bests = result.points.map((p: { best: number }) => p.best);
    for (let i = 1; i < bests.length; i++) assert.ok(bests[i] <= bests[i - 1]);
    const hv = await call(tools, 'best_history', { study_id: 'multi' });
    const hvs = hv.points.map((p: { best: number }) => p.best);
    for (let i = 1; i < hvs.length; i++) assert.ok(hvs[i] >= hvs[i - 1] - 1e-9);
  });

  test('without the optimizer service the tools say so', async () => {
    const none = createAnalysisTools({ services: {}, sessionId: 's' });
    const result = await call(none, 'param_importance', {});
    assert.deepEqual([result.ok, result.error.code], [false, 'unavailable']);
  });
});
