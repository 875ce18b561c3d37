import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KnownTarget } from '../../../server/agent/offline-model/catalog.ts';
import { buildGraph } from '../../../server/agent/nlu/semantic-graph.ts';
import type { SemanticNode, UnitKind } from '../../../server/agent/nlu/types.ts';

const TARGETS: KnownTarget[] = [
  {
    name: 'xgboost',
    kind: 'builtin-model',
    family: 'xgboost',
    metrics: [{ name: 'accuracy', direction: 'maximize' }, { name: 'latency_p99_ms', direction: 'minimize' }],
    space: { max_depth: { type: 'int', low: 2, high: 10 }, learning_rate: { type: 'float', low: 0.01, high: 0.3 }, n_estimators: { type: 'int', low: 50, high: 500 } },
  },
  { name: 'hartmann6', kind: 'builtin', metrics: [{ name: 'value', direction: 'minimize' }] },
  { name: 'example-service', kind: 'http', metrics: [{ name: 'latency_p99_ms' }, { name: 'error_rate' }, { name: 'requests_per_s' }] },
];

function nodes(text: string): SemanticNode[] {
  return buildGraph(text, { targets: TARGETS, prior: {} }).nodes;
}

/** The units of a kind as [text, value, unit?]. */
function units(text: string, kind: UnitKind): Array<[string, unknown, string?]> {
  return nodes(text)
    .filter((n) => n.kind === kind)
    .map((n): [string, unknown, string?] => (n.unit === undefined ? [n.text, n.value] : [n.text, n.value, n.unit]));
}

const values = (text: string, kind: UnitKind) => units(text, kind).map((u) => u[1]);

test('numbers: digits, thousands separators, "1k", number words and counting phrases', () => {
  assert.deepEqual(values('run 40 trials', 'number'), [40]);
  assert.deepEqual(values('with 1,000 evaluations', 'number'), [1000]);
  assert.deepEqual(values('1k trials please', 'number'), [1000]);
  assert.deepEqual(values('forty trials', 'number'), [40]);
  assert.deepEqual(values('twenty-five runs and two hundred and fifty samples', 'number'), [25, 250]);
  assert.deepEqual(values('a dozen trials', 'number'), [12]);
  assert.deepEqual(values('a few dozen attempts', 'number'), [36]);
  assert.deepEqual(values('a couple dozen runs', 'number'), [24]);
  assert.deepEqual(values('use a couple of workers', 'number'), [2]);
  // "one" after a determiner is a pronoun, not a number.
  assert.deepEqual(values('stop that one', 'number'), []);
});

test('percentages keep the number as written with unit %', () => {
  assert.deepEqual(units('keep accuracy above 92%', 'percent'), [['92 %', 92, '%']]);
  assert.deepEqual(units('at least 92 percent accuracy', 'percent'), [['92 percent', 92, '%']]);
  assert.deepEqual(units('no lower than 92 per cent', 'percent'), [['92 per cent', 92, '%']]);
  assert.deepEqual(values('within ninety-five percent', 'percent'), [95]);
});

test('durations in digits and in words become seconds', () => {
  assert.deepEqual(values('for 90 seconds', 'duration'), [90]);
  assert.deepEqual(values('for ten minutes', 'duration'), [600]);
  assert.deepEqual(values('give it half an hour', 'duration'), [1800]);
  assert.deepEqual(values('a budget of 1.5h', 'duration'), [5400]);
  assert.deepEqual(values('wait 2 secs', 'duration'), [2]);
  assert.deepEqual(values('run for an hour', 'duration'), [3600]);
  assert.deepEqual(values('a couple of minutes', 'duration'), [120]);
  assert.deepEqual(values('an hour and a half', 'duration'), [5400]);
  assert.deepEqual(values('1 hour 30 minutes', 'duration'), [5400]);
  // "a second" is an ordinal here, not a duration.
  assert.deepEqual(values('start a second study', 'duration'), []);
});

