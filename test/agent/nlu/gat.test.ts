import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { EDGE_CHANNELS, padGraphs, type GraphInput } from '../../../server/agent/nlu/batch.ts';
import { batchTensors, createRng, defaultGatConfig, gatForward, gatTrainStep, initGatVariables, type GatConfig } from '../../../server/agent/nlu/gat.ts';
import { selectTfBackend, type Tf } from '../../../tools/common/tf.ts';
import { EDGE_TYPES, type SemanticEdge } from '../../../server/agent/nlu/types.ts';

let tf: Tf;
before(async () => {
  tf = (await selectTfBackend({ prefer: 'wasm', logger: () => {} })).tf;
});

const F = 6;

/** A chain graph of n nodes (next/prev edges) with the given feature rows. */
function chain(rows: number[][], extra: SemanticEdge[] = []): GraphInput {
  const edges: SemanticEdge[] = [];
  for (let i = 0; i + 1 < rows.length; i++) {
    edges.push({ from: i, to: i + 1, type: 'next', weight: 1 }, { from: i + 1, to: i, type: 'prev', weight: 1 });
  }
  return { numNodes: rows.length, features: Float32Array.from(rows.flat()), edges: [...edges, ...extra] };
}

function randomRows(rng: () => number, n: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: F }, () => rng() * 2 - 1));
}

function config(): GatConfig {
  return { ...defaultGatConfig(F, 3, 4), heads: 8, headDim: 4, hiddenDim: 8, intentHidden: 8 };
}

test('padGraphs: real nodes attend to themselves and their edges; padding has no edges', () => {
  const graph = chain(randomRows(createRng(1), 3), [{ from: 0, to: 2, type: 'comparator', weight: 0.5 }]);
  const batch = padGraphs([graph], F, { minNodes: 5 });
  const N = 5;
  assert.deepEqual([...batch.nodeMask], [1, 1, 1, 0, 0]);
  const adj = (i: number, j: number) => batch.adjacency[i * N + j];
  assert.equal(adj(0, 0), 1);
  assert.equal(adj(1, 0), 1); // next: 0 → 1, row 1 receives from 0
  assert.equal(adj(2, 0), 1); // comparator 0 → 2
  assert.equal(adj(0, 2), 1); // and its reverse channel
  for (let i = 0; i < N; i++) for (let j = 3; j < N; j++) assert.equal(adj(i, j), 0);
  for (let j = 0; j < N; j++) assert.equal(adj(3, j), 0);
  const channel = (i: number, j: number, c: number) => batch.edgeChannels[(i * N + j) * EDGE_CHANNELS + c];
  const comparator = EDGE_TYPES.indexOf('comparator');
  assert.equal(channel(2, 0, comparator), 0.5);
  assert.equal(channel(0, 2, EDGE_TYPES.length + comparator), 0.5);
  assert.equal(channel(0, 2, comparator), 0);
  assert.equal(channel(1, 1, EDGE_TYPES.indexOf('self')), 1);
});

test('forward: output shapes, attention rows sum to 1 over real neighbours and padding gets none', () => {
  const c = config();
  const v = initGatVariables(tf, c, 7);
  const rng = createRng(3);
  const graphs = [chain(randomRows(rng, 4)), chain(randomRows(rng, 2))];
  const batch = padGraphs(graphs, F);
  const { intent, role, attention } = tf.tidy(() => {
    const out = gatForward(tf, v, c, batchTensors(tf, batch));
    return { intent: out.intentLogits.arraySync(), role: out.roleLogits.arraySync(), attention: out.attention1.arraySync() };
  });
  assert.equal(intent.length, 2);
  assert.equal(intent[0]!.length, 3);
  assert.deepEqual([role.length, role[0]!.length, role[0]![0]!.length], [2, 4, 4]);
  assert.equal(attention[1]!.length, 8);
  for (const heads of attention[1]!) {
    // Graph 1 has 2 real nodes: rows 0-1 sum to 1 over columns 0-1; columns 2-3 (padding) get exactly 0; padded rows are 0.
    for (let i = 0; i < 2; i++) {
      assert.ok(Math.abs(heads[i]![0]! + heads[i]![1]! - 1) < 1e-5);
      assert.equal(heads[i]![2], 0);
      assert.equal(heads[i]![3], 0);
    }
    for (let i = 2; i < 4; i++) assert.deepEqual(heads[i], [0, 0, 0, 0]);
  }
  // Node 0 of graph 0 (chain) attends to itself and node 1 only.
  for (const heads of attention[0]!) assert.deepEqual([heads[0]![2], heads[0]![3]], [0, 0]);
  tf.dispose(Object.values(v));
});

