/**
 * `npm run train:nlu`: trains the graph attention encoder and the bag-of-words baseline of the offline agent and writes
 * server/agent/nlu/data/{encoder.json, bow.json, training-report.json}.
 *
 * corpus (buildCorpus({ seed })) → semantic graphs (buildGraph with TRAINING_TARGETS and each example's prior) →
 * node features and node labels (the role of the span overlapping most of each node) → 90/10 split → Adam on intent
 * cross-entropy + mean node-role cross-entropy. Everything random (corpus, split, shuffling, init, dropout) comes from
 * the seed, so two runs on the same backend write the same weights.
 *
 * Options: --seed N (default 13), --epochs N (default 30), --size N (corpus size, default the corpus's own),
 * --out DIR (default server/agent/nlu/data), --head-dim N and --hidden N (layer widths, for experiments), --quiet.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scalar, Tensor2D } from '@tensorflow/tfjs';
import { labelNodes, MAX_NODES, padGraphs, type GraphInput, type PaddedBatch } from '../../server/agent/nlu/batch.ts';
import { bowForward, bowShapes, initBowVariables, type BowConfig } from '../../server/agent/nlu/bow.ts';
import { buildCorpus, TRAINING_TARGETS } from '../../server/agent/nlu/corpus/index.ts';
import { FEATURE_DIM, nodeFeatures, sentenceVector } from '../../server/agent/nlu/features.ts';
import {
  batchTensors,
  createRng,
  defaultGatConfig,
  gatForward,
  gatShapes,
  gatTrainStep,
  initGatVariables,
  type GatConfig,
  type GatVariables,
} from '../../server/agent/nlu/gat.ts';
import { buildGraph } from '../../server/agent/nlu/semantic-graph.ts';
import { loadTf, type Tf } from '../../tools/common/tf.ts';
import { INTENTS, ROLES, type LabelledExample } from '../../server/agent/nlu/types.ts';
import { saveWeights, vectorTableHash, type NamedArray } from '../../server/agent/nlu/weights.ts';

const args = parseArgs(process.argv.slice(2));
const SEED = args.int('seed', 13);
const EPOCHS = args.int('epochs', 30);
const SIZE = args.has('size') ? args.int('size', 0) : undefined;
const OUT = args.str('out', fileURLToPath(new URL('../../server/agent/nlu/data/', import.meta.url)));
const BATCH = 32;
const LEARNING_RATE = 0.005;
const BOW_EPOCHS = 40;
const VALIDATION_SHARE = 0.1;

interface Prepared {
  example: LabelledExample;
  graph: GraphInput;
  intent: number;
  roles: Int32Array;
  sentence: Float32Array;
}

const started = Date.now();
const { tf, backend } = await loadTf();
const log = (line: string) => {
  if (!args.has('quiet')) console.log(line);
};

// 1. Corpus → graphs → features and labels.
const corpus = buildCorpus({ seed: SEED, ...(SIZE ? { size: SIZE } : {}) });
const prepared: Prepared[] = corpus.map((example) => {
  const graph = buildGraph(example.text, { targets: TRAINING_TARGETS, prior: example.prior });
  const roles = labelNodes(graph.nodes, example.spans).map((role) => ROLES.indexOf(role));
  return {
    example,
    graph: { numNodes: graph.nodes.length, features: nodeFeatures(graph), edges: graph.edges },
    intent: INTENTS.indexOf(example.intent),
    roles: Int32Array.from(roles),
    sentence: sentenceVector(graph),
  };
});
const empty = prepared.filter((p) => p.graph.numNodes === 0).length;
const usable = prepared.filter((p) => p.graph.numNodes > 0);
const truncated = usable.filter((p) => p.graph.numNodes > MAX_NODES).length;
const prepSeconds = (Date.now() - started) / 1000;

// 2. Seeded 90/10 split.
const splitRng = createRng(SEED ^ 0x5eed);
const order = shuffle(
  usable.map((_, i) => i),
  splitRng,
);
const validationSize = Math.round(usable.length * VALIDATION_SHARE);
const validation = order.slice(0, validationSize).map((i) => usable[i]!);
const train = order.slice(validationSize).map((i) => usable[i]!);
log(
  `corpus ${corpus.length} examples (seed ${SEED}): train ${train.length}, validation ${validation.length}` +
    `${empty ? `, ${empty} without nodes skipped` : ''}${truncated ? `, ${truncated} over ${MAX_NODES} nodes truncated` : ''}; ` +
    `features ${FEATURE_DIM}, graphs built in ${prepSeconds.toFixed(1)} s; tfjs ${backend}`,
);

// 3. The graph attention encoder.
const config: GatConfig = {
  ...defaultGatConfig(FEATURE_DIM, INTENTS.length, ROLES.length),
  ...(args.has('head-dim') ? { headDim: args.int('head-dim', 24) } : {}),
  ...(args.has('hidden') ? { hiddenDim: args.int('hidden', 96) } : {}),
};
const variables = initGatVariables(tf, config, SEED);
const optimizer = tf.train.adam(LEARNING_RATE);
const shuffleRng = createRng(SEED + 1);
const dropoutRng = createRng(SEED + 2);
const nextSeed = () => Math.floor(dropoutRng() * 2 ** 31);
const epochs: Array<Record<string, number>> = [];
log('epoch  train-loss  val-loss  val-intent-acc  val-role-acc  val-role-f1  seconds');
for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  const t0 = Date.now();
  // Cosine decay to a tenth of the rate over the run.
  (optimizer as unknown as { learningRate: number }).learningRate = LEARNING_RATE * (0.1 + 0.45 * (1 + Math.cos((Math.PI * (epoch - 1)) / EPOCHS)));
  let lossSum = 0;
  let steps = 0;
  for (const items of bucketedBatches(train, BATCH, shuffleRng)) {
    const { batch, intents, roles } = toBatch(items);
    lossSum += gatTrainStep(tf, optimizer, variables, config, batch, intents, roles, nextSeed).loss;
    steps++;
  }
  const metrics = evaluateGat(tf, variables, config, validation);
  const row = { epoch, trainLoss: lossSum / steps, ...metrics, seconds: (Date.now() - t0) / 1000 };
  epochs.push(row);
  log(
    `${String(epoch).padStart(5)}  ${row.trainLoss.toFixed(4).padStart(10)}  ${row.loss.toFixed(4).padStart(8)}  ` +
      `${pct(row.intentAccuracy).padStart(14)}  ${pct(row.roleAccuracy).padStart(12)}  ${pct(row.roleF1).padStart(11)}  ${row.seconds.toFixed(1).padStart(7)}`,
  );
}
const gatSeconds = epochs.reduce((s, e) => s + e.seconds!, 0);

// 4. The bag-of-words baseline.
const bowStarted = Date.now();
const sentenceDim = train[0]!.sentence.length;
const bowConfig: BowConfig = { inputDim: sentenceDim, hidden: 64, numIntents: INTENTS.length };
const bow = initBowVariables(tf, bowConfig, SEED);
const bowOptimizer = tf.train.adam(0.01);
const bowRng = createRng(SEED + 3);
for (let epoch = 0; epoch < BOW_EPOCHS; epoch++) {
  const shuffled = shuffle(train.slice(), bowRng);
  for (let k = 0; k < shuffled.length; k += BATCH) {
    const items = shuffled.slice(k, k + BATCH);
    tf.tidy(() => {
      const x = sentences(tf, items);
      const y = tf.oneHot(tf.tensor1d(Int32Array.from(items.map((p) => p.intent)), 'int32'), INTENTS.length);
      bowOptimizer.minimize(() => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(bowForward(tf, bow, x))), 1))) as Scalar, false, Object.values(bow));
    });
  }
}
const bowAccuracy = tf.tidy(() => {
  const predicted = tf.argMax(bowForward(tf, bow, sentences(tf, validation)), 1).dataSync();
  return validation.filter((p, i) => predicted[i] === p.intent).length / validation.length;
});
const bowSeconds = (Date.now() - bowStarted) / 1000;
log(`bag-of-words baseline: validation intent accuracy ${pct(bowAccuracy)} (${bowSeconds.toFixed(1)} s)`);

// 5. Weights and report.
const final = epochs[epochs.length - 1]!;
const vectorsHash = vectorTableHash();
mkdirSync(OUT, { recursive: true });
const gatMeta = {
  seed: SEED,
  epochs: EPOCHS,
  corpusSize: corpus.length,
  validation: { intentAccuracy: round(final.intentAccuracy!), roleAccuracy: round(final.roleAccuracy!), roleF1: round(final.roleF1!) },
};
const encoderFile = await saveWeights(
  join(OUT, 'encoder.json'),
  { kind: 'gat', featureDim: FEATURE_DIM, vectorsHash, config: { ...config }, meta: gatMeta },
  arraysOf(variables, gatShapes(config)),
);
const bowFile = await saveWeights(
  join(OUT, 'bow.json'),
  {
    kind: 'bow',
    featureDim: sentenceDim,
    vectorsHash,
    config: { ...bowConfig },
    meta: { seed: SEED, epochs: BOW_EPOCHS, corpusSize: corpus.length, validation: { intentAccuracy: round(bowAccuracy) } },
  },
  arraysOf(bow, bowShapes(bowConfig)),
);
const wallSeconds = (Date.now() - started) / 1000;
const report = {
  seed: SEED,
  corpusSize: corpus.length,
  train: train.length,
  validation: validation.length,
  skippedWithoutNodes: empty,
  truncatedGraphs: truncated,
  featureDim: FEATURE_DIM,
  vectorsHash,
  backend,
  encoder: {
    config,
    epochs: EPOCHS,
    batchSize: BATCH,
    learningRate: LEARNING_RATE,
    validation: gatMeta.validation,
    perEpoch: epochs.map((e) => Object.fromEntries(Object.entries(e).map(([k, x]) => [k, round(x)]))),
    seconds: round(gatSeconds),
    weightsBytes: encoderFile.bytes,
  },
  bow: { config: bowConfig, epochs: BOW_EPOCHS, validation: { intentAccuracy: round(bowAccuracy) }, seconds: round(bowSeconds), weightsBytes: bowFile.bytes },
  graphSeconds: round(prepSeconds),
  wallSeconds: round(wallSeconds),
};
writeFileSync(join(OUT, 'training-report.json'), `${JSON.stringify(report, null, 2)}\n`);
log(
  `wrote ${join(OUT, 'encoder.json')} (${kb(encoderFile.bytes)}), bow.json (${kb(bowFile.bytes)}), training-report.json; ` +
    `wall time ${wallSeconds.toFixed(0)} s`,
);

// ---------------------------------------------------------------------------------------------------------------------

/** Batches of similar node counts (less padding, faster steps), in a seeded random order. */
function bucketedBatches(items: Prepared[], size: number, rng: () => number): Prepared[][] {
  const shuffled = shuffle(items.slice(), rng);
  const bucket = (p: Prepared) => Math.ceil(Math.min(p.graph.numNodes, MAX_NODES) / 4);
  const sorted = shuffled
    .map((p, i) => ({ p, i }))
    .sort((a, b) => bucket(a.p) - bucket(b.p) || a.i - b.i)
    .map(({ p }) => p);
  const batches: Prepared[][] = [];
  for (let k = 0; k < sorted.length; k += size) batches.push(sorted.slice(k, k + size));
  return shuffle(batches, rng);
}

