import type { Tensor, Tensor2D, Tensor3D, Tensor4D, Variable } from '@tensorflow/tfjs';
import { EDGE_CHANNELS, type PaddedBatch } from './batch.ts';
import type { Tf } from '../../../tools/common/tf.ts';

/**
 * The two-layer graph attention network of issue 13, written with tfjs ops (no tf.layers) so that masking, the edge-type
 * attention bias and the padding rules are explicit and testable.
 *
 * Layer l, head h, for a node i and each neighbour j (the adjacency, which always includes i itself):
 *   e_ij = LeakyReLU_0.2(a_dst·W x_i + a_src·W x_j) + Σ_c w_ij,c · bias[c, h]
 * where c runs over the edge channels (edge type × direction, batch.ts) and w_ij,c is the edge's weight: the edge
 * weight scales the learned per-(edge type, head) bias, so a weak link gets a smaller push than a strong one while the
 * content term decides among neighbours. α_i = masked softmax of e_i over the neighbours (non-neighbours and padding get
 * exactly 0), out_i = Σ_j α_ij W x_j + b. Layer 1: 8 heads concatenated, ELU. Layer 2: 1 head, ELU, plus a linear skip
 * from its input (as the GAT paper's inductive model does), so that a node keeps its own identity after two rounds of
 * mixing. Dropout on the input features and on the attention coefficients in training only.
 *
 * Heads: intent = softmax(dense(relu(dense([mean; max] of layer-2 outputs over the real nodes)))); role of each node =
 * softmax(dense(layer-2 output)).
 */

export interface GatConfig {
  featureDim: number;
  /** Layer-1 heads (8) and the width of each. */
  heads: number;
  headDim: number;
  /** Layer-2 width (1 head). */
  hiddenDim: number;
  /** Width of the intent head's hidden layer. */
  intentHidden: number;
  numIntents: number;
  numRoles: number;
  edgeChannels: number;
  inputDropout: number;
  attentionDropout: number;
}

export function defaultGatConfig(featureDim: number, numIntents: number, numRoles: number): GatConfig {
  return {
    featureDim,
    heads: 8,
    headDim: 24,
    hiddenDim: 96,
    intentHidden: 64,
    numIntents,
    numRoles,
    edgeChannels: EDGE_CHANNELS,
    inputDropout: 0.1,
    attentionDropout: 0.1,
  };
}

/** Trainable variables by name (initGatVariables inserts them in sorted name order). */
export type GatVariables = Record<string, Variable>;
/** What the forward pass reads: variables in training, constant tensors loaded from a weights file at inference. */
export type GatParams = Record<string, Tensor>;

/** Shapes of every variable, by name. */
export function gatShapes(c: GatConfig): Record<string, number[]> {
  const w1 = c.heads * c.headDim;
  return {
    'gat1/W': [c.featureDim, w1],
    'gat1/a_src': [c.heads, c.headDim],
    'gat1/a_dst': [c.heads, c.headDim],
    'gat1/edge_bias': [c.edgeChannels, c.heads],
    'gat1/b': [w1],
    'gat2/W': [w1, c.hiddenDim],
    'gat2/a_src': [1, c.hiddenDim],
    'gat2/a_dst': [1, c.hiddenDim],
    'gat2/edge_bias': [c.edgeChannels, 1],
    'gat2/b': [c.hiddenDim],
    'gat2/skip': [w1, c.hiddenDim],
    'intent/W1': [2 * c.hiddenDim, c.intentHidden],
    'intent/b1': [c.intentHidden],
    'intent/W2': [c.intentHidden, c.numIntents],
    'intent/b2': [c.numIntents],
    'role/W': [c.hiddenDim, c.numRoles],
    'role/b': [c.numRoles],
  };
}

/** A small seeded PRNG (mulberry32): training init and shuffling must not depend on Math.random. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fresh variables from a seed: Glorot-uniform matrices and attention vectors, zero biases; the edge-type biases start at
 * 0 so that attention is content-only at first and training learns which links matter.
 */