test('quantities carry a normalized unit; counted nouns stay a number and a noun', () => {
  assert.deepEqual(units('p99 under 50ms', 'quantity'), [['50 ms', 50, 'ms']]);
  assert.deepEqual(units('under 200 ms', 'quantity'), [['200 ms', 200, 'ms']]);
  assert.deepEqual(units('at 500 rps', 'quantity'), [['500 rps', 500, 'rps']]);
  assert.deepEqual(units('send 500 requests per second', 'quantity'), [['500 requests per second', 500, 'rps']]);
  assert.deepEqual(units('max 128 tokens', 'quantity'), [['128 tokens', 128, 'tokens']]);
  assert.deepEqual(units('with 64 connections', 'quantity'), [['64 connections', 64, 'connections']]);
  assert.deepEqual(units('50 trials', 'quantity'), []);
});

test('URLs and host:port get a scheme; methods are upper case or followed by "requests"', () => {
  assert.deepEqual(values('benchmark http://127.0.0.1:8080/ now', 'url'), ['http://127.0.0.1:8080/']);
  assert.deepEqual(values('load test localhost:3000/api.', 'url'), ['http://localhost:3000/api']);
  assert.deepEqual(values('hit my-service.local:8443/health', 'url'), ['http://my-service.local:8443/health']);
  assert.deepEqual(values('ping svc:7070 and svc:8000/v1', 'url'), ['http://svc:7070', 'http://svc:8000/v1']);
  assert.deepEqual(values('keep latency:200 low', 'url'), []);
  assert.deepEqual(values('send POST requests to localhost:3000', 'method'), ['POST']);
  assert.deepEqual(values('use post requests', 'method'), ['POST']);
  assert.deepEqual(values('hammer it with GETs', 'method'), ['GET']);
  // The verb "delete" is not the DELETE method.
  assert.deepEqual(values('delete the rule', 'method'), []);
  assert.deepEqual(values('time `python3 predict.py --fast` 10 times', 'command'), ['python3 predict.py --fast']);
});

test('metrics: multi-word concepts, and literal names of the context targets', () => {
  assert.deepEqual(values('minimize p99 latency', 'metric'), ['p99']);
  assert.deepEqual(values('the 99th percentile latency', 'metric'), ['p99']);
  assert.deepEqual(values('reduce time to first token', 'metric'), ['ttft']);
  assert.deepEqual(values('keep the error rate low', 'metric'), ['error_rate']);
  assert.deepEqual(values('optimize latency_p99_ms and accuracy', 'metric'), ['latency_p99_ms', 'accuracy']);
  // "throughput" names a context target's requests_per_s, unless the message names a target without one.
  assert.deepEqual(values('maximize throughput', 'metric'), ['requests_per_s']);
  assert.deepEqual(values('maximize throughput of xgboost', 'metric'), ['throughput']);
});

test('targets: exact, family, unversioned and misspelled names', () => {
  assert.deepEqual(values('tune xgboost', 'target'), ['xgboost']);
  assert.deepEqual(units('tune my XGBoost model', 'target'), [['my xgboost model', 'xgboost']]);
  assert.deepEqual(values('tune xgbost', 'target'), ['xgboost']);
  assert.deepEqual(values('optimize hartman', 'target'), ['hartmann6']);
  assert.deepEqual(values('optimize Hartmann 6', 'target'), ['hartmann6']);
  assert.deepEqual(values('benchmark example-service', 'target'), ['example-service']);
});

