import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeStudyResult } from '../../../server/agent/offline-model/intents/tune.ts';
import { writeBestResults, writeStatus } from '../../../server/agent/offline-model/writers/study-follow-up.ts';
import type { ToolExchange } from '../../../server/agent/offline-model/conversation.ts';

// The transcript of docs/demo/web-distill.md: one objective (accuracy), two constraints, no feasible trial.
const constraints = [{ metric: 'size_kb', op: '<', value: 50 }, { metric: 'accuracy', op: '>=', value: 0.97 }];
const accuracy = [{ metric: 'accuracy', direction: 'maximize' }];
const closest = { number: 19, params: { width: 1.127, depth: 1 }, values: [0.963], metrics: { accuracy: 0.963, size_kb: 49.3 } };
const study = (overrides: Record<string, unknown> = {}) => ({
  study_id: 'st_demo', status: 'complete', target: 'distill', objectives: accuracy, constraints,
  trials: { total: 20, budget: 20, complete: 20 }, best: null, pareto: [], closest, ...overrides,
});
const fallback = { studyId: 'st_demo', target: 'distill', objectives: accuracy as never, constraints: constraints as never };
const timedOut = (output: Record<string, unknown>): ToolExchange[] => [
  { toolCallId: '1', toolName: 'start_study', input: {}, output: { study_id: 'st_demo' }, failed: false },
  { toolCallId: '2', toolName: 'wait_for_study', input: {}, output: { ...output, timed_out: true }, failed: false },
];

test('a study still running when the wait ends: a one-objective study is asked about its best one, never its Pareto front', () => {
  const text = writeStudyResult(timedOut(study({ status: 'running', trials: { total: 3, budget: 20, complete: 2, running: 1 } })), fallback);
  assert.match(text, /The study keeps running in the background: ask "how is it going\?" for progress or "what's the best one\?" when it is done\.$/);
  assert.doesNotMatch(text, /Pareto/);
});

test('a multi-objective study still running: "show the Pareto front" is offered', () => {
  const objectives = [...accuracy, { metric: 'latency_p99_ms', direction: 'minimize' }];
  const text = writeStudyResult(timedOut(study({ status: 'running', objectives, constraints: [], closest: undefined })), { ...fallback, objectives: objectives as never, constraints: [] });
  assert.match(text, /or "show the Pareto front" when it is done\.$/);
});

test('"what\'s the best one?" on a finished study leads with the final results, on a running one with the best so far', () => {
  const finished = writeBestResults(study(), {});
  assert.match(finished, /^Here are the final results\.\n\n20 trials completed, but none meets the constraints/);
  assert.doesNotMatch(finished, /so far/);
  for (const status of ['stopped', 'failed']) assert.match(writeBestResults(study({ status }), {}), /^Here are the final results\./);
  const running = writeBestResults(study({ status: 'running', trials: { total: 5, budget: 20, complete: 4, running: 1 } }), {});
  assert.match(running, /^Here are the best results so far\./);
});

test('what to do about a study with no feasible trial reads plainly: the closest trial by number, with what it measured', () => {
  const text = writeStatus(study(), {});
  assert.match(text, /To meet every bound, run more trials \(say "run 20 more": the sampler continues from these\) or widen the search space \(say "try again with …"\)\. If accuracy 0\.963 is good enough for you, trial #19 is the one to use\.$/);
  // Missing two bounds: both measurements are named.
  const both = { ...closest, number: 7, metrics: { accuracy: 0.951, size_kb: 53.29 } };
  assert.match(writeStatus(study({ closest: both }), {}), /If size_kb 53\.29 and accuracy 0\.951 are good enough for you, trial #7 is the one to use\.$/);
});
