import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCase, type DevCase } from './support/dev-set.ts';
import { messageText, runDryTurns, toolCalls } from './support/turns.ts';

/**
 * Issue 14 through the real turn loop (dry run, graph understanding): charts of a study in the words people use
 * (plot/chart/graph/visualise/draw, typos), mid-run follow-ups ("how is it going?", "stop it", "run 20 more"), and
 * follow-ups that name their study by id. The phrasings are not the corpus templates' exact words.
 */
const STUDY = 'minimize branin with 200 trials';
const XGB = 'tune xgboost for latency and accuracy with 40 trials';

const chart = (kind: string): DevCase['expect'] => ({ calls: [{ tool: 'chart_study', args: { chart: kind } }] });

const CASES: Array<[string, string[], DevCase['expect']]> = [
  ['convergence as a graph', [STUDY, 'show the convergence as a graph'], chart('history')],
  ['plot the optimization history', [STUDY, 'plot the optimization history'], chart('history')],
  ['visualise how it improved, british spelling', [STUDY, 'can you visualise how the best value improved over the trials?'], chart('history')],
  ['chart the Pareto front', [XGB, 'chart the Pareto front'], chart('pareto')],
  ['draw the trade-off, typo in the verb', [XGB, 'drwa the trade-off between latency and accuracy'], chart('pareto')],
  ['graph the importance', [XGB, 'graph the importance'], chart('importance')],
  ['a bar chart of which knobs matter', [XGB, 'bar chart of which knobs matter most please'], chart('importance')],
  ['parallel coordinates plot', [XGB, 'parallel coordinates plot'], chart('parallel')],
  ['learning curves', [XGB, 'show me the learning curves'], chart('intermediate')],
  ['intermediate values', [XGB, 'plot the intermediate values of each trial'], chart('intermediate')],
  ['the trials table', [STUDY, 'show me the trials table'], chart('trials')],
  ['a chart of a study named by id', ['plot the history of st_k2x9q81m'], { calls: [{ tool: 'chart_study', args: { chart: 'history', study_id: 'st_k2x9q81m' } }] }],
  ['how is it going, mid-run', [STUDY, 'how is it going?'], { calls: [{ tool: 'study_status' }] }],
  ["how's it doing", [STUDY, "how's it doing"], { calls: [{ tool: 'study_status' }] }],
  ['any progress', [STUDY, 'any progress?'], { calls: [{ tool: 'study_status' }] }],
  ['stop it', [STUDY, 'stop it'], { calls: [{ tool: 'stop_study' }] }],
  ['kill that study', [STUDY, 'kill that study'], { calls: [{ tool: 'stop_study' }] }],
  ['halt', [STUDY, 'halt'], { calls: [{ tool: 'stop_study' }] }],
  ['run 20 more', [STUDY, 'run 20 more'], { calls: [{ tool: 'continue_study', args: { trials: 20 } }] }],
  ['20 more trials please', [STUDY, '20 more trials please'], { calls: [{ tool: 'continue_study', args: { trials: 20 } }] }],
  ['keep going for another 20', [STUDY, 'keep going for another 20'], { calls: [{ tool: 'continue_study', args: { trials: 20 } }] }],
  ['do another twenty', [STUDY, 'do another twenty'], { calls: [{ tool: 'continue_study', args: { trials: 20 } }] }],
  ['stop a study named by id', ['stop st_ab12cd'], { calls: [{ tool: 'stop_study', args: { study_id: 'st_ab12cd' } }] }],
  ['more trials on a study named by id', ['run 30 more on st_ab12cd9'], { calls: [{ tool: 'continue_study', args: { study_id: 'st_ab12cd9', trials: 30 } }] }],
  ['a named id wins over the session study', [STUDY, 'status of st_0f3k2j9a please'], { calls: [{ tool: 'study_status', args: { study_id: 'st_0f3k2j9a' } }] }],
];

describe('offline model: charts and follow-ups while a study runs (issue 14)', () => {
  for (const [name, messages, expect] of CASES) {
    test(name, async () => {
      const last = await runDryTurns(messages);
      assert.equal(checkCase({ id: name, messages, expect }, toolCalls(last)), '', `${messages.join(' → ')}: ${JSON.stringify(toolCalls(last))}`);
      assert.ok(messageText(last).length > 0);
    });
  }

  test('"show the best trials" stays best_trials and "which knobs matter?" param_importance: a chart needs chart words', async () => {
    assert.deepEqual(toolCalls(await runDryTurns([XGB, 'show me the best trials'])).map((c) => c.tool), ['best_trials']);
    assert.deepEqual(toolCalls(await runDryTurns([XGB, 'which knobs matter?'])).map((c) => c.tool), ['param_importance']);
  });
});
