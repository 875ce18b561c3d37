import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCase, type DevCase } from './support/dev-set.ts';
import { messageText, runDryTurns, toolCalls } from './support/turns.ts';
import { OfflineModel } from '../../server/agent/offline-model/offline-model.ts';
import { createTestServices } from '../support/test-services.ts';

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
  ['misspelt chart words', [STUDY, 'vizualize the convergance'], chart('history')],
  ['"plot that" draws what the last answer showed', [XGB, 'which knobs matter?', 'plot that'], chart('importance')],
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
  ['"kill it with fire" stops, whatever "with" suggests', [STUDY, 'kill it with fire'], { calls: [{ tool: 'stop_study' }] }],
  ['one more round of 20', [STUDY, 'one more round of 20'], { calls: [{ tool: 'continue_study', args: { trials: 20 } }] }],
  ['stop a study named by id', ['stop st_ab12cd'], { calls: [{ tool: 'stop_study', args: { study_id: 'st_ab12cd' } }] }],
  ['more trials on a study named by id', ['run 30 more on st_ab12cd9'], { calls: [{ tool: 'continue_study', args: { study_id: 'st_ab12cd9', trials: 30 } }] }],
  ['a named id wins over the session study', [STUDY, 'status of st_0f3k2j9a please'], { calls: [{ tool: 'study_status', args: { study_id: 'st_0f3k2j9a' } }] }],
];