function toBatch(items: Prepared[]): { batch: PaddedBatch; intents: Int32Array; roles: Int32Array } {
  const batch = padGraphs(
    items.map((p) => p.graph),
    FEATURE_DIM,
  );
  const roles = new Int32Array(batch.size * batch.maxNodes);
  items.forEach((p, b) => roles.set(p.roles.subarray(0, batch.nodeCounts[b]!), b * batch.maxNodes));
  return { batch, intents: Int32Array.from(items.map((p) => p.intent)), roles };
}

/** Validation loss, intent accuracy, role accuracy over real nodes and micro-F1 of the roles other than 'none'. */
function evaluateGat(tf: Tf, v: GatVariables, c: GatConfig, items: Prepared[]) {
  let loss = 0;
  let intentRight = 0;
  let roleRight = 0;
  let nodes = 0;
  let tp = 0;
  let predictedPositive = 0;
  let goldPositive = 0;
  const sorted = items.slice().sort((a, b) => a.graph.numNodes - b.graph.numNodes);
  for (let k = 0; k < sorted.length; k += 128) {
    const chunk = sorted.slice(k, k + 128);
    const { batch, intents, roles } = toBatch(chunk);
    const [batchLoss, intentPred, rolePred] = tf.tidy(() => {
      const inputs = batchTensors(tf, batch);
      const out = gatForward(tf, v, c, inputs);
      const rawLoss = gatLossValue(tf, out, inputs, intents, roles, c);
      return [rawLoss, tf.argMax(out.intentLogits, 1).dataSync(), tf.argMax(out.roleLogits, 2).dataSync()] as const;
    });
    loss += batchLoss * chunk.length;
    chunk.forEach((p, b) => {
      if (intentPred[b] === p.intent) intentRight++;
      for (let i = 0; i < batch.nodeCounts[b]!; i++) {
        const gold = roles[b * batch.maxNodes + i]!;
        const predicted = rolePred[b * batch.maxNodes + i]!;
        nodes++;
        if (gold === predicted) roleRight++;
        if (gold !== 0) goldPositive++;
        if (predicted !== 0) predictedPositive++;
        if (gold !== 0 && gold === predicted) tp++;
      }
    });
  }
  const precision = predictedPositive ? tp / predictedPositive : 0;
  const recall = goldPositive ? tp / goldPositive : 0;
  return {
    loss: loss / items.length,
    intentAccuracy: intentRight / items.length,
    roleAccuracy: roleRight / nodes,
    roleF1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
  };
}

