import { describeFamilies, type FamilyCase } from './support/phrasing-family-cases.ts';

/**
 * The families of set 18's misses (read after its one measurement), each checked with wordings of its own through the
 * real turn loop (dry run, graph understanding), as in phrasing-families.test.ts.
 */
const CASES: FamilyCase[] = [
  ['command-line flags of a study', ['tune --target levy --trials 40 --parallel 4 --seed 9'], { calls: [{ tool: 'start_study', args: { target: 'levy', trials: 40, parallel: 4, seed: 9 } }] }],
  ['"rerun it at most twice" after a crash is retries', ['optimise branin; when a trial crashes, retry it at most twice'], { calls: [{ tool: 'start_study', args: { target: 'branin', retries: 2 } }] }],
  ['"+N" after a study is N more trials', ['minimise sphere, 20 trials', '+15'], { calls: [{ tool: 'continue_study', args: { trials: 15 } }] }],
  ['a benchmark pasted as JSON after its tool name', ['bench_llm {"base_url": "http://127.0.0.1:8003/v1", "concurrency": 3, "requests": 30}'],
    { calls: [{ tool: 'bench_llm', args: { base_url: 'http://127.0.0.1:8003/v1', concurrency: 3, requests: 30 } }] }],
  ['a benchmark pasted as YAML', ['load test:\n  url: http://127.0.0.1:8089/\n  connections: 6\n  duration_s: 4'], { calls: [{ tool: 'bench_http', args: { url: 'http://127.0.0.1:8089/', connections: 6, duration_s: 4 } }] }],
  ['metrics pasted as words in YAML', ['register this target:\nname: knn-x\nkind: command\ncommand: [python3, knn.py]\nmetrics:\n  - f1 (max)\n  - fit_s (min)'],
    { calls: [{ tool: 'register_target', args: { name: 'knn-x', metrics: [{ name: 'f1', direction: 'maximize' }, { name: 'fit_s', direction: 'minimize' }] } }] }],
  ['"don\'t stop if it fails" ignores failures', ['time `./maybe.sh` 5 times, do not abort if it errors'], { calls: [{ tool: 'bench_command', args: { command: ['./maybe.sh'], runs: 5, ignore_failure: true } }] }],
  ['a stagnation rule that stops "it"', ['tune ackley, 200 trials', 'when 25 trials pass without any improvement, halt it'],
    { calls: [{ tool: 'add_rule', args: { rule: { condition: { field: 'trials_since_best' }, action: 'stop_study' } } }] }],
];

describeFamilies('phrasing families of set 18', CASES);