/** General gaps closed with issue 14 (registration in prose, classic functions, counts and bounds in words). */
const GAPS: Array<[string, string[], DevCase['expect']]> = [
  ['a target registered from prose, by "register it as"', ['my scorer runs as `python3 score.py --fast`, register it as fastscore; it prints auc, higher is better'],
    { calls: [{ tool: 'register_target', args: { name: 'fastscore', kind: 'command', command: ['python3', 'score.py', '--fast'], metrics: [{ name: 'auc', direction: 'maximize' }] } }] }],
  ['a service registered as "is called"', ['the service at http://127.0.0.1:8090/score is called ranker2 and returns ndcg (maximise)'],
    { calls: [{ tool: 'register_target', args: { name: 'ranker2', kind: 'http', url: 'http://127.0.0.1:8090/score', metrics: [{ name: 'ndcg', direction: 'maximize' }] } }] }],
  ['the metrics asked for after a registration without them complete it', ['register `node rank.js` as target rankr', 'it prints ndcg, higher is better'],
    { calls: [{ tool: 'register_target', args: { name: 'rankr', command: ['node', 'rank.js'], metrics: [{ name: 'ndcg', direction: 'maximize' }] } }] }],
  ['a classic test function the catalog lacks is passed on as named', ['minimise griewank with sixty trials'], { calls: [{ tool: 'start_study', args: { target: 'griewank', trials: 60 } }] }],
  ['parallel and total in either order', ['tune ackley with 4 trials in parallel and 48 in total'], { calls: [{ tool: 'start_study', args: { target: 'ackley', parallel: 4, trials: 48 } }] }],
  ['an evolution strategy is CMA-ES', ['tune levy using an evolution strategy, 30 trials'], { calls: [{ tool: 'start_study', args: { target: 'levy', sampler: 'cmaes', trials: 30 } }] }],
  ['"let it choose" the sampler', ['minimize branin and let it choose the sampler'], { calls: [{ tool: 'start_study', args: { target: 'branin', sampler: 'auto' } }] }],
  ['a negated fall is a floor', ['cut xgboost latency but do not let accuracy fall below 94%'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', constraints: [{ metric: 'accuracy', op: 're:^>=?$', value: 0.94 }] } }] }],
  ['a bound with no comparator word caps what is minimized', ['I need xgboost more accurate, and it has to respond within 12 ms at p99'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', constraints: [{ metric: 'latency_p99_ms', op: 're:^<=?$', value: 12 }] } }] }],
  ['a threshold after a study is the study again with it, whichever reading the encoder prefers', [XGB, 'make sure accuracy does not drop below 91% please'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', constraints: [{ metric: 'accuracy', op: 're:^>=?$', value: 0.91 }] } }] }],
  ['"no worse than" caps what is minimized and floors what is maximized', ['tune xgboost for accuracy with p99 latency no worse than 9 ms'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', constraints: [{ metric: 'latency_p99_ms', op: 're:^<=?$', value: 9 }] } }] }],
  ['"or better" on a maximized metric is a floor', ['make xgboost faster, accuracy has to be 0.93 or better'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', constraints: [{ metric: 'accuracy', op: 're:^>=?$', value: 0.93 }] } }] }],
  ['a bound said with a noun, the value after it', ['tune xgboost for batch time, accuracy floor 0.9, p99 cap of 40 ms'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', constraints: { contains: [{ metric: 'accuracy', op: '>=', value: 0.9 }, { metric: 'latency_p99_ms', op: '<=', value: 40 }] } } }] }],
  ['a count of times is a count of requests, "times a second" a rate', ['GET localhost:3000/ping 250 times'], { calls: [{ tool: 'bench_http', args: { url: 'http://localhost:3000/ping', requests: 250 } }] }],
  ['a terse one-liner naming the target by its abbreviation', ['xgb p99 20 trials'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', trials: 20, objectives: { contains: [{ metric: 'latency_p99_ms', direction: 'minimize' }] } } }] }],
  ['"x10" runs a command ten times', ['time `./run.sh` x10'], { calls: [{ tool: 'bench_command', args: { command: ['./run.sh'], runs: 10 } }] }],
  ['asked to write code, with a word that reads like a look-up', ['write a go program that prints a linked list'], { no_calls: true }],
  ['an everyday thing to optimise is refused, not asked about', ['optimise my wardrobe for a job interview next week'], { no_calls: true }],
  // Removing a rule or stopping a study needs a word that asks for it, whatever "it" refers to.
  ['a poem about the alert just made removes nothing', ['warn me when the error rate is over 2%', 'compose a short poem about it'], { no_calls: true }],
  ['the alert just made, removed when asked', ['warn me when the error rate is over 2%', 'actually get rid of that alert'], { calls: [{ tool: 'remove_rule' }] }],
  ['a song about the running study stops nothing', [STUDY, 'sing me a song about it'], { no_calls: true }],
];

describe('offline model: charts and follow-ups while a study runs (issue 14)', () => {
  for (const [name, messages, expect] of GAPS) {
    test(name, async () => {
      const last = await runDryTurns(messages);
      assert.equal(checkCase({ id: name, messages, expect }, toolCalls(last)), '', `${messages.join(' → ')}: ${JSON.stringify(toolCalls(last))}`);
      assert.ok(messageText(last).length > 0);
    });
  }

  for (const [name, messages, expect] of CASES) {
    test(name, async () => {
      const last = await runDryTurns(messages);
      assert.equal(checkCase({ id: name, messages, expect }, toolCalls(last)), '', `${messages.join(' → ')}: ${JSON.stringify(toolCalls(last))}`);
      assert.ok(messageText(last).length > 0);
    });
  }

  test('the keyword fallback (weights that do not load) still draws charts and reads study ids', async () => {
    const keyword = () => createTestServices(new OfflineModel({ understanding: 'keyword' }));
    assert.deepEqual(toolCalls(await runDryTurns([STUDY, 'plot the convergence'], keyword())), [{ tool: 'chart_study', input: { chart: 'history' } }]);
    assert.deepEqual(toolCalls(await runDryTurns([XGB, 'parallel coordinates plot'], keyword())), [{ tool: 'chart_study', input: { chart: 'parallel' } }]);
    assert.deepEqual(toolCalls(await runDryTurns(['stop study st_ab12cd'], keyword())), [{ tool: 'stop_study', input: { study_id: 'st_ab12cd' } }]);
    assert.deepEqual(toolCalls(await runDryTurns([XGB, 'which knobs matter?'], keyword())).map((c) => c.tool), ['param_importance']);
  });

  test('"show the best trials" stays best_trials and "which knobs matter?" param_importance: a chart needs chart words', async () => {
    assert.deepEqual(toolCalls(await runDryTurns([XGB, 'show me the best trials'])).map((c) => c.tool), ['best_trials']);
    assert.deepEqual(toolCalls(await runDryTurns([XGB, 'which knobs matter?'])).map((c) => c.tool), ['param_importance']);
  });
});