test('samplers, pruners, comparators and directions', () => {
  assert.deepEqual(values('try cma-es instead of tpe', 'sampler'), ['cmaes', 'tpe']);
  assert.deepEqual(values('use bayesian optimisation', 'sampler'), ['gp']);
  assert.deepEqual(values('train a random forest', 'sampler'), []);
  assert.deepEqual(values('with hyperband and early stopping', 'pruner'), ['hyperband', 'median']);
  assert.deepEqual(values('accuracy at least 0.9', 'comparator'), ['>=']);
  assert.deepEqual(values('latency no more than 20 ms', 'comparator'), ['<=']);
  assert.deepEqual(values('accuracy not below 90%', 'comparator'), ['>=']);
  assert.deepEqual(values('accuracy must not drop below 90%', 'comparator'), ['>=']);
  assert.deepEqual(values('alert me if latency goes over 200 ms', 'comparator'), ['>']);
  assert.deepEqual(values('when p99 exceeds 300ms', 'comparator'), ['>']);
  assert.deepEqual(values('keep it under 50ms', 'comparator'), ['<']);
  assert.deepEqual(values('accuracy ≥ 0.9 and latency <= 10', 'comparator'), ['>=', '<=']);
  // "over" with no value is not a comparison.
  assert.deepEqual(values('start over', 'comparator'), []);
  assert.deepEqual(values('make it faster and cheaper', 'direction'), ['minimize', 'minimize']);
  assert.deepEqual(values('reduce latency, boost throughput', 'direction'), ['minimize', 'maximize']);
  assert.deepEqual(values('I want it more accurate', 'direction'), ['maximize']);
  assert.deepEqual(values('I want it more accurate', 'metric'), ['accuracy']);
});

test('negations, references and identifiers', () => {
  assert.deepEqual(values("don't use tpe", 'negation'), ['not']);
  assert.deepEqual(values('tune it without pruning', 'negation'), ['not']);
  assert.deepEqual(units('stop it', 'reference'), [['it', 'any']]);
  assert.deepEqual(units('get rid of the alert I just made', 'reference'), [['the alert i just made', 'rule']]);
  // Node text is the normalized words ("created" is a learned form of the create concept, canonical "add").
  assert.deepEqual(values('delete the rule you created', 'reference'), ['rule']);
  assert.deepEqual(units('do the same but with tpe', 'reference'), [['the same', 'any']]);
  assert.deepEqual(units('rerun the last one', 'reference'), [['the last one', 'any']]);
  assert.deepEqual(units('that study is slow', 'reference'), [['that study', 'study']]);
  // "that" as a conjunction is not a reference.
  assert.deepEqual(units('make sure that accuracy stays high', 'reference'), []);
  assert.deepEqual(values('delete rule r-12', 'identifier'), ['r-12']);
  assert.deepEqual(values('remove alert-latency-p99-ms-over-200', 'identifier'), ['alert-latency-p99-ms-over-200']);
  assert.deepEqual(values('replay ses_8f2a91', 'identifier'), ['ses_8f2a91']);
  // A name made of words is an id only right after a word that says so.
  assert.deepEqual(values('get rid of rule err-spike please', 'identifier'), ['err-spike']);
  assert.deepEqual(values('delete the alert named acc_floor', 'identifier'), ['acc_floor']);
  assert.deepEqual(values('tune xgboost with a well-known trick', 'identifier'), []);
  assert.deepEqual(values('session 3f2b6c1e-7a7d-4c1b-9d7e-0b1a2c3d4e5f', 'identifier'), ['3f2b6c1e-7a7d-4c1b-9d7e-0b1a2c3d4e5f']);
});

test('params: names of the targets\' spaces, written or spoken', () => {
  assert.deepEqual(values('set max_depth between 2 and 6', 'param'), ['max_depth']);
  assert.deepEqual(values('learning rate from 0.01 to 0.1 and max depth 3', 'param'), ['learning_rate', 'max_depth']);
});

test('the rest: verbs, merged noun phrases and words; punctuation and articles are dropped', () => {
  // "model" carries a domain concept (target), so it stays a unit of its own.
  const all = nodes('please train the random forest model, then report!');
  assert.deepEqual(
    all.map((n) => [n.kind, n.text]),
    [
      ['word', 'please'],
      ['verb', 'train'],
      ['noun', 'random forest'],
      ['noun', 'model'],
      ['word', 'then'],
      ['verb', 'report'],
    ],
  );
});