function gatLossValue(tf: Tf, out: ReturnType<typeof gatForward>, inputs: ReturnType<typeof batchTensors>, intents: Int32Array, roles: Int32Array, c: GatConfig): number {
  const [B, N] = inputs.nodeMask.shape;
  const intentLoss = tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(tf.tensor1d(intents, 'int32'), c.numIntents), tf.logSoftmax(out.intentLogits)), 1)));
  const perNode = tf.neg(tf.sum(tf.mul(tf.oneHot(tf.tensor2d(roles, [B, N], 'int32'), c.numRoles), tf.logSoftmax(out.roleLogits)), 2));
  const roleLoss = tf.div(tf.sum(tf.mul(perNode, inputs.nodeMask)), tf.maximum(tf.sum(inputs.nodeMask), 1));
  return tf.add(intentLoss, roleLoss).dataSync()[0]!;
}

function sentences(tf: Tf, items: Prepared[]): Tensor2D {
  const x = new Float32Array(items.length * sentenceDim);
  items.forEach((p, i) => x.set(p.sentence, i * sentenceDim));
  return tf.tensor2d(x, [items.length, sentenceDim]);
}

function arraysOf(v: Record<string, { shape: number[]; dataSync(): ArrayLike<number> }>, shapes: Record<string, number[]>): Record<string, NamedArray> {
  return Object.fromEntries(Object.keys(shapes).map((name) => [name, { shape: shapes[name]!, values: Float32Array.from(v[name]!.dataSync()) }]));
}

/** Fisher–Yates with the seeded PRNG. */
function shuffle<T>(items: T[], rng: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function pct(x: number | undefined): string {
  return `${((x ?? 0) * 100).toFixed(1)}%`;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} kB`;
}

function parseArgs(argv: string[]) {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`train:nlu: unexpected argument ${arg}`);
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      values.set(arg.slice(2), next);
      i++;
    } else values.set(arg.slice(2), '');
  }
  return {
    has: (name: string) => values.has(name),
    str: (name: string, fallback: string) => values.get(name) || fallback,
    int: (name: string, fallback: number) => {
      const raw = values.get(name);
      if (raw === undefined || raw === '') return fallback;
      const n = Number(raw);
      if (!Number.isInteger(n)) throw new Error(`train:nlu: --${name} must be an integer, got ${raw}`);
      return n;
    },
  };
}