test('forward: a graph gives the same outputs alone, padded, or in a batch', () => {
  const c = config();
  const v = initGatVariables(tf, c, 11);
  const rng = createRng(5);
  const graph = chain(randomRows(rng, 3), [{ from: 2, to: 0, type: 'modifier', weight: 0.7 }]);
  const other = chain(randomRows(rng, 6));
  const run = (graphs: GraphInput[], minNodes?: number) =>
    tf.tidy(() => {
      const out = gatForward(tf, v, c, batchTensors(tf, padGraphs(graphs, F, { minNodes })));
      return { intent: out.intentLogits.arraySync()[0]!, roles: out.roleLogits.arraySync()[0]!.slice(0, 3) };
    });
  const alone = run([graph]);
  const padded = run([graph], 9);
  const batched = run([graph, other]);
  for (const variant of [padded, batched]) {
    variant.intent.forEach((x, i) => assert.ok(Math.abs(x - alone.intent[i]!) < 1e-5, `intent ${i}: ${x} vs ${alone.intent[i]}`));
    variant.roles.forEach((row, n) => row.forEach((x, r) => assert.ok(Math.abs(x - alone.roles[n]![r]!) < 1e-5, `role ${n},${r}`)));
  }
  tf.dispose(Object.values(v));
});

test('forward: changing a padding feature row changes nothing', () => {
  const c = config();
  const v = initGatVariables(tf, c, 13);
  const graph = chain(randomRows(createRng(9), 3));
  const batch = padGraphs([graph], F, { minNodes: 5 });
  const noisy = { ...batch, features: batch.features.slice() };
  for (let k = 3 * F; k < 5 * F; k++) noisy.features[k] = 100;
  const run = (b: typeof batch) => tf.tidy(() => [...gatForward(tf, v, c, batchTensors(tf, b)).intentLogits.dataSync()]);
  assert.deepEqual(run(noisy), run(batch));
  tf.dispose(Object.values(v));
});

test('training: the GAT learns a node role that depends on a neighbour, and an intent from the whole graph', () => {
  // Role of node i: 1 + (sign of feature 0 of the node before it) for i > 0, 0 for the first node; intent: whether
  // any node has feature 1 > 0.8 (2 classes of 3). Learnable only by looking at a neighbour / pooling.
  const c = { ...config(), inputDropout: 0, attentionDropout: 0 };
  const v = initGatVariables(tf, c, 1);
  const rng = createRng(42);
  const data = Array.from({ length: 96 }, () => {
    const n = 2 + Math.floor(rng() * 5);
    const rows = randomRows(rng, n);
    const roles = rows.map((_, i) => (i === 0 ? 0 : rows[i - 1]![0]! > 0 ? 2 : 1));
    const intent = rows.some((r) => r[1]! > 0.8) ? 1 : 0;
    return { graph: chain(rows), roles, intent };
  });
  const optimizer = tf.train.adam(0.02);
  const nextSeed = (() => {
    const r = createRng(2);
    return () => Math.floor(r() * 1e9);
  })();
  const batchOf = (items: typeof data) => {
    const batch = padGraphs(
      items.map((d) => d.graph),
      F,
    );
    const roles = new Int32Array(batch.size * batch.maxNodes);
    items.forEach((d, b) => d.roles.forEach((r, i) => (roles[b * batch.maxNodes + i] = r)));
    return { batch, roles, intents: Int32Array.from(items.map((d) => d.intent)) };
  };
  const tensorsBefore = tf.memory().numTensors;
  let first = 0;
  let last = 0;
  for (let epoch = 0; epoch < 40; epoch++) {
    for (let k = 0; k < data.length; k += 16) {
      const { batch, roles, intents } = batchOf(data.slice(k, k + 16));
      const { loss } = gatTrainStep(tf, optimizer, v, c, batch, intents, roles, nextSeed);
      if (epoch === 0 && k === 0) first = loss;
      last = loss;
    }
  }
  // Adam's two moment slots per variable are the only tensors training keeps.
  assert.equal(tf.memory().numTensors - tensorsBefore, 2 * Object.keys(v).length);
  assert.ok(last < first / 3, `loss ${first} → ${last}`);
  const { batch, roles } = batchOf(data);
  const predicted = tf.tidy(() => tf.argMax(gatForward(tf, v, c, batchTensors(tf, batch)).roleLogits, 2).dataSync());
  let right = 0;
  let total = 0;
  for (let b = 0; b < batch.size; b++) {
    for (let i = 0; i < batch.nodeCounts[b]!; i++) {
      total++;
      if (predicted[b * batch.maxNodes + i] === roles[b * batch.maxNodes + i]) right++;
    }
  }
  assert.ok(right / total > 0.9, `role accuracy ${right}/${total}`);
  optimizer.dispose();
  tf.dispose(Object.values(v));
});
