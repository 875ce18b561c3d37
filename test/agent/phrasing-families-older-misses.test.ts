import { describeFamilies, type FamilyCase } from './support/phrasing-family-cases.ts';

/**
 * Families of misses the earlier development sets (1-13) still had, fixed after set 14's: each checked with wordings
 * of its own through the real turn loop (dry run, graph understanding), as in phrasing-families.test.ts.
 */
const CASES: FamilyCase[] = [
  ['a command in single quotes is a command', ["time 'gzip -k data.csv' 4 times"], { calls: [{ tool: 'bench_command', args: { command: ['gzip', '-k', 'data.csv'], runs: 4 } }] }],
  ['an apostrophe is no quote', ["it's the customers' checkout, load test http://127.0.0.1:8085/checkout for 5s"], { calls: [{ tool: 'bench_http', args: { url: 'http://127.0.0.1:8085/checkout', duration_s: 5 } }] }],
  ['"metrics a max and b min" gives both directions', ['new target: bert-ft, command `python3 ft.py`, metrics f1_macro max and epoch_s min'],
    { calls: [{ tool: 'register_target', args: { name: 'bert-ft', metrics: [{ name: 'f1_macro', direction: 'maximize' }, { name: 'epoch_s', direction: 'minimize' }] } }] }],
  ['"the name is x" names it; "which we want to maximize" is a direction; "add my own model" registers',
    ['I would like to add my own script. The name is churn-lr, run it with `python3 lr.py`, it outputs recall which we want to maximize'],
    { calls: [{ tool: 'register_target', args: { name: 'churn-lr', command: ['python3', 'lr.py'], metrics: [{ name: 'recall', direction: 'maximize' }] } }] }],
  ['"higher = better" after "at the end" belongs to the metric printed', ['register `node eval.js` as target evaljs; it prints map50 at the end, higher = better'],
    { calls: [{ tool: 'register_target', args: { name: 'evaljs', metrics: [{ name: 'map50', direction: 'maximize' }] } }] }],
  ['with no name given, the script\'s own name is the target\'s', ['I run `python3 fit_knn.py` and it prints {"acc": 0.9}. Register it please, acc is higher-better.'],
    { calls: [{ tool: 'register_target', args: { name: 'fit_knn', command: ['python3', 'fit_knn.py'], metrics: [{ name: 'acc', direction: 'maximize' }] } }] }],
  ['"optimising" is no typo of "maximising"', ['could you look at optimising the response time of the xgboost model'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', objectives: { contains: [{ metric: 're:latency', direction: 'minimize' }] } } }] }],
  ['"the median latency" said with a latency word is p50', ['minimise the typical latency of xgboost, the median one'],
    { calls: [{ tool: 'start_study', args: { objectives: { contains: [{ metric: 'latency_p50_ms', direction: 'minimize' }] } } }] }],
  ['"more quick" is lower latency', ['I want example-service more quick in p99 please'], { calls: [{ tool: 'start_study', args: { target: 'example-service', objectives: [{ metric: 'latency_p99_ms', direction: 'minimize' }] } }] }],
  ['"N different settings" is the trial budget', ['try 35 different configurations of branin'], { calls: [{ tool: 'start_study', args: { target: 'branin', trials: 35 } }] }],
  ['"spread over N" is parallelism', ['minimise ackley, 120 trials, split across 4 machines'], { calls: [{ tool: 'start_study', args: { target: 'ackley', trials: 120, parallel: 4 } }] }],
  ['"fit in N MB" bounds the size', ['tune the digits model for accuracy, it must fit in 2 MB'],
    { calls: [{ tool: 'start_study', args: { target: 'distill', constraints: { contains: [{ metric: 'size_kb', op: 're:^<=?$', value: 2048 }] } } }] }],
  ['"a 95% accuracy floor" is the accuracy bound, whatever metric is tuned', ['tune the student for params with a 95% accuracy floor'],
    { calls: [{ tool: 'start_study', args: { target: 'distill', constraints: [{ metric: 'accuracy', op: '>=', value: 0.95 }] } }] }],
  ['a trade-off of a named target\'s metrics with no study yet is a study of both', ['what does the accuracy versus p99 trade-off look like for xgboost?'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', objectives: { contains: [{ metric: 'accuracy', direction: 'maximize' }, { metric: 'latency_p99_ms', direction: 'minimize' }] } } }] }],
  ['"trade X off against Y" names both objectives', ['for the text model, trade macro f1 off against p50 latency'],
    { calls: [{ tool: 'start_study', args: { target: 'text-finetune', objectives: { contains: [{ metric: 'macro_f1' }, { metric: 'latency_p50_ms' }] } } }] }],
  ['an alert on a size with no metric named watches the size', ['ping me if the distilled model grows larger than 80 KB'],
    { calls: [{ tool: 'add_rule', args: { rule: { condition: { field: 'size_kb', operator: '>', value: 80 }, action: 'trigger_alert' } } }] }],
  ['"log it, don\'t alert" is a log rule', ['when p99 is over 40 ms just log a line, do not alert me'],
    { calls: [{ tool: 'add_rule', args: { rule: { condition: { field: 'latency_p99_ms', operator: '>', value: 40 }, action: 'log' } } }] }],
  ['Optuna sampler class names are samplers', ['tune branin, 60 trials, CmaEsSampler please'], { calls: [{ tool: 'start_study', args: { target: 'branin', trials: 60, sampler: 'cmaes' } }] }],
  ['a path said before a local host and port is that URL', ['check that /api/search on 127.0.0.1:7001 holds 300 rps for 20s'],
    { calls: [{ tool: 'bench_http', args: { url: 'http://127.0.0.1:7001/api/search', rate: 300, duration_s: 20 } }] }],
  ['"retry failed trials up to twice"', ['optimise rosenbrock and retry crashed trials at most once'], { calls: [{ tool: 'start_study', args: { target: 'rosenbrock', retries: 1 } }] }],
  ['questions about what can be tuned list the targets', ['which things could you optimise here?'], { calls: [{ tool: 'list_targets' }] }],
  ['a question about a named target\'s metrics lists the targets', ['which metrics does the digits model report?'], { calls: [{ tool: 'list_targets' }] }],
  ['"tune it" after a question about a target tunes that target', ['what does the text-finetune target measure?', 'ok, tune it for macro f1, 30 trials'],
    { calls: [{ tool: 'start_study', args: { target: 'text-finetune', trials: 30 } }] }],
  ['a bound said after a metric stated as a fact bounds that metric', ['Accuracy sits at about 0.95 today and we would rather not go below 0.93. Tune xgboost for p99 latency please.'],
    { calls: [{ tool: 'start_study', args: { objectives: { contains: [{ metric: 'latency_p99_ms', direction: 'minimize' }] }, constraints: [{ metric: 'accuracy', op: '>=', value: 0.93 }] } }] }],
  ['"stop the runs that aren\'t going anywhere" asks for a pruner', ['maximise distill accuracy, 30 trials, and kill the runs that clearly won\'t improve'],
    { calls: [{ tool: 'start_study', args: { target: 'distill', pruner: 're:^(median|successive-halving|hyperband)$' } }] }],
];

describeFamilies('phrasing families of the development sets\' older misses', CASES);