export function initGatVariables(tf: Tf, config: GatConfig, seed: number): GatVariables {
  const rng = createRng(seed);
  const out: GatVariables = {};
  for (const [name, shape] of Object.entries(gatShapes(config)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const size = shape.reduce((p, d) => p * d, 1);
    const values = new Float32Array(size);
    const isBias = /\/b\d?$/.test(name) || name.endsWith('edge_bias');
    if (!isBias) {
      const fanIn = shape.length === 2 ? shape[0]! : 1;
      const fanOut = shape.length === 2 ? shape[1]! : shape[0]!;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) values[i] = (rng() * 2 - 1) * limit;
    }
    out[name] = tf.variable(tf.tensor(values, shape), true, name);
  }
  return out;
}

/** The padded batch as tensors (create inside tf.tidy or dispose with `disposeBatchTensors`). */
export interface BatchTensors {
  features: Tensor3D;
  nodeMask: Tensor2D;
  adjacency: Tensor3D;
  edgeChannels: Tensor4D;
}

export function batchTensors(tf: Tf, batch: PaddedBatch): BatchTensors {
  const { size: B, maxNodes: N, featureDim: F } = batch;
  return {
    features: tf.tensor3d(batch.features, [B, N, F]),
    nodeMask: tf.tensor2d(batch.nodeMask, [B, N]),
    adjacency: tf.tensor3d(batch.adjacency, [B, N, N]),
    edgeChannels: tf.tensor4d(batch.edgeChannels, [B, N, N, EDGE_CHANNELS]),
  };
}

export interface ForwardOptions {
  /** Dropout on (training only). */
  training?: boolean;
  /** Seeds for the dropout masks (training): called once per mask, so a seeded PRNG makes runs repeatable. */
  nextSeed?: () => number;
}

export interface GatOutput {
  /** [B, numIntents] logits. */
  intentLogits: Tensor2D;
  /** [B, N, numRoles] logits. */
  roleLogits: Tensor3D;
  /** [B, H, N, N] layer-1 attention (for tests and inspection). */
  attention1: Tensor4D;
}

/** The forward pass. Call inside tf.tidy (or a gradient function): it creates intermediate tensors. */
export function gatForward(tf: Tf, v: GatParams, c: GatConfig, inputs: BatchTensors, options: ForwardOptions = {}): GatOutput {
  const training = options.training === true;
  const nextSeed = options.nextSeed ?? (() => 1);
  const dropout = <T extends Tensor>(x: T, rate: number): T => {
    if (!training || rate <= 0) return x;
    const keep = tf.step(tf.sub(tf.randomUniform(x.shape, 0, 1, 'float32', nextSeed()), rate));
    return tf.mul(x, tf.div(keep, 1 - rate)) as T;
  };
  const [B, N] = inputs.nodeMask.shape;
  const adjacency = tf.expandDims(inputs.adjacency, 1) as Tensor4D; // [B, 1, N, N]
  const channels = tf.reshape(inputs.edgeChannels, [B * N * N, c.edgeChannels]) as Tensor2D;
  const notEdge = tf.mul(tf.sub(adjacency, 1), 1e9); // 0 on edges, -1e9 elsewhere

  const attend = (x: Tensor3D, layer: 'gat1' | 'gat2', heads: number, dim: number) => {
    const width = x.shape[2];
    const wh = tf.reshape(tf.matMul(tf.reshape(x, [B * N, width]) as Tensor2D, v[`${layer}/W`]!), [B, N, heads, dim]);
    const src = tf.sum(tf.mul(wh, v[`${layer}/a_src`]!), -1); // [B, N, H]
    const dst = tf.sum(tf.mul(wh, v[`${layer}/a_dst`]!), -1);
    const scores = tf.leakyRelu(
      tf.add(tf.expandDims(tf.transpose(dst, [0, 2, 1]), 3), tf.expandDims(tf.transpose(src, [0, 2, 1]), 2)),
      0.2,
    ); // [B, H, N(i), N(j)]
    const bias = tf.transpose(tf.reshape(tf.matMul(channels, v[`${layer}/edge_bias`]!), [B, N, N, heads]), [0, 3, 1, 2]);
    const attention = tf.mul(tf.softmax(tf.add(tf.add(scores, bias), notEdge)), adjacency) as Tensor4D;
    const mixed = tf.matMul(dropout(attention, c.attentionDropout), tf.transpose(wh, [0, 2, 1, 3])); // [B, H, N, D]
    const out = tf.add(tf.reshape(tf.transpose(mixed, [0, 2, 1, 3]), [B, N, heads * dim]), v[`${layer}/b`]!) as Tensor3D;
    return { out, attention };
  };

  const x = dropout(inputs.features, c.inputDropout);
  const layer1 = attend(x, 'gat1', c.heads, c.headDim);
  const h1 = tf.elu(layer1.out) as Tensor3D;
  const layer2 = attend(h1, 'gat2', 1, c.hiddenDim);
  const skip = tf.reshape(tf.matMul(tf.reshape(h1, [B * N, c.heads * c.headDim]) as Tensor2D, v['gat2/skip']!), [B, N, c.hiddenDim]);
  const mask3 = tf.expandDims(inputs.nodeMask, 2); // [B, N, 1]
  const h2 = tf.mul(tf.elu(tf.add(layer2.out, skip)), mask3) as Tensor3D; // padding rows zeroed

  const count = tf.maximum(tf.sum(inputs.nodeMask, 1, true), 1); // [B, 1]
  const mean = tf.div(tf.sum(h2, 1), count);
  const max = tf.max(tf.add(h2, tf.mul(tf.sub(mask3, 1), 1e9)), 1);
  const pooled = tf.concat([mean, max], 1) as Tensor2D;
  const hidden = tf.relu(tf.add(tf.matMul(pooled, v['intent/W1']!), v['intent/b1']!)) as Tensor2D;
  const intentLogits = tf.add(tf.matMul(hidden, v['intent/W2']!), v['intent/b2']!) as Tensor2D;
  const roleLogits = tf.reshape(
    tf.add(tf.matMul(tf.reshape(h2, [B * N, c.hiddenDim]) as Tensor2D, v['role/W']!), v['role/b']!),
    [B, N, c.numRoles],
  ) as Tensor3D;
  return { intentLogits, roleLogits, attention1: layer1.attention };
}

