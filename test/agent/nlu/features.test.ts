import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FEATURE_DIM, nodeFeatures, sentenceVector, UPOS } from '../../../server/agent/nlu/features.ts';
import { buildGraph } from '../../../server/agent/nlu/semantic-graph.ts';
import { UNIT_KINDS } from '../../../server/agent/nlu/types.ts';
import { VECTOR_DIM } from '../../../server/agent/nlu/word-vectors.ts';

const context = { targets: [{ name: 'xgboost', kind: 'builtin-model', metrics: [{ name: 'accuracy' }] }], prior: { study: { target: 'xgboost' } } };

test('node features: one row of FEATURE_DIM per node with the word vector, kind and tag one-hots', () => {
  assert.equal(FEATURE_DIM, 147);
  const graph = buildGraph('keep accuracy above 93 percent', context);
  const features = nodeFeatures(graph);
  assert.equal(features.length, graph.nodes.length * FEATURE_DIM);
  assert.ok(features.every((x) => Number.isFinite(x)));
  for (const node of graph.nodes) {
    const row = features.subarray(node.id * FEATURE_DIM, (node.id + 1) * FEATURE_DIM);
    const kinds = row.subarray(VECTOR_DIM, VECTOR_DIM + UNIT_KINDS.length);
    assert.equal(kinds.reduce((s, x) => s + x, 0), 1);
    assert.equal(kinds[UNIT_KINDS.indexOf(node.kind)], 1);
    const tags = row.subarray(VECTOR_DIM + UNIT_KINDS.length, VECTOR_DIM + UNIT_KINDS.length + UPOS.length);
    assert.ok(tags.reduce((s, x) => s + x, 0) <= 1);
  }
  // Words with a vector get a non-zero vector block; a number has none.
  const metric = graph.nodes.find((n) => n.kind === 'metric')!.id;
  const percent = graph.nodes.find((n) => n.kind === 'percent')!.id;
  assert.ok(features.subarray(metric * FEATURE_DIM, metric * FEATURE_DIM + VECTOR_DIM).some((x) => x !== 0));
  // "93 percent": the word "percent" has a vector, so the block is not zero either; the numeric flag is set.
  const flags = FEATURE_DIM - 16;
  assert.equal(features[percent * FEATURE_DIM + flags], 1);
  assert.equal(features[metric * FEATURE_DIM + flags], 0);
  // The comparator's op and the percent's unit class differ between "above" and "below".
  const below = nodeFeatures(buildGraph('keep accuracy below 93 percent', context));
  assert.notDeepEqual(Array.from(below), Array.from(features));
  // Deterministic.
  assert.deepEqual(Array.from(nodeFeatures(buildGraph('keep accuracy above 93 percent', context))), Array.from(features));
});

test('sentence vector: the mean word vector of the message', () => {
  const a = sentenceVector(buildGraph('keep accuracy above 93 percent', context));
  const b = sentenceVector(buildGraph('which parameters matter most?', context));
  assert.equal(a.length, VECTOR_DIM);
  assert.ok(a.some((x) => x !== 0));
  assert.notDeepEqual(Array.from(a), Array.from(b));
  assert.deepEqual(Array.from(sentenceVector(buildGraph('', context))), new Array(VECTOR_DIM).fill(0));
});