test('comparators: compound, postfix and verb phrasings', () => {
  const op = (text: string) => values(text, 'comparator');
  assert.deepEqual(op('keep accuracy at or above 90%'), ['>=']);
  assert.deepEqual(op('p99 at or below 200 ms'), ['<=']);
  assert.deepEqual(op('accuracy of 0.9 or more'), ['>=']);
  assert.deepEqual(op('p99 of 200ms or less'), ['<=']);
  assert.deepEqual(op('accuracy 90% or higher'), ['>=']);
  assert.deepEqual(op('accuracy no lower than 90%'), ['>=']);
  assert.deepEqual(op('accuracy not lower than 90%'), ['>=']);
  assert.deepEqual(op('95% accuracy is the floor'), ['>=']);
  assert.deepEqual(op('take 95% accuracy as a floor'), ['>=']);
  assert.deepEqual(op('use 95% accuracy as the minimum'), ['>=']);
  assert.deepEqual(op('200 ms latency is the ceiling'), ['<=']);
  assert.deepEqual(op('200 ms max for latency'), ['<=']);
  assert.deepEqual(op('alert me when latency going past 200 ms'), ['>']);
  assert.deepEqual(op('alert me if latency goes past 200 ms'), ['>']);
  assert.deepEqual(op('alert me when latency hits 300 ms'), ['>=']);
  assert.deepEqual(op('tell me when accuracy reaches 95%'), ['>=']);
  assert.deepEqual(op('alert if p99 tops 250 ms'), ['>']);
  assert.deepEqual(op('alert if p99 crosses 250 ms'), ['>']);
  assert.deepEqual(op('alert when latency climbs above 250 ms'), ['>']);
  assert.deepEqual(op('alert when accuracy dips below 90%'), ['<']);
  assert.deepEqual(op('alert when accuracy falls under 90%'), ['<']);
  assert.deepEqual(units('latency must not exceed 100 ms', 'comparator'), [['must not exceed', '<=']]);
  assert.deepEqual(op('latency never more than 100 ms'), ['<=']);
  assert.deepEqual(op('accuracy never below 90%'), ['>=']);
  assert.deepEqual(op('more than 90% accuracy, less than 50 ms, greater than 0.8 auc'), ['>', '<', '>']);
  assert.deepEqual(op('fewer than 200 ms, higher than 0.9 f1, lower than 100 ms p99'), ['<', '>', '<']);
  // Not comparators: no value next to them, or a ranking word.
  assert.deepEqual(op('show the past sessions'), []);
  assert.deepEqual(op('show the top 5 trials'), []);
  assert.deepEqual(op('give me the max depth of the best trial'), []);
  assert.deepEqual(op('use the minimum number of trees'), []);
  assert.deepEqual(op('with 8 workers max'), []);
  assert.deepEqual(units('200 ms at most', 'comparator'), [['at most', '<=']]);
});

