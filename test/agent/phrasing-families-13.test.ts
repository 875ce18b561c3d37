import { describeFamilies, type FamilyCase } from './support/phrasing-family-cases.ts';

/**
 * The families of set 13's misses (read after its one measurement), each checked with wordings of its own through the
 * real turn loop (dry run, graph understanding), as in phrasing-families.test.ts.
 */
const CASES: FamilyCase[] = [
  ['a JSON body\'s numbers are no connection count', ['hammer PATCH http://127.0.0.1:8081/cfg with body {"w": 3} using 24 connections'],
    { calls: [{ tool: 'bench_http', args: { url: 'http://127.0.0.1:8081/cfg', method: 'PATCH', connections: 24, body: '{"w": 3}' } }] }],
  ['wrk\'s -t flag is the thread count', ['wrk -t2 -c64 -d15s http://127.0.0.1:8088/'], { calls: [{ tool: 'bench_http', args: { threads: 2, connections: 64, duration_s: 15 } }] }],
  ['"kill it" with a reason is a stop', ['minimize rastrigin with 800 trials', 'kill it, the laptop is overheating'], { calls: [{ tool: 'stop_study' }] }],
  ['a question about the winner is the best trial', ['tune ackley for 30 trials', 'so the winning setting of those 30 was?'], { calls: [{ tool: 'best_trials' }] }],
  ['"less then" before a number is "less than"', ['create an alert when accuracy is less then 0.8'],
    { calls: [{ tool: 'add_rule', args: { rule: { condition: { field: 'accuracy', operator: '<', value: 0.8 }, action: 'trigger_alert' } } }] }],
  ['a version said as a word is part of the target\'s name, not a count', ['TPE on hartmann six, two hundred trials'], { calls: [{ tool: 'start_study', args: { target: 'hartmann6', trials: 200 } }] }],
  ['a parameter range said with a verb', ['tune xgboost for accuracy and let max_depth vary from 2 to 5'], { calls: [{ tool: 'start_study', args: { space: { max_depth: { low: 2, high: 5 } } } }] }],
  ['"cut losing trials short" asks for a pruner and cuts nothing else', ['maximize distill accuracy, 40 trials, drop the losers early'],
    { calls: [{ tool: 'start_study', args: { objectives: [{ metric: 'accuracy', direction: 'maximize' }], pruner: 're:^(median|successive-halving|hyperband)$' } }] }],
  ['a pruner named outright wins over the generic wish', ['rosenbrock, 90 trials, cut the weak runs short with hyperband'], { calls: [{ tool: 'start_study', args: { target: 'rosenbrock', pruner: 'hyperband' } }] }],
  ['"run it again and compare" compares with the previous run', ['load test http://127.0.0.1:3100/ with 20 connections for 5 seconds', 'ok I changed the cache, do it again and compare'],
    { calls: [{ tool: 'bench_http', args: { url: 'http://127.0.0.1:3100/', compare_to: 'previous' } }] }],
  ['"zippier" is lower latency', ['can you make xgboost zippier?'], { calls: [{ tool: 'start_study', args: { target: 'xgboost', objectives: { contains: [{ metric: 're:latency', direction: 'minimize' }] } } }] }],
];

describeFamilies('phrasing families of set 13', CASES);
