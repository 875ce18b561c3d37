import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCase, type DevCase } from './support/dev-set.ts';
import { messageText, runDryTurns, toolCalls } from './support/turns.ts';

/**
 * Phrasings beyond the shared dev set (other words, orders, units), checked with the same matching rules.
 * They guard the understanding (synonym tables, slot extraction), not a list of sentences.
 */
const CASES: Array<[string[], DevCase['expect']]> = [
  [['Please tune xgboost to reduce tail latency'], { calls: [{ tool: 'start_study', args: { target: 'xgboost', objectives: { contains: [{ metric: 'latency_p99_ms', direction: 'minimize' }, { metric: 'accuracy', direction: 'maximize' }] } } }] }],
  [['optimise the Hartmann 6 function using a gaussian process, 80 trials'], { calls: [{ tool: 'start_study', args: { target: 'hartmann6', trials: 80, sampler: 'gp' } }] }],
  [['maximize xgboost accuracy within half an hour'], { calls: [{ tool: 'start_study', args: { target: 'xgboost', time_limit_s: 1800, objectives: [{ metric: 'accuracy', direction: 'maximize' }] } }] }],
  [['tune xgboost for latency with 3 workers and a 2 minute budget'], { calls: [{ tool: 'start_study', args: { target: 'xgboost', parallel: 3, time_limit_s: 120 } }] }],
  [['find the fastest xgboost config whose accuracy stays at least 96%'], { calls: [{ tool: 'start_study', args: { target: 'xgboost', constraints: [{ metric: 'accuracy', op: '>=', value: 0.96 }], objectives: { contains: [{ metric: 're:latency', direction: 'minimize' }] } } }] }],
  [['tune xgboost for 99th percentile latency, thirty trials'], { calls: [{ tool: 'start_study', args: { target: 'xgboost', trials: 30, objectives: { contains: [{ metric: 'latency_p99_ms', direction: 'minimize' }] } } }] }],
  [['tune xgboost for accuracy with hyperband pruning, 40 trials'], { calls: [{ tool: 'start_study', args: { target: 'xgboost', pruner: 'hyperband', trials: 40 } }] }],
  [['minimize hartmann6 with 60 trials and stop bad trials early'], { calls: [{ tool: 'start_study', args: { target: 'hartmann6', pruner: 'median', trials: 60 } }] }],
  [['minimize branin with 20 trials using ASHA', 'run 30 more'], { calls: [{ tool: 'continue_study', args: { trials: 30 } }] }],
  [['minimize zdt1 with 40 trials'], { calls: [{ tool: 'start_study', args: { target: 'zdt1', trials: 40, objectives: [{ metric: 'f1', direction: 'minimize' }, { metric: 'f2', direction: 'minimize' }] } }] }],
  [['minimise rosenbrock using NSGA-II with seed 7'], { calls: [{ tool: 'start_study', args: { target: 'rosenbrock', sampler: 'nsga2', seed: 7 } }] }],
  [['Search ackley with quasi-random sampling, 64 evaluations'], { calls: [{ tool: 'start_study', args: { target: 'ackley', sampler: 'qmc', trials: 64 } }] }],
  [['bench http://localhost:8080/health for 10s with 8 connections'], { calls: [{ tool: 'bench_http', args: { url: 'http://localhost:8080/health', connections: 8, duration_s: 10 } }] }],
  [['hammer 127.0.0.1:9000/predict with POST requests, 2000 rps for one minute'], { calls: [{ tool: 'bench_http', args: { url: 'http://127.0.0.1:9000/predict', rate: 2000, duration_s: 60, method: 'POST' } }] }],
  [["how long does `node build.js --mode 'prod build'` take? run it 5 times with 2 warmup runs"], { calls: [{ tool: 'bench_command', args: { command: ['node', 'build.js', '--mode', 'prod build'], runs: 5, warmup: 2 } }] }],
  [['benchmark the vLLM server at http://127.0.0.1:8001/v1 with 16 concurrent users, 200 requests, 128 max tokens'], { calls: [{ tool: 'bench_llm', args: { base_url: 'http://127.0.0.1:8001/v1', concurrency: 16, requests: 200, max_tokens: 128 } }] }],
  [['notify me when accuracy drops below 90%'], { calls: [{ tool: 'add_rule', args: { rule: { condition: { field: 'accuracy', operator: '<', value: 0.9 }, action: 'trigger_alert' } } }] }],
  [['stop the study if the 99th percentile latency exceeds 2 seconds'], { calls: [{ tool: 'add_rule', args: { rule: { condition: { field: 'latency_p99_ms', operator: '>', value: 2000 }, action: 'stop_study' } } }] }],
  [['show me the rules'], { calls: [{ tool: 'list_rules' }] }],
  [['delete rule r-12'], { calls: [{ tool: 'remove_rule', args: { rule_id: 'r-12' } }] }],
  [['what targets are available?'], { calls: [{ tool: 'list_targets' }] }],
  [['list my sessions'], { calls: [{ tool: 'list_sessions' }] }],
  [["replay yesterday's session"], { calls: [{ tool: 'list_sessions' }] }],
  [["what's the weather like in Paris?"], { no_calls: true }],
  [['tell me a joke'], { no_calls: true }],
  [['help'], { no_calls: true }],
  [['minimize branin with 20 trials', 'cancel that'], { calls: [{ tool: 'stop_study' }] }],
  [['minimize branin with 20 trials', 'stop it', 'resume the study'], { calls: [{ tool: 'continue_study', args: { trials: 20 } }, { tool: 'wait_for_study' }] }],
  [['minimize branin with 20 trials', 'pick it back up for 15 more trials'], { calls: [{ tool: 'continue_study', args: { trials: 15 } }] }],
  [['minimize branin with 20 trials', 'what did you find?'], { calls: [{ tool: 'best_trials' }] }],
  [['minimize branin with 20 trials', 'any progress?'], { calls: [{ tool: 'study_status' }] }],
  [['minimize branin with 20 trials', 'give it 25 more trials'], { calls: [{ tool: 'continue_study', args: { trials: 25 } }] }],
  [['tune my XGBoost for latency', 'which hyperparameters are the most important?'], { calls: [{ tool: 'param_importance' }] }],
  [['tune my XGBoost for latency', 'why is that one better?'], { calls: [{ tool: 'best_trials' }] }],
  [['maximize accuracy of xgboost with 25 trials', 'switch to minimizing batch time instead'], { calls: [{ tool: 'start_study', args: { target: 'xgboost', trials: 25, objectives: { contains: [{ metric: 'batch_ms', direction: 'minimize' }] } } }] }],
  [['find the minimum of the ackley function in 5 minutes'], { calls: [{ tool: 'start_study', args: { target: 'ackley', time_limit_s: 300, objectives: [{ metric: 'value', direction: 'minimize' }] } }] }],
  [['minimize branin with 20 trials', 'ok run another 30'], { calls: [{ tool: 'continue_study', args: { trials: 30 } }] }],
  [['minimize branin with 20 trials', 'try again with cma-es'], { calls: [{ tool: 'start_study', args: { target: 'branin', trials: 20, sampler: 'cmaes' } }] }],
  [['can you make my xgboost model respond quicker while staying accurate?'], { calls: [{ tool: 'start_study', args: { target: 'xgboost', objectives: [{ metric: 'latency_p99_ms', direction: 'minimize' }, { metric: 'accuracy', direction: 'maximize' }] } }] }],
  [['tune xgboost so that p99 is under 5 ms and accuracy is maximized'], { calls: [{ tool: 'start_study', args: { target: 'xgboost', objectives: [{ metric: 'accuracy', direction: 'maximize' }], constraints: [{ metric: 'latency_p99_ms', op: '<', value: 5 }] } }] }],
  [['thanks!'], { no_calls: true }],
  [['tune the example service for p99 latency'], { calls: [{ tool: 'start_study', args: { target: 'example-service', objectives: [{ metric: 'latency_p99_ms', direction: 'minimize' }] } }] }],
  [['maximize the throughput of example-service, 12 trials, keep the error rate under 1%'], { calls: [{ tool: 'start_study', args: { target: 'example-service', trials: 12, objectives: [{ metric: 'requests_per_s', direction: 'maximize' }], constraints: [{ metric: 'error_rate', op: '<', value: 0.01 }] } }] }],
  [['what is the best learning rate for xgboost?'], { calls: [{ tool: 'start_study', args: { target: 'xgboost', objectives: [{ metric: 'accuracy', direction: 'maximize' }] } }] }],
  [['tune my XGBoost for latency', 'show the best xgboost params'], { calls: [{ tool: 'best_trials' }] }],
  [['tune xgboost for latency with max depth between 2 and 5, and fix tree_method at hist'], { calls: [{ tool: 'start_study', args: { target: 'xgboost', space: { max_depth: { type: 'int', low: 2, high: 5 }, tree_method: { type: 'categorical', choices: ['hist'] }, learning_rate: { type: 'float', low: 0.01, high: 0.3, log: true } } } }] }],
  [['minimize branin with 20 trials, x0 from 0 to 5'], { calls: [{ tool: 'start_study', args: { target: 'branin', trials: 20, space: { x0: { type: 'float', low: 0, high: 5 } } } }] }],
];

describe('offline model: phrasings beyond the dev set', () => {
  for (const [messages, expect] of CASES) {
    test(messages.join(' → '), async () => {
      const last = await runDryTurns(messages);
      assert.equal(checkCase({ id: '', messages, expect }, toolCalls(last)), '');
      assert.ok(messageText(last).length > 0);
    });
  }

  test('a request it does not understand gets an honest answer listing what it can do', async () => {
    const text = messageText(await runDryTurns(['write me a poem about the sea']));
    assert.match(text, /did not understand/);
    assert.match(text, /tune/);
    assert.match(text, /benchmark/);
  });

  test('a tuning request without a known target asks which one, naming the targets', async () => {
    const last = await runDryTurns(['tune it for latency please']);
    assert.ok(!toolCalls(last).some((c) => c.tool === 'start_study'));
    assert.match(messageText(last), /Which target/);
    assert.match(messageText(last), /xgboost/);
  });
});
