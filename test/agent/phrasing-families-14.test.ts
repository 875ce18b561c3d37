import { describeFamilies, type FamilyCase } from './support/phrasing-family-cases.ts';

/**
 * The families of set 14's misses (read after its one measurement), each checked with wordings of its own through the
 * real turn loop (dry run, graph understanding), as in phrasing-families.test.ts.
 */
const CASES: FamilyCase[] = [
  ['the keys of the JSON a script prints are its metrics; "x down, y up" gives their directions',
    ['My sweep script `python3 sweep_eval.py` loads a checkpoint and prints {"wer": 0.12, "rtf": 0.3} when done. Register it as asr-sweep, wer down and rtf down.'],
    { calls: [{ tool: 'register_target', args: { name: 'asr-sweep', command: ['python3', 'sweep_eval.py'], metrics: [{ name: 'wer', direction: 'minimize' }, { name: 'rtf', direction: 'minimize' }] } }] }],
  ['"throughput up" names the printed key of that kind',
    ['register `python3 serve_bench.py` as serve-grid; it prints {"ttft_ms": 80, "tokens_per_s": 900}; ttft down and throughput up'],
    { calls: [{ tool: 'register_target', args: { metrics: [{ name: 'ttft_ms', direction: 'minimize' }, { name: 'tokens_per_s', direction: 'maximize' }] } }] }],
  ['"higher-better" / "(lower better)" / "to maximize" are directions', ['please register `node rank.js` as ranker-x: ndcg (higher better), cost_ms lower-better, and mrr to maximize'],
    { calls: [{ tool: 'register_target', args: { name: 'ranker-x', metrics: [{ name: 'ndcg', direction: 'maximize' }, { name: 'cost_ms', direction: 'minimize' }, { name: 'mrr', direction: 'maximize' }] } }] }],
  ['"as NAME?" and "as NAME (" name the target', ['could you register `./bench.sh` as quickbench? its metric is wall_s, lower is better'],
    { calls: [{ tool: 'register_target', args: { name: 'quickbench', command: ['./bench.sh'], metrics: [{ name: 'wall_s', direction: 'minimize' }] } }] }],
  ['a script described first, then "register it … and then tune it": both asks',
    ['There is a script `python3 fit_svm.py` that prints {"f1": 0.8}. Please register it as svm-fit (f1 up) and then tune it for 25 trials.'],
    { calls: [{ tool: 'register_target', args: { name: 'svm-fit' } }, { tool: 'start_study', args: { target: 'svm-fit', trials: 25 } }] }],
  ['the trade-off between a just-registered target\'s metrics is a study of it',
    ['register `python3 zip_bench.py` as zipper; it reports ratio (maximize) and seconds (minimize)', 'nice, explore the balance between ratio and seconds'],
    { calls: [{ tool: 'start_study', args: { target: 'zipper', objectives: { contains: [{ metric: 'ratio', direction: 'maximize' }, { metric: 'seconds', direction: 'minimize' }] } } }] }],
  ['"the student" is the distilled model; "as small as possible" is its size', ['get the student as small as possible, accuracy must stay at least 0.96'],
    { calls: [{ tool: 'start_study', args: { target: 'distill', objectives: { contains: [{ metric: 're:^(size_kb|params)$', direction: 'minimize' }] }, constraints: { contains: [{ metric: 'accuracy', op: 're:^>=?$', value: 0.96 }] } } }] }],
  ['"N trials running at once" is parallelism, not the budget', ['optimise branin with 3 trials running at the same time'], { calls: [{ tool: 'start_study', args: { target: 'branin', parallel: 3 } }] }],
  ['"don\'t want it to drop below" bounds the metric named before "it"', ['Tune xgboost for p50 latency. Accuracy sits near 0.97 now and we do not want it to fall under 0.96.'],
    { calls: [{ tool: 'start_study', args: { objectives: { contains: [{ metric: 'latency_p50_ms', direction: 'minimize' }] }, constraints: { contains: [{ metric: 'accuracy', op: 're:^>=?$', value: 0.96 }] } } }] }],
  ['"never let X go over N" bounds X', ['tune xgboost for accuracy and never let p99 go over 12 ms'],
    { calls: [{ tool: 'start_study', args: { constraints: { contains: [{ metric: 'latency_p99_ms', op: 're:^<=?$', value: 12 }] } } }] }],
  ['a command in double quotes after "time" is the command, whatever its program', ['please time "sha1sum bigfile.bin" 8 times'], { calls: [{ tool: 'bench_command', args: { command: ['sha1sum', 'bigfile.bin'], runs: 8 } }] }],
  ['a port without a host is this machine\'s', ['load test the api on port 7070, path /health, at 50 requests per second'],
    { calls: [{ tool: 'bench_http', args: { url: 're:^http://(localhost|127\\.0\\.0\\.1):7070/health$', rate: 50 } }] }],
  ['"compare with the previous run" is a comparison, not a change', ['load test http://127.0.0.1:9300/items for 10s', 'patched the cache, run it again and compare it with the last run'],
    { calls: [{ tool: 'bench_http', args: { url: 'http://127.0.0.1:9300/items', compare_to: 'previous' } }] }],
  ['benchmarking a /v1 base URL is an LLM benchmark', ['benchmark http://127.0.0.1:8100/v1 with 4 concurrent requests'], { calls: [{ tool: 'bench_llm', args: { base_url: 'http://127.0.0.1:8100/v1' } }] }],
  ['"larger than" is a comparator', ['warn me if params is ever larger than 20000'],
    { calls: [{ tool: 'add_rule', args: { rule: { condition: { field: 'params', operator: '>', value: 20000 }, action: 'trigger_alert' } } }] }],
  ['"at most 50 kb" is a bound, not 50 trials', ['tune distill so it stays at most 50 kb'], { calls: [{ tool: 'start_study', args: { target: 'distill', trials: 20, constraints: [{ metric: 'size_kb', op: '<=', value: 50 }] } }] }],
  ['any id with a digit after "replay" is the session id', ['show my earlier chats', 'replay s_9k2m1 now'], { calls: [{ tool: 'replay_session', args: { session_id: 's_9k2m1' } }] }],
];

describeFamilies('phrasing families of set 14', CASES);
