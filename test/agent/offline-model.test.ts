import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { stepCountIs, streamText, tool, type ToolSet } from 'ai';
import { z } from 'zod';
import { OfflineModel } from '../../server/agent/offline-model/offline-model.ts';
import { TARGETS_MARKER } from '../../tools/targets/agent-tools.ts';

const XGBOOST = {
  name: 'xgboost', kind: 'command', family: 'xgboost',
  metrics: [{ name: 'accuracy', direction: 'maximize' }, { name: 'latency_p50_ms', direction: 'minimize' }, { name: 'latency_p99_ms', direction: 'minimize' }, { name: 'batch_ms', direction: 'minimize' }],
};

/** Optimizer-shaped results (tools/optimizer/summary.ts) so the writers are checked against real field names. */
function summary(overrides: Record<string, unknown>) {
  return {
    study_id: 'st-1', name: 'study', status: 'complete', sampler: 'tpe',
    trials: { total: 12, budget: 12, waiting: 0, running: 0, complete: 11, pruned: 0, failed: 1 },
    elapsed_s: 9.5, time_limit_s: null, last_trial: null, pareto: [], ...overrides,
  };
}

function studyTools(result: unknown, calls: Array<{ name: string; input: unknown }>, start: unknown = { ok: true, study_id: 'st-1' }): ToolSet {
  const record = (name: string) => async (input: unknown) => {
    calls.push({ name, input });
    return name === 'start_study' ? start : result;
  };
  const schema = z.object({}).passthrough();
  return {
    start_study: tool({ description: 'start', inputSchema: schema, execute: record('start_study') }),
    wait_for_study: tool({ description: 'wait', inputSchema: schema, execute: record('wait_for_study') }),
    best_trials: tool({ description: 'best', inputSchema: schema, execute: record('best_trials') }),
    list_targets: tool({ description: `targets\n${TARGETS_MARKER}${JSON.stringify([XGBOOST])}`, inputSchema: schema, execute: record('list_targets') }),
  };
}

async function run(prompt: string, tools: ToolSet) {
  const result = streamText({ model: new OfflineModel(), tools, stopWhen: stepCountIs(6), prompt });
  const types: string[] = [];
  for await (const part of result.fullStream) types.push(part.type);
  return { text: await result.text, types };
}

