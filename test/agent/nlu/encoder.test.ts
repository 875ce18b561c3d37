import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { TRAINING_TARGETS } from '../../../server/agent/nlu/corpus/index.ts';
import { ENCODER_WEIGHTS, loadEncoder, type LoadedEncoder } from '../../../server/agent/nlu/encoder.ts';
import { buildGraph } from '../../../server/agent/nlu/semantic-graph.ts';
import { loadTf, type Tf } from '../../../tools/common/tf.ts';
import { INTENTS, ROLES, type PriorEntities } from '../../../server/agent/nlu/types.ts';
import { fromHalf, parseWeights, serializeWeights, toHalf, vectorTableHash } from '../../../server/agent/nlu/weights.ts';

let tf: Tf;
let encoder: LoadedEncoder;
before(async () => {
  tf = (await loadTf({ logger: () => {} })).tf;
  encoder = await loadEncoder();
});

const graphOf = (text: string, prior: PriorEntities = {}) => buildGraph(text, { targets: TRAINING_TARGETS, prior });

test('the committed weights load and give a valid Encoded for a real message', () => {
  const graph = graphOf('tune my xgboost model for p99 latency and keep accuracy above 93 percent');
  const out = encoder.encode(graph);
  assert.ok(INTENTS.includes(out.intent));
  assert.equal(out.intentScores.length, INTENTS.length);
  assert.ok(Math.abs(out.intentScores.reduce((a, b) => a + b, 0) - 1) < 1e-4);
  assert.equal(out.confidence, Math.max(...out.intentScores));
  assert.equal(out.intentScores[INTENTS.indexOf(out.intent)], out.confidence);
  assert.equal(out.roles.length, graph.nodes.length);
  for (const { role, confidence } of out.roles) {
    assert.ok(ROLES.includes(role));
    assert.ok(confidence > 0 && confidence <= 1);
  }
  // What the trained model must get right on the request the issue names.
  assert.equal(out.intent, 'tune');
  const roleOf = (word: string) => out.roles[graph.nodes.findIndex((n) => n.text.includes(word))]?.role;
  assert.equal(roleOf('xgboost'), 'target');
  // A threshold's value: the planner completes a constraint with a value tagged for a rule too (read-request.ts).
  assert.match(String(roleOf('93')), /^(constraint|rule)_value$/);
  assert.equal(roleOf('accuracy'), 'constraint_metric');
});

test('encode is deterministic and leaks no tensor', () => {
  const graphs = ['stop it', 'which knobs matter?', 'get rid of the alert I just made', 'benchmark http://127.0.0.1:8080/ with 64 connections'].map(
    (text) => graphOf(text, { study: { target: 'xgboost', metrics: ['accuracy'] }, rule: 'r-3' }),
  );
  const first = graphs.map((g) => encoder.encode(g));
  const before = tf.memory().numTensors;
  for (let round = 0; round < 20; round++) graphs.forEach((g, i) => assert.deepEqual(encoder.encode(g), first[i]));
  assert.equal(tf.memory().numTensors, before);
});

test('a graph over 64 nodes (the graph builder caps at 64; the encoder does not rely on it): extra nodes are "none" with confidence 0', () => {
  const base = graphOf('tune xgboost for accuracy with 40 trials and keep latency under 20 ms');
  const nodes = Array.from({ length: 70 }, (_, i) => ({ ...base.nodes[i % base.nodes.length]!, id: i }));
  const edges = nodes.slice(1).map((_, i) => ({ from: i, to: i + 1, type: 'next' as const, weight: 1 }));
  const graph = { ...base, nodes, edges };
  const out = encoder.encode(graph);
  assert.equal(out.roles.length, 70);
  assert.deepEqual(out.roles.slice(64), nodes.slice(64).map(() => ({ role: 'none', confidence: 0 })));
  assert.ok(out.roles.slice(0, 64).every((r) => r.confidence > 0));
});

test('weights trained for other features or labels are refused with NLU_WEIGHTS_STALE', async () => {
  const file = JSON.parse(readFileSync(ENCODER_WEIGHTS, 'utf8')) as { featureDim: number; vectorsHash: string; labels: { roles: string[] } };
  const dir = mkdtempSync(join(tmpdir(), 'nlu-weights-'));
  const stale = join(dir, 'encoder.json');
  writeFileSync(stale, JSON.stringify({ ...file, featureDim: file.featureDim + 1, vectorsHash: 'deadbeef', labels: { ...file.labels, roles: file.labels.roles.slice(1) } }));
  await assert.rejects(loadEncoder({ path: stale }), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'NLU_WEIGHTS_STALE');
    assert.match(error.message, new RegExp(`featureDim ${file.featureDim + 1}, expected ${file.featureDim}`));
    assert.match(error.message, /vectorsHash deadbeef, expected /);
    assert.match(error.message, /roles \[\d+\] differ/);
    assert.match(error.message, /npm run train:nlu/);
    return true;
  });
  await assert.rejects(loadEncoder({ path: join(dir, 'missing.json') }), { code: 'NLU_WEIGHTS_MISSING' });
});

test('weights files round-trip: float32 exactly, float16 within half precision, the same text every time', () => {
  const signature = { kind: 'gat', featureDim: 3, vectorsHash: vectorTableHash() };
  const arrays = {
    'z/b': { shape: [2], values: Float32Array.from([0.1, -2.5e-5]) },
    'a/W': { shape: [2, 3], values: Float32Array.from([1, -1, 0.3333, 65504, 1e-8, -0]) },
  };
  const text = serializeWeights({ ...signature, config: { heads: 8 } }, arrays);
  assert.equal(serializeWeights({ ...signature, config: { heads: 8 } }, { 'a/W': arrays['a/W'], 'z/b': arrays['z/b'] }), text);
  const parsed = parseWeights(text, signature);
  assert.deepEqual(Object.keys(parsed.arrays), ['a/W', 'z/b']);
  assert.deepEqual(parsed.arrays['a/W'], arrays['a/W']);
  assert.deepEqual(parsed.arrays['z/b'], arrays['z/b']);
  assert.deepEqual(parsed.header.config, { heads: 8 });
  const half = parseWeights(serializeWeights({ ...signature, config: {} }, arrays, 'float16'), signature);
  arrays['a/W'].values.forEach((x, i) => assert.ok(Math.abs(half.arrays['a/W']!.values[i]! - x) <= Math.abs(x) / 1024 + 6e-8, `${x}`));
  assert.equal(fromHalf(toHalf(1 / 3)), 0.333251953125);
  assert.equal(fromHalf(toHalf(1e6)), Number.POSITIVE_INFINITY);
  assert.throws(() => parseWeights('{"format":"other"}', signature), { code: 'NLU_WEIGHTS_FORMAT' });
});
