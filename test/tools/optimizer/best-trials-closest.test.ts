import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../../tools/common/clock.ts';
import { createOptimizerTools } from '../../../tools/optimizer/agent-tools.ts';
import { InMemoryStorage } from '../../../tools/optimizer/in-memory-storage.ts';
import { StudyManager } from '../../../tools/optimizer/study-manager.ts';

type Exec = (input: unknown, options?: unknown) => unknown;

/**
 * "what's the best one?" after a study whose constraints no trial met: best_trials must carry what the answer needs to
 * name the closest trial (the constraints, the counts and the closest), else the writer says "no trial completed".
 */
test('best_trials of a study with no feasible trial gives the constraints, the counts and the closest trial', async () => {
  const studies = new StudyManager({ storage: new InMemoryStorage(), clock: systemClock });
  const tools = createOptimizerTools({ services: { studies }, sessionId: 'sess' });
  const run = (name: string, input: unknown) => (tools[name]!.execute as Exec)(input, { toolCallId: 't', messages: [] });
  const started = (await run('start_study', { target: 'branin', trials: 4, seed: 1, constraints: [{ metric: 'value', op: '<', value: -1 }] })) as Record<string, any>;
  assert.equal(started.ok, true, JSON.stringify(started));
  for await (const _ of run('wait_for_study', { study_id: started.study_id }) as AsyncIterable<unknown>);
  const best = (await run('best_trials', { study_id: started.study_id })) as Record<string, any>;
  assert.equal(best.best, null);
  assert.deepEqual(best.constraints, [{ metric: 'value', op: '<', value: -1 }]);
  assert.equal(best.trials.complete, 4);
  assert.equal(typeof best.closest.number, 'number');
  assert.ok(best.closest.metrics.value > -1);
});
