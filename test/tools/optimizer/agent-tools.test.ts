import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../../tools/common/clock.ts';
import { createOptimizerTools } from '../../../tools/optimizer/agent-tools.ts';
import { InMemoryStorage } from '../../../tools/optimizer/in-memory-storage.ts';
import { StudyManager } from '../../../tools/optimizer/study-manager.ts';

type Exec = (input: unknown, options?: unknown) => unknown;

function setup() {
  const studies = new StudyManager({ storage: new InMemoryStorage(), clock: systemClock });
  const tools = createOptimizerTools({ services: { studies }, sessionId: 'sess' });
  const run = (name: string, input: unknown) => (tools[name]!.execute as Exec)(input, { toolCallId: 't', messages: [] });
  return { studies, tools, run };
}

async function collect(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

test('start_study fills space and objectives from the target; wait_for_study streams progress then the summary', async () => {
  const { run } = setup();
  const started = (await run('start_study', { target: 'branin', trials: 30, sampler: 'tpe', seed: 3 })) as Record<string, any>;
  assert.equal(started.ok, true);
  assert.match(started.study_id, /^st_/);
  assert.deepEqual(started.plan.params, ['x0', 'x1']);
  assert.deepEqual(started.plan.objectives, [{ metric: 'value', direction: 'minimize' }]);
  const outputs = (await collect(run('wait_for_study', {}) as AsyncIterable<unknown>)) as Record<string, any>[];
  const final = outputs.at(-1)!;
  assert.equal(final.status, 'complete');
  assert.equal(final.timed_out, false);
  assert.equal(final.trials.complete, 30);
  assert.ok(final.best.values[0] < 5);
  for (const snapshot of outputs.slice(0, -1)) {
    assert.equal(snapshot.preliminary, true);
    assert.ok(snapshot.done <= 30 && snapshot.total === 30);
  }
  const best = (await run('best_trials', {})) as Record<string, any>;
  assert.deepEqual(best.best, final.best);
  const status = (await run('study_status', { study_id: started.study_id })) as Record<string, any>;
  assert.equal(status.study_id, started.study_id);
});

test('a multi-objective builtin problem defaults to all its objectives', async () => {
  const { run } = setup();
  const started = (await run('start_study', { target: 'dtlz2', trials: 12 })) as Record<string, any>;
  assert.deepEqual(started.plan.objectives, ['f1', 'f2', 'f3'].map((metric) => ({ metric, direction: 'minimize' })));
  const final = (await collect(run('wait_for_study', {}) as AsyncIterable<unknown>)).at(-1) as Record<string, any>;
  assert.ok(final.pareto.length >= 1);
  const single = (await run('start_study', { target: 'branin', trials: 3 })) as Record<string, any>;
  assert.deepEqual(single.plan.objectives, [{ metric: 'value', direction: 'minimize' }]);
});

test('fixable mistakes come back as data naming the problem', async () => {
  const { run } = setup();
  const unknown = (await run('start_study', { target: 'no-such-thing' })) as Record<string, any>;
  assert.equal(unknown.ok, false);
  assert.equal(unknown.error.code, 'not_found');
  assert.match(unknown.error.message, /known targets: .*branin/);
  const bad = (await run('start_study', { target: 'branin', space: { x0: { type: 'float', low: 3, high: 1 } } })) as Record<string, any>;
  assert.equal(bad.error.code, 'invalid_argument');
  assert.match(bad.error.message, /`low <= high` must hold for x0, got low=3, high=1/);
  const none = (await run('study_status', {})) as Record<string, any>;
  assert.equal(none.error.code, 'not_found');
  const waited = await collect(run('wait_for_study', { study_id: 'st_nope' }) as AsyncIterable<unknown>);
  assert.deepEqual((waited[0] as Record<string, any>).error.code, 'not_found');
});

test('stop_study ends a long study promptly and leaves it consistent', async () => {
  const { run, studies } = setup();
  const started = (await run('start_study', { target: 'hartmann6', trials: 100000, sampler: 'random' })) as Record<string, any>;
  await new Promise((r) => setTimeout(r, 50));
  const stopped = (await run('stop_study', {})) as Record<string, any>;
  assert.equal(stopped.status, 'stopped');
  assert.equal(stopped.trials.running, 0);
  const trials = studies.trials(started.study_id);
  assert.ok(trials.length < 100000);
  assert.ok(trials.every((t) => t.state !== 'running'));
});

test('continue_study resumes the session\'s latest study with more trials; wait_for_study then reports the whole study', async () => {
  const { run } = setup();
  const started = (await run('start_study', { target: 'branin', trials: 10, seed: 2 })) as Record<string, any>;
  await collect(run('wait_for_study', {}) as AsyncIterable<unknown>);
  const continued = (await run('continue_study', { trials: 5 })) as Record<string, any>;
  assert.equal(continued.ok, true);
  assert.equal(continued.study_id, started.study_id);
  assert.equal(continued.previous.trials, 10);
  assert.equal(continued.previous.status, 'complete');
  assert.equal(continued.plan.added_trials, 5);
  assert.equal(continued.plan.trials, 15);
  const final = (await collect(run('wait_for_study', {}) as AsyncIterable<unknown>)).at(-1) as Record<string, any>;
  assert.equal(final.trials.complete, 15);
  const missing = (await run('continue_study', { study_id: 'st_nope', trials: 5 })) as Record<string, any>;
  assert.equal(missing.error.code, 'not_found');
});
