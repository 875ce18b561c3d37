import { describeFamilies, type FamilyCase } from './support/phrasing-family-cases.ts';

/**
 * The families of set 12's misses (read after its one measurement), each checked with wordings of its own through the
 * real turn loop (dry run, graph understanding), as in phrasing-families.test.ts.
 */
const CASES: FamilyCase[] = [
  ['a full-dataset pass made quicker is the batch time', ['make the full-dataset scoring run on xgboost faster'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', objectives: { contains: [{ metric: 'batch_ms', direction: 'minimize' }] } } }] }],
  ['microseconds of a *_ms metric', ['best xgboost accuracy while p50 latency stays under 500 microseconds'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', constraints: [{ metric: 'latency_p50_ms', op: '<', value: 0.5 }] } }] }],
  ['"forget X" drops X from the objectives', ['tune xgboost for accuracy and p99 latency', 'drop accuracy, just minimise p99'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', objectives: [{ metric: 'latency_p99_ms', direction: 'minimize' }] } }] }],
  ['"fewest parameters" is the params metric', ['distill a student with the fewest weights possible'],
    { calls: [{ tool: 'start_study', args: { target: 'distill', objectives: { contains: [{ metric: 'params', direction: 'minimize' }] } } }] }],
  ['"same number of runs" keeps the last timing\'s runs', ['time `node a.mjs` 7 times', 'now `node b.mjs`, same number of runs'],
    { calls: [{ tool: 'bench_command', args: { command: ['node', 'b.mjs'], runs: 7 } }] }],
  ['"N concurrent requests" is the LLM concurrency; the serving engine is no model', ['benchmark mistral behind vllm at http://127.0.0.1:8004/v1 with 12 concurrent requests'],
    { calls: [{ tool: 'bench_llm', args: { base_url: 'http://127.0.0.1:8004/v1', concurrency: 12 } }] }],
  ['a metric typed by its field name makes the rule', ['notify me if a trial\'s params_count goes over 5000'],
    { calls: [{ tool: 'add_rule', args: { rule: { condition: { field: 'params_count', operator: '>', value: 5000 }, action: 'trigger_alert' } } }] }],
  ['"name=x" is the name', ['register target name=ridge2, command `python3 ridge.py`, metric r2 maximize'],
    { calls: [{ tool: 'register_target', args: { name: 'ridge2', command: ['python3', 'ridge.py'] } }] }],
  ['a hex id after "replay" is the session id', ['could you replay 5a6b7c8d?'], { calls: [{ tool: 'replay_session', args: { session_id: '5a6b7c8d' } }] }],
  ['"the conversation with id x"', ['show the conversation with id sess-20250101-07'], { calls: [{ tool: 'replay_session', args: { session_id: 'sess-20250101-07' } }] }],
  ['news is not a session', ['give me a recap of today\'s headlines'], { no_calls: true }],
  ['"stream the progress until the end" waits', ['minimize branin with 50 trials', 'follow the progress until it is done'], { calls: [{ tool: 'wait_for_study' }] }],
  ['an importance method by name', ['run shap values on st_42ab19'], { calls: [{ tool: 'param_importance', args: { study_id: 'st_42ab19' } }] }],
  ['a named metric is passed to the importance, even the first objective', ['tune xgboost for p99 latency', 'which settings influence p99 latency most?'],
    { calls: [{ tool: 'param_importance', args: { metric: 'latency_p99_ms' } }] }],
];

describeFamilies('offline model: set 12 phrasing families', CASES);
