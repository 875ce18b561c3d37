import { describeFamilies, type FamilyCase } from './support/phrasing-family-cases.ts';

/**
 * The families of set 16's misses (read after its one measurement), each checked with wordings of its own through the
 * real turn loop (dry run, graph understanding), as in phrasing-families.test.ts.
 */
const CASES: FamilyCase[] = [
  ['a study pasted as YAML', ['please run this:\n```yaml\ntarget: rosenbrock\nsampler: cmaes\ntrials: 90\n```'],
    { calls: [{ tool: 'start_study', args: { target: 'rosenbrock', sampler: 'cmaes', trials: 90 } }, { tool: 'wait_for_study' }] }],
  ['a target pasted as JSON keeps its quoted argv', ['register this: {"name":"svm2","kind":"command","command":["python3","svm2.py"],"metrics":[{"name":"f1","direction":"maximize"}]}'],
    { calls: [{ tool: 'register_target', args: { name: 'svm2', command: ['python3', 'svm2.py'], metrics: [{ name: 'f1', direction: 'maximize' }] } }] }],
  ['a rule pasted as JSON keeps its id', ['add this rule {"rule_id":"p50-cap","condition":{"field":"latency_p50_ms","operator":">","value":5},"action":"log"}'],
    { calls: [{ tool: 'add_rule', args: { rule: { rule_id: 'p50-cap', action: 'log' } } }] }],
  ['pasted objectives as a JSON array', ['branin, 40 trials, objectives: [{"metric":"value","direction":"minimize"}]'], { calls: [{ tool: 'start_study', args: { target: 'branin', objectives: [{ metric: 'value', direction: 'minimize' }] } }] }],
  ['a target\'s name in backticks is the name, not a command', ['Step 4: optimise `levy` for 70 trials'], { calls: [{ tool: 'start_study', args: { target: 'levy', trials: 70 } }] }],
  ['dictated "x g boost"', ['tune x g boost for accuracy with thirty trials'], { calls: [{ tool: 'start_study', args: { target: 'xgboost', trials: 30 } }] }],
  ['a duration said as an adjective', ['do a 90-second load test of http://127.0.0.1:3300/ at 50 rps'], { calls: [{ tool: 'bench_http', args: { url: 'http://127.0.0.1:3300/', duration_s: 90, rate: 50 } }] }],
  ['a header in backticks', ['load test http://127.0.0.1:8081/api with header `X-Api-Key: k9` for 5s'], { calls: [{ tool: 'bench_http', args: { headers: { 'X-Api-Key': 'k9' } } }] }],
  ['"POST {json} to URL" is the body', ['PUT {"n": 2} to http://127.0.0.1:8001/cfg with 4 connections'], { calls: [{ tool: 'bench_http', args: { method: 'PUT', body: '{"n": 2}', connections: 4 } }] }],
  ['a host and port said with "port" keep the spoken path', ['load test localhost port 8081 slash ping for 10 seconds'], { calls: [{ tool: 'bench_http', args: { url: 'http://localhost:8081/ping', duration_s: 10 } }] }],
  ['a port said in words', ['load test local host port eighty eighty slash health for ten seconds'], { calls: [{ tool: 'bench_http', args: { url: 're:^http://(localhost|127\\.0\\.0\\.1):8080/health$', duration_s: 10 } }] }],
  ['"the route we care about is /x" is the path; "N requests a second" is a rate', ['the service runs locally on port 7100 and the route of interest is /search, send 120 requests a second for 20 seconds'],
    { calls: [{ tool: 'bench_http', args: { url: 're:^http://(localhost|127\\.0\\.0\\.1):7100/search$', rate: 120, duration_s: 20 } }] }],
  ['"c=… n=…" flags', ['bench the llm at 127.0.0.1:8000/v1 c=8 n=200'], { calls: [{ tool: 'bench_llm', args: { concurrency: 8, requests: 200 } }] }],
  ['"N-token outputs" is max_tokens', ['benchmark http://127.0.0.1:8000/v1 with 256-token outputs and 4 concurrent'], { calls: [{ tool: 'bench_llm', args: { max_tokens: 256, concurrency: 4 } }] }],
  ['"more big than" is a comparator', ['I want alert when accuracy is more small than 0.9'], { calls: [{ tool: 'add_rule', args: { rule: { condition: { field: 'accuracy', operator: '<', value: 0.9 } } } }] }],
  ['"what\'s registered" lists the targets', ['so what is registered right now?'], { calls: [{ tool: 'list_targets' }] }],
  ['"as a random-forest target" is the family', ['add `python3 forest.py` as a random forest target called forest-1 that reports auc, higher is better'],
    { calls: [{ tool: 'register_target', args: { name: 'forest-1', family: 'random-forest' } }] }],
  ['a builtin target named after a problem', ['register a built-in target called quick-ackley for the ackley problem'], { calls: [{ tool: 'register_target', args: { name: 'quick-ackley', kind: 'builtin', problem: 'ackley' } }] }],
  ['"\'x\' what should be small"', ['register `python3 obj.py` as o2, it outputs \'cost\' what should be low'], { calls: [{ tool: 'register_target', args: { name: 'o2', metrics: [{ name: 'cost', direction: 'minimize' }] } }] }],
  ['"people call it …" are aliases', ['register `node fx.js` as target fx-model with metric err (minimize); we call it "the fx model"'], { calls: [{ tool: 'register_target', args: { aliases: ['the fx model'] } }] }],
  ['the Pareto front "as a table" is the best trials', ['optimise the student for size and accuracy', 'list the non-dominated students in a table'], { calls: [{ tool: 'best_trials' }] }],
  ['"both small and accurate" is a size objective', ['tune the digits model so the students come out small and accurate'],
    { calls: [{ tool: 'start_study', args: { objectives: { contains: [{ metric: 'size_kb', direction: 'minimize' }, { metric: 'accuracy', direction: 'maximize' }] } } }] }],
  ['deploying or uploading is outside tunechat', ['minimise ackley, 20 trials', 'great, now push the best config to our git repo'], { no_calls: true }],
  ['"push it to N rps" is no upload', ['load test http://127.0.0.1:8070/ at 20 rps', 'push it to 40 rps'], { calls: [{ tool: 'bench_http', args: { rate: 40 } }] }],
];

describeFamilies('phrasing families of set 16', CASES);
