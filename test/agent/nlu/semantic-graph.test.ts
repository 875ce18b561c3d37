import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalText } from '../../../server/agent/nlu/canonical-text.ts';
import { buildGraph, MAX_CHARS, MAX_NODES } from '../../../server/agent/nlu/semantic-graph.ts';
import type { GraphContext, SemanticGraph } from '../../../server/agent/nlu/types.ts';
import type { KnownTarget } from '../../../server/agent/offline-model/catalog.ts';

const TARGETS: KnownTarget[] = [
  { name: 'xgboost', kind: 'builtin-model', family: 'xgboost', metrics: [{ name: 'accuracy' }, { name: 'latency_p99_ms' }] },
  { name: 'hartmann6', kind: 'builtin', metrics: [{ name: 'value' }] },
];
const NO_PRIOR: GraphContext = { targets: TARGETS, prior: {} };

function edge(graph: SemanticGraph, from: number, to: number, type: string): boolean {
  return graph.edges.some((e) => e.from === from && e.to === to && e.type === type);
}

function node(graph: SemanticGraph, kind: string): number {
  const found = graph.nodes.find((n) => n.kind === kind);
  assert.ok(found, `no ${kind} node in ${graph.nodes.map((n) => `${n.kind}:${n.text}`).join(', ')}`);
  return found.id;
}

test('"keep accuracy above 93 percent": metric → comparator → value, the value in %', () => {
  const graph = buildGraph('keep accuracy above 93 percent', NO_PRIOR);
  const metric = node(graph, 'metric');
  const comparator = node(graph, 'comparator');
  const value = node(graph, 'percent');
  assert.equal(graph.nodes[metric]!.value, 'accuracy');
  assert.equal(graph.nodes[comparator]!.value, '>');
  assert.deepEqual([graph.nodes[value]!.value, graph.nodes[value]!.unit], [93, '%']);
  assert.ok(edge(graph, metric, comparator, 'comparator'));
  assert.ok(edge(graph, comparator, value, 'comparator'));
  assert.ok(!edge(graph, value, comparator, 'comparator'), 'comparator edges are directed');
  // The verb's object is the metric.
  assert.ok(edge(graph, node(graph, 'verb'), metric, 'object'));
  // Every node has a self loop; consecutive nodes are linked both ways.
  for (const n of graph.nodes) assert.ok(edge(graph, n.id, n.id, 'self'));
  assert.ok(edge(graph, 0, 1, 'next') && edge(graph, 1, 0, 'prev'));
});

test('a comparator takes the metric after its value when none comes before ("above 0.95 accuracy")', () => {
  const graph = buildGraph('only configs above 0.95 accuracy', NO_PRIOR);
  assert.ok(edge(graph, node(graph, 'metric'), node(graph, 'comparator'), 'comparator'));
  assert.ok(edge(graph, node(graph, 'comparator'), node(graph, 'number'), 'comparator'));
});

test('units, modifiers, negation and coordination edges', () => {
  const graph = buildGraph("run 50 trials, don't use tpe and keep server latency low", NO_PRIOR);
  const find = (text: string) => graph.nodes.find((n) => n.text === text)!.id;
  assert.ok(edge(graph, find('50'), find('trials'), 'unit'));
  assert.ok(edge(graph, find("don't"), find('use'), 'negation'));
  assert.ok(edge(graph, find('server'), find('latency'), 'modifier'));
  assert.ok(edge(graph, find('trials'), find("don't"), 'coordination') && edge(graph, find("don't"), find('trials'), 'coordination'));
});