describe('OfflineModel', () => {
  test('streams a tool call with its input in pieces, then the answer word by word', async () => {
    const model = new OfflineModel();
    const tools = [{ type: 'function' as const, name: 'start_study', description: '', inputSchema: {} }];
    const { stream } = await model.doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'minimize branin with 40 trials' }] }], tools });
    const parts: LanguageModelV3StreamPart[] = [];
    const reader = stream.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
    const call = parts.find((p) => p.type === 'tool-call');
    assert.ok(call && call.type === 'tool-call');
    assert.deepEqual(JSON.parse(call.input), { target: 'branin', objectives: [{ metric: 'value', direction: 'minimize' }], trials: 40 });
    const deltas = parts.filter((p) => p.type === 'tool-input-delta').map((p) => (p as { delta: string }).delta).join('');
    assert.equal(deltas, call.input);
    assert.deepEqual(parts.at(-1)?.type === 'finish' && parts.at(-1), { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage: (parts.at(-1) as { usage: unknown }).usage });
  });

  test('writes the best value and parameters from the study result, after start_study then wait_for_study', async () => {
    const calls: Array<{ name: string; input: unknown }> = [];
    const best = { number: 7, state: 'complete', params: { x1: 9.4247, x2: 2.4751 }, values: [0.397887], metrics: { value: 0.397887 } };
    const { text, types } = await run('minimize the branin function with 40 trials', studyTools(summary({ objectives: [{ metric: 'value', direction: 'minimize' }], best }), calls));
    assert.deepEqual(calls.map((c) => c.name), ['start_study', 'wait_for_study']);
    assert.deepEqual(calls[1]!.input, { study_id: 'st-1' });
    assert.match(text, /value = 0\.3979/);
    assert.match(text, /x1 = 9\.425, x2 = 2\.475/);
    assert.match(text, /trial #7/);
    assert.match(text, /12 trials \(11 complete, 1 failed\)/);
    assert.ok(types.filter((t) => t === 'text-delta').length > 10, 'text streams in many deltas');
  });

  test('for two objectives: the Pareto front as a table, the recommendation, why, and what it traded', async () => {
    const trial = (number: number, depth: number, accuracy: number, p99: number) => ({
      number, state: 'complete', params: { max_depth: depth, n_estimators: depth * 20 }, values: [p99, accuracy],
      metrics: { accuracy, latency_p99_ms: p99, latency_p50_ms: p99 / 2, batch_ms: p99 * 3 },
    });
    const front = [trial(3, 2, 0.9420, 0.05), trial(5, 4, 0.9601, 0.08), trial(9, 8, 0.9650, 0.21)];
    const objectives = [{ metric: 'latency_p99_ms', direction: 'minimize' }, { metric: 'accuracy', direction: 'maximize' }];
    const { text } = await run('tune my XGBoost for latency', studyTools(summary({ objectives, best: front[0], pareto: front }), []));
    assert.match(text, /\| trial \| latency_p99_ms \(min\) \| accuracy \(max\) \| max_depth \| n_estimators \|/);
    assert.match(text, /\| #9 \| 0\.21 \| 0\.965 \| 8 \| 160 \|/);
    // 0.9601 is within 1% of the best accuracy 0.965 and faster than #9; 0.942 is not within 1%.
    assert.match(text, /Recommended: trial #5\*\* with max_depth = 4, n_estimators = 80/);
    assert.match(text, /latency_p99_ms 0\.08 ms/);
    assert.match(text, /within 1% of the best accuracy/);
    assert.match(text, /gives up 0\.0049 accuracy \(-0\.5%\) for 62% lower latency_p99_ms \(0\.21 ms → 0\.08 ms\)/);
  });

  test('"without losing more than 3% accuracy" widens the tolerance used for the recommendation', async () => {
    const trial = (number: number, accuracy: number, batch: number) => ({ number, params: { max_depth: number }, values: [batch, accuracy], metrics: { accuracy, batch_ms: batch } });
    const front = [trial(1, 0.94, 0.2), trial(2, 0.96, 0.5), trial(3, 0.965, 0.9)];
    const objectives = [{ metric: 'batch_ms', direction: 'minimize' }, { metric: 'accuracy', direction: 'maximize' }];
    const { text } = await run('make xgboost batch prediction faster without losing more than 3% accuracy', studyTools(summary({ objectives, pareto: front }), []));
    assert.match(text, /Recommended: trial #1\*\*/);
    assert.match(text, /within 3% of the best accuracy/);
  });

  test('a time budget makes wait_for_study wait long enough; a wait that times out reports progress, not a result', async () => {
    const calls: Array<{ name: string; input: unknown }> = [];
    const running = summary({ status: 'running', timed_out: true, objectives: [{ metric: 'value', direction: 'minimize' }], trials: { total: 7, budget: 0, waiting: 0, running: 1, complete: 6, pruned: 0, failed: 0 }, best: { number: 4, params: { x0: 1.5 }, values: [2.25], metrics: { value: 2.25 } } });
    const { text } = await run('minimize branin, you have 10 minutes', studyTools(running, calls));
    assert.deepEqual(calls[1]!.input, { study_id: 'st-1', timeout_s: 660 });
    assert.match(text, /is \*\*running\*\*: 7 trials \(1 running, 6 complete\)/);
    assert.match(text, /Best so far: value = 2\.25 \(trial #4\) with x0 = 1\.5/);
    assert.match(text, /keeps running in the background/);
  });

  test('a failed start_study ends the turn with the tool error, without waiting', async () => {
    const calls: Array<{ name: string; input: unknown }> = [];
    const error = { ok: false, error: { code: 'invalid_argument', message: 'trials must be at least 1, got 0', details: {} } };
    const { text } = await run('minimize branin with 30 trials', studyTools({}, calls, error));
    assert.deepEqual(calls.map((c) => c.name), ['start_study']);
    assert.match(text, /trials must be at least 1, got 0/);
  });

  test('a tool the server does not offer is named, never called', async () => {
    const { text, types } = await run('alert me if p99 latency goes over 200 ms', studyTools({}, []));
    assert.ok(!types.includes('tool-call'));
    assert.match(text, /`add_rule` tool, but this server does not offer it/);
  });

  test('is deterministic: the same conversation gives the same parts', async () => {
    const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hello, what do you do?' }] }];
    const a = await new OfflineModel().doGenerate({ prompt });
    const b = await new OfflineModel().doGenerate({ prompt });
    assert.deepEqual(a.content, b.content);
    assert.equal(a.finishReason.unified, 'stop');
  });
});
