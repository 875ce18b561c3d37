import type { Intent, LabelledExample, PriorEntities } from '../types.ts';
import { parseMarkup } from './markup.ts';

/**
 * Every case of the shared dev set (test/fixtures/agent-dev-set.jsonl) and every phrasing of the paraphrase tests
 * (test/agent/paraphrases.test.ts), labelled by hand. The intent follows from the expected tool and the context;
 * a multi-turn case is its last message, with what the earlier messages left as prior entities.
 */

const BRANIN: PriorEntities = { study: { target: 'branin', metrics: ['value'] } };
const XGB_LATENCY: PriorEntities = { study: { target: 'xgboost', metrics: ['latency_p99_ms'] } };
const XGB_ACCURACY: PriorEntities = { study: { target: 'xgboost', metrics: ['accuracy'] } };

const CASES: Array<[string, Intent, PriorEntities?]> = [
  // test/fixtures/agent-dev-set.jsonl
  ['tune my [XGBoost](target) for [latency](objective)', 'tune'],
  ['optimize [xgboost](target) for [p99 latency](objective) but keep [accuracy](constraint_metric) [above](constraint_op) [0.95](constraint_value)', 'tune'],
  ['Can you find the [most accurate](objective) [XGBoost](target) settings? [60 trials](trials) max.', 'tune'],
  ['[minimize](direction) the [branin](target) function with [40 trials](trials)', 'tune'],
  ['run [CMA-ES](sampler) on [hartmann6](target) for [150 evaluations](trials)', 'tune'],
  ['tune [xgboost](target) for [latency](objective), you have [10 minutes](time_budget)', 'tune'],
  ['tune my [xgboost](target) model for [speed](objective) using [4 parallel workers](parallel)', 'tune'],
  ['how is [it](reference) going?', 'status', BRANIN],
  ['stop [it](reference)', 'stop', BRANIN],
  ['what were the best parameters?', 'best', BRANIN],
  ['show me the pareto front', 'best', XGB_LATENCY],
  ['run [50](trials) more', 'more_trials', BRANIN],
  ['now optimize for [accuracy](objective) instead', 'switch_objective', XGB_LATENCY],
  ['which parameters matter most?', 'importance', XGB_LATENCY],
  ['benchmark [http://127.0.0.1:8080/](url) with [64 connections](connections) for [20 seconds](duration)', 'bench_http'],
  ['load test [localhost:3000/api/predict](url) at [500 requests per second](rate) for [30s](duration)', 'bench_http'],
  ['time [`python3 predict.py --batch 32`](command) [10 times](runs)', 'bench_command'],
  ['measure time to first token of the LLM server at [http://127.0.0.1:8000/v1](url) with [8 concurrent requests](concurrency)', 'bench_llm'],
  ['[alert me](rule_action) if [p99 latency](rule_metric) [goes over](rule_op) [200 ms](rule_value)', 'add_rule'],
  ['which rules are active?', 'list_rules'],
  ['what can you tune?', 'list_targets'],
  ['show my previous conversations', 'list_sessions'],
  ['hello, what do you do?', 'help'],
  ['write me a poem about the sea', 'out_of_scope'],
  ['[maximize](direction) [accuracy](objective) of [xgboost](target) with [25 trials](trials) using [random search](sampler)', 'tune'],
  ['use [TPE](sampler) to [minimize](direction) [rosenbrock](target), [100 trials](trials)', 'tune'],
  ['tune [xgboost](target) to get the [median prediction latency](objective) [down](direction)', 'tune'],
  ['make [xgboost](target) [batch prediction](objective) [faster](direction) without losing more than [1%](tolerance) [accuracy](constraint_metric)', 'tune'],
  // test/agent/paraphrases.test.ts
  ['Please tune [xgboost](target) to [reduce](direction) [tail latency](objective)', 'tune'],
  ['optimise the [Hartmann 6](target) function using a [gaussian process](sampler), [80 trials](trials)', 'tune'],
  ['[maximize](direction) [xgboost](target) [accuracy](objective) within [half an hour](time_budget)', 'tune'],
  ['tune [xgboost](target) for [latency](objective) with [3 workers](parallel) and a [2 minute](time_budget) budget', 'tune'],
  ['find the [fastest](direction) [xgboost](target) config whose [accuracy](constraint_metric) stays [at least](constraint_op) [96%](constraint_value)', 'tune'],
  ['tune [xgboost](target) for [99th percentile latency](objective), [thirty trials](trials)', 'tune'],
  ['tune [xgboost](target) for [accuracy](objective) with [hyperband pruning](pruner), [40 trials](trials)', 'tune'],
  ['[minimize](direction) [hartmann6](target) with [60 trials](trials) and [stop bad trials early](pruner)', 'tune'],
  ['[minimize](direction) [branin](target) with [20 trials](trials) using [ASHA](pruner)', 'tune'],
  ['run [30](trials) more', 'more_trials', BRANIN],
  ['[minimize](direction) [zdt1](target) with [40 trials](trials)', 'tune'],
  ['[minimise](direction) [rosenbrock](target) using [NSGA-II](sampler) with seed [7](seed)', 'tune'],
  ['Search [ackley](target) with [quasi-random sampling](sampler), [64 evaluations](trials)', 'tune'],
  ['bench [http://localhost:8080/health](url) for [10s](duration) with [8 connections](connections)', 'bench_http'],
  ['hammer [127.0.0.1:9000/predict](url) with [POST](method) requests, [2000 rps](rate) for [one minute](duration)', 'bench_http'],
  ["how long does [`node build.js --mode 'prod build'`](command) take? run it [5 times](runs) with [2 warmup runs](warmup)", 'bench_command'],
  ['benchmark the vLLM server at [http://127.0.0.1:8001/v1](url) with [16 concurrent users](concurrency), [200 requests](requests), [128 max tokens](max_tokens)', 'bench_llm'],
  ['[notify me](rule_action) when [accuracy](rule_metric) [drops below](rule_op) [90%](rule_value)', 'add_rule'],
  ['[stop the study](rule_action) if the [99th percentile latency](rule_metric) [exceeds](rule_op) [2 seconds](rule_value)', 'add_rule'],
  ['show me the rules', 'list_rules'],
  ['delete rule [r-12](rule_id)', 'remove_rule'],
  ['what targets are available?', 'list_targets'],
  ['list my sessions', 'list_sessions'],
  ["replay [yesterday's](session_ref) session", 'replay_session'],
  ["what's the weather like in Paris?", 'out_of_scope'],
  ['tell me a joke', 'out_of_scope'],
  ['help', 'help'],
  ['[minimize](direction) [branin](target) with [20 trials](trials)', 'tune'],
  ['cancel [that](reference)', 'stop', BRANIN],
  ['resume [the study](reference)', 'resume', BRANIN],
  ['pick [it](reference) back up for [15 more trials](trials)', 'more_trials', BRANIN],
  ['what did you find?', 'best', BRANIN],
  ['any progress?', 'status', BRANIN],
  ['give [it](reference) [25 more trials](trials)', 'more_trials', BRANIN],
  ['which hyperparameters are the most important?', 'importance', XGB_LATENCY],
  ['why is [that one](reference) better?', 'why', XGB_LATENCY],
  ['[maximize](direction) [accuracy](objective) of [xgboost](target) with [25 trials](trials)', 'tune'],
  ['switch to [minimizing](direction) [batch time](objective) instead', 'switch_objective', XGB_ACCURACY],
  ['find the [minimum](direction) of the [ackley](target) function in [5 minutes](time_budget)', 'tune'],
  ['ok run another [30](trials)', 'more_trials', BRANIN],
  ['try again with [cma-es](sampler)', 'try_again', BRANIN],
  ['can you make my [xgboost](target) model [respond quicker](direction) while staying [accurate](objective)?', 'tune'],
  ['tune [xgboost](target) so that [p99](constraint_metric) is [under](constraint_op) [5 ms](constraint_value) and [accuracy](objective) is [maximized](direction)', 'tune'],
  ['thanks!', 'thanks'],
  ['tune the [example service](target) for [p99 latency](objective)', 'tune'],
  ['[maximize](direction) the [throughput](objective) of [example-service](target), [12 trials](trials), keep the [error rate](constraint_metric) [under](constraint_op) [1%](constraint_value)', 'tune'],
  ['what is the best learning rate for [xgboost](target)?', 'tune'],
  ['show the best [xgboost](target) params', 'best', XGB_LATENCY],
  ['tune [xgboost](target) for [latency](objective) with [max depth](space_param) between [2](space_value) and [5](space_value), and fix [tree_method](space_param) at [hist](space_value)', 'tune'],
  ['[minimize](direction) [branin](target) with [20 trials](trials), [x0](space_param) from [0](space_value) to [5](space_value)', 'tune'],
  ['tune it for [latency](objective) please', 'tune'],
];

export const HAND_WRITTEN: LabelledExample[] = CASES.map(([markup, intent, prior]) => {
  const { text, spans } = parseMarkup(markup);
  return { prior: prior ?? {}, text, intent, spans };
});
