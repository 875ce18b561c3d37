import { describeFamilies, type FamilyCase } from './support/phrasing-family-cases.ts';

/**
 * The families of set 11's misses (read after its one measurement), each checked with wordings of its own through the
 * real turn loop (dry run, graph understanding), as in phrasing-families.test.ts.
 */
const CASES: FamilyCase[] = [
  ['"retry failed trials twice" is 2 retries', ['maximize xgboost accuracy in 60 trials and re-run crashed trials twice'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', trials: 60, retries: 2 } }] }],
  ['"N trials run together" is the parallelism', ['tune branin, 90 trials overall with 3 trials running simultaneously'],
    { calls: [{ tool: 'start_study', args: { target: 'branin', trials: 90, parallel: 3 } }] }],
  ['"three quarters of an hour" is 2700 s', ['give rosenbrock three quarters of an hour'], { calls: [{ tool: 'start_study', args: { target: 'rosenbrock', time_limit_s: 2700 } }] }],
  ['"an hour and a half" is 5400 s', ['minimise ackley for an hour and a half'], { calls: [{ tool: 'start_study', args: { target: 'ackley', time_limit_s: 5400 } }] }],
  ['"can\'t get less accurate than" is an accuracy floor', ['speed xgboost up but it must not become less accurate than 95%'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', objectives: { contains: [{ metric: 're:latency', direction: 'minimize' }] }, constraints: [{ metric: 'accuracy', op: '>=', value: 0.95 }] } }] }],
  ['"without it getting bigger than" is a size ceiling', ['shrink the distill student\'s p50 latency, never getting larger than 60 KB'],
    { calls: [{ tool: 'start_study', args: { target: 'distill', constraints: [{ metric: 'size_kb', op: '<=', value: 60 }] } }] }],
  ['a balance names both sides as objectives', ['strike a balance between how long each prediction takes and accuracy for xgboost'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', objectives: { contains: [{ metric: 'accuracy', direction: 'maximize' }, { metric: 're:latency', direction: 'minimize' }] } } }] }],
  ['"instead" replaces the objective', ['maximize xgboost accuracy with 30 trials', 'do it for p50 latency instead'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', objectives: [{ metric: 'latency_p50_ms', direction: 'minimize' }] } }] }],
  ['a question about a target\'s metrics is the catalogue', ['which metrics does the text-finetune target measure?'], { calls: [{ tool: 'list_targets' }] }],
  ['"model name X" names the model', ['load test the llm on http://127.0.0.1:8003/v1 with 40 requests, model name qwen2-1.5b'],
    { calls: [{ tool: 'bench_llm', args: { base_url: 'http://127.0.0.1:8003/v1', model: 'qwen2-1.5b', requests: 40 } }] }],
  ['no improvement for N trials is a trials_since_best rule', ['halt the study when 25 trials pass without a new best'],
    { calls: [{ tool: 'add_rule', args: { rule: { condition: { field: 'trials_since_best', operator: '>=', value: 25 }, action: 'stop_study' } } }] }],
  ['"new target: name" is the name, "a metric called x" the metric', ['new target: gbm2, command `python3 gbm2.py`, reports a metric called rmse which should be minimized'],
    { calls: [{ tool: 'register_target', args: { name: 'gbm2', command: ['python3', 'gbm2.py'], metrics: [{ name: 'rmse', direction: 'minimize' }] } }] }],
  ['"register it" takes the command the previous message described', ['there is a script `python3 svm.py` that prints f1 as json', 'add it as a target named svm'],
    { calls: [{ tool: 'register_target', args: { name: 'svm', command: ['python3', 'svm.py'], metrics: [{ name: 'f1', direction: 'maximize' }] } }] }],
];

describeFamilies('offline model: set 11 phrasing families', CASES);
