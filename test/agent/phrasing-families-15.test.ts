import { describeFamilies, type FamilyCase } from './support/phrasing-family-cases.ts';

/**
 * The families of set 15's misses (read after its one measurement), each checked with wordings of its own through the
 * real turn loop (dry run, graph understanding), as in phrasing-families.test.ts.
 */
const CASES: FamilyCase[] = [
  ['a metric waved away is no objective', ['tune xgboost, I am not too bothered about accuracy, the p99 is what counts'],
    { calls: [{ tool: 'start_study', args: { objectives: [{ metric: 'latency_p99_ms', direction: 'minimize' }] } }] }],
  ['"a study named x" names the study', ['minimise branin in a study called nightly-7, 30 trials'], { calls: [{ tool: 'start_study', args: { target: 'branin', name: 'nightly-7', trials: 30 } }] }],
  ['"on the redis workers" runs the trials distributed', ['optimise ackley across the remote workers, 200 trials'], { calls: [{ tool: 'start_study', args: { target: 'ackley', distributed: true, trials: 200 } }] }],
  ['a target called by what it is (alias)', ['make the boosted trees model more accurate'], { calls: [{ tool: 'start_study', args: { target: 'xgboost' } }] }],
  ['a range "to a-b" and "on a log scale" edit the space', ['tune xgboost for accuracy and limit learning_rate to 0.02-0.3 on a log scale'],
    { calls: [{ tool: 'start_study', args: { space: { learning_rate: { low: 0.02, high: 0.3, log: true } } } }] }],
  ['"multivariate TPE" is the multivariate sampler', ['run rastrigin with the multivariate tpe sampler'], { calls: [{ tool: 'start_study', args: { target: 'rastrigin', sampler: 'tpe-multivariate' } }] }],
  ['"shrink the parameter count" is params, not size', ['shrink the student\'s parameter count'], { calls: [{ tool: 'start_study', args: { target: 'distill', objectives: { contains: [{ metric: 'params', direction: 'minimize' }] } } }] }],
  ['a verb of pruning directs no metric', ['optimise the text classifier for macro f1 and kill off hopeless runs early with hyperband'],
    { calls: [{ tool: 'start_study', args: { objectives: { contains: [{ metric: 'macro_f1', direction: 'maximize' }] }, pruner: 'hyperband' } }] }],
  ['"trainable parameters" is trainable_params where the target reports it', ['smallest number of trainable params for the intent classifier'],
    { calls: [{ tool: 'start_study', args: { target: 'text-finetune', objectives: { contains: [{ metric: 'trainable_params', direction: 'minimize' }] } } }] }],
  ['"how many of those N trials are done" is the status', ['minimise sphere, 60 trials', 'how many of those 60 trials have finished so far?'], { calls: [{ tool: 'study_status' }] }],
  ['best trial and importance in one message', ['optimise ackley for 30 trials', 'give me the best trial and which knobs mattered'], { calls: [{ tool: 'best_trials' }, { tool: 'param_importance' }] }],
  ['a comparison with the previous run in a new conversation', ['load test http://127.0.0.1:8090/ping for 10s and compare it to the last run'],
    { calls: [{ tool: 'bench_http', args: { url: 'http://127.0.0.1:8090/ping', duration_s: 10, compare_to: 'previous' } }] }],
  ['/v1/models is an HTTP endpoint, not an LLM base URL', ['hit http://127.0.0.1:8000/v1/models with 100 requests per second'], { calls: [{ tool: 'bench_http', args: { url: 'http://127.0.0.1:8000/v1/models', rate: 100 } }] }],
  ['LLM load in prose: in flight, overall, capped tokens, "the model is called"', ['benchmark http://127.0.0.1:8000/v1, the model is called qwen2-7b: 6 requests in flight, 120 requests overall, outputs capped at 64 tokens'],
    { calls: [{ tool: 'bench_llm', args: { base_url: 'http://127.0.0.1:8000/v1', model: 'qwen2-7b', concurrency: 6, requests: 120, max_tokens: 64 } }] }],
  ['an SLO said apart from its latency', ['measure time to first token of http://127.0.0.1:8000/v1 against an SLO of 300 ms'], { calls: [{ tool: 'bench_llm', args: { slo_ttft_ms: 300 } }] }],
  ['a rule on failed trials', ['send me an alert each time a trial crashes'], { calls: [{ tool: 'add_rule', args: { rule: { condition: { field: 'state', operator: '==', value: 'failed' }, action: 'trigger_alert' } } }] }],
  ['"half a second" is 500 ms', ['alert me if p99 latency ever climbs past half a second'], { calls: [{ tool: 'add_rule', args: { rule: { condition: { field: 'latency_p99_ms', operator: '>', value: 500 } } } }] }],
  ['"get rid of <rule id>"', ['show my alerts', 'ditch p99-guard-rule'], { calls: [{ tool: 'remove_rule', args: { rule_id: 'p99-guard-rule' } }] }],
  ['two listings with one verb', ['show my sessions and my rules'], { calls: [{ tool: 'list_sessions' }, { tool: 'list_rules' }] }],
  ['"a lightgbm target" and "the random-forest search space template" give the family', ['register a random forest target rf-x that runs `python3 rfx.py` and reports r2 to maximize'],
    { calls: [{ tool: 'register_target', args: { name: 'rf-x', family: 'random-forest' } }] }],
  ['"(we want it low)" is a direction', ['register `python3 fit.py` as fitq; it prints rmse (we want it low) and r2 (high)'],
    { calls: [{ tool: 'register_target', args: { metrics: [{ name: 'rmse', direction: 'minimize' }, { name: 'r2', direction: 'maximize' }] } }] }],
  ['"the one with id x" after listing sessions', ['list my conversations', 'play back the one with id 0a1b2c3d'], { calls: [{ tool: 'replay_session', args: { session_id: '0a1b2c3d' } }] }],
];

describeFamilies('phrasing families of set 15', CASES);