test('"stop it" after a study: a reference edge from "it" to the study context node', () => {
  const graph = buildGraph('stop it', { targets: TARGETS, prior: { study: { target: 'xgboost', metrics: ['accuracy'] } } });
  const context = graph.nodes.filter((n) => n.kind === 'context');
  assert.deepEqual(
    context.map((n) => [n.refers, n.value]),
    [
      ['study', 'xgboost'],
      ['target', 'xgboost'],
      ['metric', 'accuracy'],
    ],
  );
  const study = context[0]!.id;
  const it = node(graph, 'reference');
  assert.ok(graph.edges.some((e) => e.from === it && e.to === study && e.type === 'reference' && e.weight === 1));
  // The follow-up verb points back too, with a lower weight.
  assert.ok(graph.edges.some((e) => e.from === node(graph, 'verb') && e.to === study && e.type === 'reference' && e.weight === 0.5));
  // Context nodes have no span and no tokens.
  assert.deepEqual([context[0]!.start, context[0]!.end, context[0]!.tokens], [-1, -1, []]);
  // Without a prior there is nothing to point at.
  assert.equal(buildGraph('stop it', NO_PRIOR).edges.filter((e) => e.type === 'reference').length, 0);
});

test('"the alert I just made" points at the rule more than at the study', () => {
  const graph = buildGraph('get rid of the alert I just made', { targets: TARGETS, prior: { study: { target: 'xgboost' }, rule: 'r-3' } });
  const ref = node(graph, 'reference');
  const weightTo = (refers: string) => graph.edges.find((e) => e.from === ref && e.type === 'reference' && graph.nodes[e.to]!.refers === refers)?.weight;
  assert.equal(weightTo('rule'), 1);
  assert.equal(weightTo('study'), 0.5);
});

test(`input cap: at most ${MAX_NODES} nodes, the rest of a long message is dropped`, () => {
  const long = Array.from({ length: 100 }, (_, i) => `metric${i} accuracy`).join(' and ');
  const graph = buildGraph(long, { targets: TARGETS, prior: { study: { target: 'xgboost', metrics: ['accuracy'] } } });
  assert.equal(graph.nodes.length, MAX_NODES);
  // The context nodes are kept at the end, the message is cut.
  assert.deepEqual(graph.nodes.slice(-3).map((n) => n.kind), ['context', 'context', 'context']);
  assert.ok(graph.nodes.every((n, i) => n.id === i));
  assert.ok(graph.edges.every((e) => e.from < MAX_NODES && e.to < MAX_NODES));
  assert.ok(graph.nodes.at(-4)!.end < long.length / 2);
  // A pasted wall of text is read only up to MAX_CHARS; the graph keeps the whole text.
  const wall = 'please tune xgboost, '.repeat(1000);
  const big = buildGraph(wall, NO_PRIOR);
  assert.equal(big.text, wall);
  assert.ok(big.tokens.at(-1)!.end <= MAX_CHARS);
  assert.equal(big.nodes.length, MAX_NODES);
});

test('canonical text: typos fixed, numbers in digits, percentages with %, negated comparators rewritten', () => {
  const canon = (text: string) => canonicalText(buildGraph(text, NO_PRIOR));
  assert.equal(canon('tune my xgbost for p99 latncy with forty trials'), 'tune my xgboost for p99 latency with 40 trials');
  assert.equal(canon('keep accuracy above 93 percent'), 'keep accuracy above 93%');
  assert.equal(canon('optimize hartman for ten minutes'), 'optimize hartmann6 for 10 minutes');
  assert.equal(canon('bench it with a thousand prompts for a couple of minutes'), 'bench it with 1000 prompts for 2 minutes');
  // Bare "one" is not a count ("one more thing" must not read "1 more": run 1 more trial).
  assert.equal(canon('one more thing: run one more trial'), 'one more thing: run 1 more trial');
  // Verb forms of a concept stay as written: "the stopped study" is not "the stop study".
  assert.equal(canon('restart the stopped study'), 'restart the stopped study');
  assert.equal(canon('which knobs matter?'), 'which parameters matter?');
  assert.equal(canon('accuracy must not drop below 92 per cent'), 'accuracy must be at least 92%');
  assert.equal(canon('Benchmark http://127.0.0.1:8080/ with GET'), 'Benchmark http://127.0.0.1:8080/ with GET');
  // Chat abbreviations read as their words; a split one keeps a space between its halves.
  assert.equal(canon('hows it going? stp it plz'), 'how is it going? stop it please');
  assert.equal(canon('latency must not exceed 100 ms'), 'latency must be at most 100 ms');
});

