import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChartToolOutput } from '../../../server/studies-protocol.ts';
import { createChartTools } from '../../../tools/charts/agent-tools.ts';
import { systemClock } from '../../../tools/common/clock.ts';
import type { ToolFailure } from '../../../tools/common/errors.ts';
import { createOptimizerTools } from '../../../tools/optimizer/agent-tools.ts';
import { InMemoryStorage } from '../../../tools/optimizer/in-memory-storage.ts';
import { StudyManager } from '../../../tools/optimizer/study-manager.ts';

type Exec = (input: unknown, options?: unknown) => unknown;

function setup(sessionId = 'sess') {
  const studies = new StudyManager({ storage: new InMemoryStorage(), clock: systemClock });
  const tools = { ...createOptimizerTools({ services: { studies }, sessionId }), ...createChartTools({ services: { studies }, sessionId }) };
  const run = (name: string, input: unknown) => (tools[name]!.execute as Exec)(input, { toolCallId: 't', messages: [] });
  return { studies, run };
}

test('chart_study defaults to the session latest study and the history; text is a sparkline, summary has the numbers', async () => {
  const { studies, run } = setup();
  const none = (await run('chart_study', {})) as ToolFailure;
  assert.equal(none.ok, false);
  assert.equal(none.error.code, 'not_found');

  const started = (await run('start_study', { target: 'branin', trials: 25, seed: 4, sampler: 'random' })) as { study_id: string };
  await studies.wait(started.study_id);
  const out = (await run('chart_study', {})) as ChartToolOutput;
  assert.equal(out.ok, true);
  assert.equal(out.chart, 'history');
  assert.equal(out.study_id, started.study_id);
  assert.equal(out.png_url, `/api/studies/${started.study_id}/charts/history.png`);
  const best = studies.status(started.study_id).best!;
  assert.match(out.summary, new RegExp(`best value ${Number(best.values![0]!.toPrecision(4))} at trial #${best.number}`));
  assert.match(out.summary, /25 complete, 0 pruned, 0 failed/);
  assert.match(out.text, /^best value \(min\) over 25 trials\n[▁▂▃▄▅▆▇█]{25} /);

  const pareto = (await run('chart_study', { chart: 'pareto' })) as ToolFailure;
  assert.equal(pareto.ok, false);
  assert.equal(pareto.error.code, 'unsupported');
  assert.equal(pareto.error.details.rule, 'objectives >= 2');
  assert.equal(pareto.error.details.objectives, 1);
  assert.match(pareto.error.message, /needs at least 2 objectives, but study ".*" has 1 \(value\)/);

  const table = (await run('chart_study', { chart: 'trials' })) as ChartToolOutput;
  assert.match(table.text.split('\n')[0]!, /^#\s+value \(min\)\s+x0\s+x1$/);
  assert.match(table.text.split('\n')[2]!, new RegExp(`^${best.number}\\s`), 'best trial first');
  const importance = (await run('chart_study', { chart: 'importance' })) as ChartToolOutput;
  assert.match(importance.text, /importance for value\nx[01] +█/);
});

test('chart_study on a multi-objective study: the front as a table with the recommended trial', async () => {
  const { studies, run } = setup();
  const started = (await run('start_study', { target: 'zdt1', trials: 30, seed: 2 })) as { study_id: string };
  await studies.wait(started.study_id);
  const out = (await run('chart_study', { study_id: started.study_id, chart: 'pareto' })) as ChartToolOutput;
  assert.equal(out.ok, true);
  const view = studies.best(started.study_id);
  assert.match(out.summary, new RegExp(`Pareto front of ".*": ${view.pareto.length} non-dominated trials of 30 complete, f1 \\(min\\) vs f2 \\(min\\)\\. Recommended trial #\\d+`));
  assert.match(out.text, /†/, 'the recommended trial is marked');
  const unknown = (await run('chart_study', { study_id: 'st_nope' })) as ToolFailure;
  assert.equal(unknown.error.code, 'not_found');
});