/**
 * Training loss: cross-entropy of the intent plus the mean cross-entropy of the node roles over the real nodes of the
 * batch. `intents` [B] and `roles` [B, N] are class indices (padding roles are ignored through the node mask).
 */
export function gatLoss(tf: Tf, out: GatOutput, inputs: BatchTensors, intents: Int32Array, roles: Int32Array, c: GatConfig) {
  const [B, N] = inputs.nodeMask.shape;
  const intentTargets = tf.oneHot(tf.tensor1d(intents, 'int32'), c.numIntents);
  const intentLoss = tf.neg(tf.mean(tf.sum(tf.mul(intentTargets, tf.logSoftmax(out.intentLogits)), 1)));
  const roleTargets = tf.oneHot(tf.tensor2d(roles, [B, N], 'int32'), c.numRoles);
  const perNode = tf.neg(tf.sum(tf.mul(roleTargets, tf.logSoftmax(out.roleLogits)), 2)); // [B, N]
  const roleLoss = tf.div(tf.sum(tf.mul(perNode, inputs.nodeMask)), tf.maximum(tf.sum(inputs.nodeMask), 1));
  return { loss: tf.add(intentLoss, roleLoss), intentLoss, roleLoss };
}

/** One optimizer step on a padded batch; returns the batch's losses. Tensors it makes are freed. */
export function gatTrainStep(
  tf: Tf,
  optimizer: import('@tensorflow/tfjs').Optimizer,
  v: GatVariables,
  c: GatConfig,
  batch: PaddedBatch,
  intents: Int32Array,
  roles: Int32Array,
  nextSeed: () => number,
): { loss: number; intentLoss: number; roleLoss: number } {
  const parts = tf.tidy(() => {
    const inputs = batchTensors(tf, batch);
    let intentLoss: Tensor | null = null;
    let roleLoss: Tensor | null = null;
    const cost = optimizer.minimize(
      () => {
        const out = gatForward(tf, v, c, inputs, { training: true, nextSeed });
        const losses = gatLoss(tf, out, inputs, intents, roles, c);
        intentLoss = tf.keep(losses.intentLoss);
        roleLoss = tf.keep(losses.roleLoss);
        return losses.loss as import('@tensorflow/tfjs').Scalar;
      },
      true,
      Object.values(v),
    )!;
    return [cost, intentLoss!, roleLoss!] as Tensor[];
  });
  const [loss, intentLoss, roleLoss] = parts.map((t) => t.dataSync()[0]!);
  tf.dispose(parts);
  return { loss: loss!, intentLoss: intentLoss!, roleLoss: roleLoss! };
}