const SERVICE_TARGETS: KnownTarget[] = [...TARGETS, { name: 'example-service', kind: 'http', metrics: [{ name: 'latency_p99_ms' }, { name: 'error_rate' }, { name: 'requests_per_s' }] }];

test('comparator edges: value before metric with a postfix comparator, and a modal comparator', () => {
  const floor = buildGraph('95% accuracy is the floor', NO_PRIOR);
  assert.equal(floor.nodes[node(floor, 'comparator')]!.value, '>=');
  assert.ok(edge(floor, node(floor, 'comparator'), node(floor, 'percent'), 'comparator'));
  assert.ok(edge(floor, node(floor, 'metric'), node(floor, 'comparator'), 'comparator'));
  const more = buildGraph('accuracy of 0.9 or more', NO_PRIOR);
  assert.ok(edge(more, node(more, 'comparator'), node(more, 'number'), 'comparator'));
  assert.ok(edge(more, node(more, 'metric'), node(more, 'comparator'), 'comparator'));
  // "200 ms max for latency": the metric after the comparator.
  const max = buildGraph('200 ms max for latency', NO_PRIOR);
  assert.ok(edge(max, node(max, 'comparator'), node(max, 'quantity'), 'comparator'));
  assert.ok(edge(max, node(max, 'metric'), node(max, 'comparator'), 'comparator'));
  // "at most" before a value reads forwards even after a counted number.
  const most = buildGraph('run 50 trials at most 8 in parallel', NO_PRIOR);
  const eight = most.nodes.find((n) => n.value === 8)!.id;
  assert.ok(edge(most, node(most, 'comparator'), eight, 'comparator'));
  assert.ok(!edge(most, node(most, 'comparator'), node(most, 'number'), 'comparator'));
  const error = buildGraph('error must stay below 5 percent', { targets: SERVICE_TARGETS, prior: {} });
  assert.equal(error.nodes[node(error, 'metric')]!.value, 'error_rate');
  assert.ok(edge(error, node(error, 'metric'), node(error, 'comparator'), 'comparator'));
  assert.ok(edge(error, node(error, 'comparator'), node(error, 'percent'), 'comparator'));
});

test('seeds: the number is linked to a "seed" node and stays a number', () => {
  for (const text of ['tune xgboost seeded with 1234', 'tune xgboost seed=7', 'tune xgboost with random seed 42', 'tune xgboost with seed 7', 'tune xgboost, seed: 7']) {
    const graph = buildGraph(text, NO_PRIOR);
    const seed = graph.nodes.find((n) => n.text.split(' ').at(-1) === 'seed');
    assert.ok(seed, `no seed node in ${text}`);
    assert.ok(edge(graph, node(graph, 'number'), seed.id, 'unit'), text);
    assert.ok(!graph.nodes.some((n) => n.kind === 'comparator'), `"=" is not a comparator in ${text}`);
  }
});

test('command follow-ups: "again", "the same" are references linked to the prior url, command and study', () => {
  const context: GraphContext = { targets: TARGETS, prior: { url: 'http://127.0.0.1:8080/', command: 'python3 x.py', study: { target: 'xgboost', metrics: ['accuracy'] } } };
  for (const text of ['do it again', 'same again', 'run that again', 'again with 64 connections', 'the same but with 64 connections', 'now do the same with 64 connections', 'once more with 10 connections']) {
    const graph = buildGraph(text, context);
    const refs = graph.nodes.filter((n) => n.kind === 'reference');
    assert.ok(refs.length > 0, `no reference in ${text}: ${graph.nodes.map((n) => `${n.kind}:${n.text}`).join(', ')}`);
    for (const refers of ['url', 'command', 'study']) {
      const target = graph.nodes.find((n) => n.kind === 'context' && n.refers === refers)!;
      assert.ok(refs.some((r) => graph.edges.some((e) => e.from === r.id && e.to === target.id && e.type === 'reference' && e.weight === 1)), `${text} → ${refers}`);
    }
  }
  assert.equal(buildGraph('run that again', context).nodes.find((n) => n.text === 'that')?.kind, 'reference');
});
