import { describeFamilies, type FamilyCase } from './support/phrasing-family-cases.ts';

/**
 * The families of set 17's misses (read after its one measurement), each checked with wordings of its own through the
 * real turn loop (dry run, graph understanding), as in phrasing-families.test.ts.
 */
const CASES: FamilyCase[] = [
  ['predicting all rows at once is the batch time', ['make xgboost quicker at scoring all the rows'], { calls: [{ tool: 'start_study', args: { objectives: { contains: [{ metric: 'batch_ms', direction: 'minimize' }] } } }] }],
  ['"shrink trainable parameters" is trainable_params', ['shrink the trainable params of the intent classifier'], { calls: [{ tool: 'start_study', args: { target: 'text-finetune', objectives: { contains: [{ metric: 'trainable_params', direction: 'minimize' }] } } }] }],
  ['a sampler spelled out letter by letter', ['optimise levy with c m a e s, 40 trials'], { calls: [{ tool: 'start_study', args: { target: 'levy', sampler: 'cmaes', trials: 40 } }] }],
  ['"let the optimiser pick" is the automatic sampler', ['branin, 25 trials, let the optimiser choose the method'], { calls: [{ tool: 'start_study', args: { target: 'branin', sampler: 'auto' } }] }],
  ['"the digits one" is the target with that word in its name', ['list targets', 'then tune the text one for macro f1'], { calls: [{ tool: 'start_study', args: { target: 'text-finetune' } }] }],
  ['"use it" takes the sampler the last message asked about', ['is random search any good?', 'ok try it on ackley with 60 trials'], { calls: [{ tool: 'start_study', args: { target: 'ackley', sampler: 'random', trials: 60 } }] }],
  ['"one on the same model for X" is a study for X', ['maximise xgboost accuracy, 20 trials', 'now one on the same model for p50 latency, 20 trials'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', objectives: { contains: [{ metric: 'latency_p50_ms', direction: 'minimize' }] } } }] }],
  ['"127.0.0.1 port N at /path" is the URL', ['it listens on 127.0.0.1 port 8600 at /rank, hit it at 150 requests per second for 30 seconds'],
    { calls: [{ tool: 'bench_http', args: { url: 'http://127.0.0.1:8600/rank', rate: 150, duration_s: 30 } }] }],
  ['autocannon flags', ['autocannon -c 32 -d 20 http://127.0.0.1:4100/'], { calls: [{ tool: 'bench_http', args: { connections: 32, duration_s: 20 } }] }],
  ['"N request by second"', ['load test localhost port 9100, 50 request by second, during 10 second'], { calls: [{ tool: 'bench_http', args: { url: 're:^http://localhost:9100/?$', rate: 50, duration_s: 10 } }] }],
  ['hyperfine flags as typed', ['hyperfine --warmup 3 --runs 12 "sleep 0.05"'], { calls: [{ tool: 'bench_command', args: { command: ['sleep', '0.05'], runs: 12, warmup: 3 } }] }],
  ['"N users same time" is the concurrency, not a request count', ['benchmark my llm at http://127.0.0.1:8000/v1, 16 user same time'], { calls: [{ tool: 'bench_llm', args: { concurrency: 16 } }] }],
  ['"(trials_since_best over N)" keeps the operator', ['stop the study when trials_since_best is over 30'], { calls: [{ tool: 'add_rule', args: { rule: { condition: { field: 'trials_since_best', operator: '>', value: 30 } } } }] }],
  ['two listings with "and also the active …"', ['show the rules and also the registered targets'], { calls: [{ tool: 'list_rules' }, { tool: 'list_targets' }] }],
  ['what a metric means is answered, not acted on', ['tune xgboost for 10 trials', 'what does batch_ms measure?'], { no_calls: true }],
  ['training on data tunechat does not have is declined', ['build a churn model from our CRM export and optimise it'], { no_calls: true }],
];

describeFamilies('phrasing families of set 17', CASES);