test('metrics: error words, median, throughput being watched, and how fast it feels', () => {
  // With a context target that has error_rate, every error word is that metric.
  assert.deepEqual(values('error must stay below 5 percent', 'metric'), ['error_rate']);
  assert.deepEqual(values('minimize errors on example-service', 'metric'), ['error_rate']);
  assert.deepEqual(values('reduce the error rate', 'metric'), ['error_rate']);
  // Without any target, an error word is the error rate itself, not the loss concept.
  const bare = (text: string) => buildGraph(text, { targets: [], prior: {} }).nodes.filter((n) => n.kind === 'metric').map((n) => n.value);
  assert.deepEqual(bare('minimize error'), ['error_rate']);
  assert.deepEqual(bare('minimize the error rate'), ['error_rate']);
  assert.deepEqual(bare('fewer errors please'), ['error_rate']);
  // A target without error_rate keeps the loss concept.
  const xgb = TARGETS.filter((t) => t.name === 'xgboost');
  assert.deepEqual(buildGraph('minimize errors', { targets: xgb, prior: {} }).nodes.filter((n) => n.kind === 'metric').map((n) => n.value), ['loss']);
  assert.deepEqual(values('optimize median latency', 'metric'), ['p50']);
  assert.deepEqual(values('optimize the median', 'metric'), ['p50']);
  // The watched rate is a metric, the number with its unit is the quantity.
  assert.deepEqual(values('when throughput drops under 400 requests per second alert me', 'metric'), ['requests_per_s']);
  assert.deepEqual(units('when throughput drops under 400 requests per second alert me', 'quantity'), [['400 requests per second', 400, 'rps']]);
  assert.deepEqual(values('alert me if rps falls below 100 per second', 'metric'), ['requests_per_s']);
  assert.deepEqual(values('keep qps above 300 on example-service', 'metric'), ['requests_per_s']);
  // How fast it feels is latency.
  for (const text of ['make xgboost snappy', 'it is sluggish', 'improve responsiveness', 'make it more responsive', 'improve speed', 'make it quick', 'make it fast']) {
    assert.deepEqual(nodes(text).filter((n) => n.kind === 'metric' || n.kind === 'direction').map((n) => n.value).at(-1), text.includes('more responsive') ? 'minimize' : 'latency', text);
  }
  assert.deepEqual(values('make it snappier', 'direction'), ['minimize']);
  // "quick"/"fast" elsewhere are not metrics.
  assert.deepEqual(values('a quick question about fast samplers', 'metric'), []);
});

test('targets: family abbreviations and "the service"', () => {
  assert.deepEqual(values('tune xgb for accuracy', 'target'), ['xgboost']);
  assert.deepEqual(values('tune the service for latency', 'target'), ['example-service']);
  assert.deepEqual(values('tune my service for latency', 'target'), ['example-service']);
  assert.deepEqual(values('tune hartman 6', 'target'), ['hartmann6']);
  // Two services: "the service" names neither.
  const two: KnownTarget[] = [...TARGETS, { name: 'other-api', kind: 'http', metrics: [{ name: 'latency_p99_ms' }] }];
  assert.deepEqual(buildGraph('tune the service', { targets: two, prior: {} }).nodes.filter((n) => n.kind === 'target'), []);
});

test('quantities: rates without a noun, warm-ups, timed runs, a bare concurrency', () => {
  assert.deepEqual(units('at 300 times a second', 'quantity'), [['300 times a second', 300, 'rps']]);
  assert.deepEqual(units('at 300 a second', 'quantity'), [['300 a second', 300, 'rps']]);
  assert.deepEqual(units('at 300 per second', 'quantity'), [['300 per second', 300, 'rps']]);
  assert.deepEqual(units('time it, warm up once', 'quantity'), [['warm up once', 1, 'warmup']]);
  assert.deepEqual(units('with one warmup', 'quantity'), [['one warmup', 1, 'warmup']]);
  assert.deepEqual(units('with 3 warm up runs', 'quantity'), [['3 warm up runs', 3, 'warmup']]);
  assert.deepEqual(units('15 timed runs', 'quantity'), [['15 timed runs', 15, 'runs']]);
  assert.deepEqual(units('with 32 concurrent', 'quantity'), [['32 concurrent', 32, 'streams']]);
  assert.deepEqual(units('with 32 concurrent connections', 'quantity'), [['32 concurrent connections', 32, 'connections']]);
  assert.deepEqual(values('benchmark it for a minute', 'duration'), [60]);
  assert.deepEqual(values('run for an hour and a half', 'duration'), [5400]);
  // "a second" after a number is a rate, never after an article.
  assert.deepEqual(values('wait a second', 'quantity'), []);
});

