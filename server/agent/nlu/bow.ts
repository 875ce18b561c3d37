import { fileURLToPath } from 'node:url';
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs';
import { sentenceVector } from './features.ts';
import { createRng } from './gat.ts';
import { loadTf, type Tf, type TfRuntime } from '../../../tools/common/tf.ts';
import { INTENTS, type Intent, type SemanticGraph } from './types.ts';
import { loadWeights, vectorTableHash, type NamedArray } from './weights.ts';

/**
 * The bag-of-words baseline of the evaluation (issue 13): an MLP on the message's averaged word vectors
 * (`sentenceVector`, features.ts) → intent, with no graph, no word order and no roles. It shows what the graph
 * attention encoder adds. Weights in data/bow.json (`npm run train:nlu`).
 */

export const BOW_WEIGHTS = new URL('./data/bow.json', import.meta.url);

export interface BowConfig {
  inputDim: number;
  hidden: number;
  numIntents: number;
}

export interface BowClassifier {
  classify(graph: SemanticGraph): { intent: Intent; confidence: number };
  dispose(): void;
}

export function bowShapes(c: BowConfig): Record<string, number[]> {
  return { 'bow/W1': [c.inputDim, c.hidden], 'bow/b1': [c.hidden], 'bow/W2': [c.hidden, c.numIntents], 'bow/b2': [c.numIntents] };
}

/** Seeded Glorot-uniform weights and zero biases, in sorted name order. */
export function initBowVariables(tf: Tf, c: BowConfig, seed: number): Record<string, Variable> {
  const rng = createRng(seed);
  const out: Record<string, Variable> = {};
  for (const [name, shape] of Object.entries(bowShapes(c)).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const values = new Float32Array(shape.reduce((p, d) => p * d, 1));
    if (shape.length === 2) {
      const limit = Math.sqrt(6 / (shape[0]! + shape[1]!));
      for (let i = 0; i < values.length; i++) values[i] = (rng() * 2 - 1) * limit;
    }
    out[name] = tf.variable(tf.tensor(values, shape), true, name);
  }
  return out;
}

/** Intent logits [B, numIntents] of sentence vectors [B, inputDim]. */
export function bowForward(tf: Tf, p: Record<string, Tensor>, x: Tensor2D): Tensor2D {
  const hidden = tf.relu(tf.add(tf.matMul(x, p['bow/W1'] as Tensor2D), p['bow/b1']!)) as Tensor2D;
  return tf.add(tf.matMul(hidden, p['bow/W2'] as Tensor2D), p['bow/b2']!) as Tensor2D;
}

export interface LoadBowOptions {
  path?: string | URL;
  runtime?: TfRuntime;
}

/** Loads the baseline from data/bow.json (checked against the running features and labels, see weights.ts). */
export async function loadBowClassifier(options: LoadBowOptions = {}): Promise<BowClassifier> {
  const { tf } = options.runtime ?? (await loadTf());
  const path = options.path ?? BOW_WEIGHTS;
  const probe = sentenceVector({ text: '', tokens: [], nodes: [], edges: [] });
  const { header, arrays } = await loadWeights(path instanceof URL ? fileURLToPath(path) : path, {
    kind: 'bow',
    featureDim: probe.length,
    vectorsHash: vectorTableHash(),
  });
  const params = toTensors(tf, arrays);
  const config = header.config as unknown as BowConfig;
  return {
    classify(graph) {
      const x = sentenceVector(graph);
      const probs = tf.tidy(() => tf.softmax(bowForward(tf, params, tf.tensor2d(x, [1, config.inputDim]))).dataSync());
      let best = 0;
      for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
      return { intent: INTENTS[best]!, confidence: probs[best]! };
    },
    dispose: () => tf.dispose(Object.values(params)),
  };
}

function toTensors(tf: Tf, arrays: Record<string, NamedArray>): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(arrays).map(([name, { shape, values }]) => [name, tf.tensor(values, shape)]));
}