test('chat abbreviations of short function words are expanded (a closed table)', () => {
  const norms = (text: string) => buildGraph(text, { targets: TARGETS, prior: {} }).tokens.map((t) => t.norm);
  assert.deepEqual(norms('stp the study plz'), ['stop', 'the', 'study', 'please']);
  assert.deepEqual(norms('pls stop, thx'), ['please', 'stop', ',', 'thanks']);
  assert.deepEqual(norms('what are u lookin at'), ['what', 'are', 'you', 'looking', 'at']);
  // Two-word expansions split the token's span.
  const hows = buildGraph('hows it going', { targets: TARGETS, prior: {} }).tokens;
  assert.deepEqual(hows.map((t) => [t.norm, t.start, t.end]), [['how', 0, 3], ['is', 3, 4], ['it', 5, 7], ['going', 8, 13]]);
  assert.deepEqual(norms('whats the best'), ['what', 'is', 'the', 'best']);
  assert.equal(nodes('stp it')[0]!.kind, 'verb');
});

test('CLI flags glued to their numbers read as if spaced: the flag letter is a word, the number keeps its unit', () => {
  const glued = nodes('wrk -c128 -d30s -t4 http://127.0.0.1:8080/').map((n) => [n.kind, n.text]);
  const spaced = nodes('wrk -c 128 -d 30s -t 4 http://127.0.0.1:8080/').map((n) => [n.kind, n.text]);
  assert.deepEqual(glued, spaced);
  assert.deepEqual(values('wrk -c128 -d30s', 'duration'), [30]);
  assert.deepEqual(values('hyperfine -w3 -r20', 'number'), [3, 20]);
  // Not a flag: a word that merely contains digits, or a hyphenated identifier.
  assert.deepEqual(values('use the p99 metric', 'number'), []);
  assert.ok(nodes('delete rule err-5').some((n) => n.text.includes('err-5') || n.value === 'err-5'));
});

test('spoken numbers: decimals said digit by digit, digits said one by one are separate numbers', () => {
  assert.deepEqual(values('keep accuracy above zero point nine five', 'number'), [0.95]);
  assert.deepEqual(values('at least point nine', 'number'), [0.9]);
  assert.deepEqual(values('no lower than nought point nine two', 'number'), [0.92]);
  assert.deepEqual(values('twenty five trials and one hundred five runs', 'number'), [25, 105]);
  assert.deepEqual(values('nine five', 'number'), [9, 5]);
  // "point" as a noun stays a noun.
  assert.deepEqual(values('at this point five more trials', 'number'), [5]);
});

test('a percentile said apart is a metric, not a count: "p ninety nine", "p 99 latency", "p fifty"', () => {
  assert.deepEqual(units('tune it for p ninety nine', 'metric').map((u) => u[1]), ['p99']);
  assert.deepEqual(units('tune it for p 99 latency', 'metric').map((u) => [u[0], u[1]]), [['p 99 latency', 'p99']]);
  assert.deepEqual(units('cut the p fifty', 'metric').map((u) => u[1]), ['p50']);
  assert.deepEqual(values('tune it for p ninety nine', 'number'), []);
  // Not a percentile: "p" then a count.
  assert.deepEqual(units('p 5 trials', 'metric'), []);
});

test('a model tag with a size is one word, not a host and port: "llama3.1:70b", "qwen2.5:7b-instruct"', () => {
  assert.deepEqual(nodes('use llama3.1:70b please').filter((n) => n.kind === 'url'), []);
  assert.ok(nodes('measure the ttft of qwen2.5:7b-instruct').some((n) => n.text === 'qwen2.5:7b-instruct'));
  assert.deepEqual(units('bench 10.0.0.1:80 and localhost:8080/api', 'url').map((u) => u[1]), ['http://10.0.0.1:80', 'http://localhost:8080/api']);
});

test('a hex id that starts with a digit is one word, numbers with units still split', () => {
  assert.ok(nodes('plot study 0d9e1c7a convergence').every((n) => n.kind !== 'number'));
  assert.deepEqual(values('wait 30s then run 1e3 trials', 'number'), [1000]);
  assert.deepEqual(values('wait 30s then run 1e3 trials', 'duration'), [30]);
});
