import { fileURLToPath } from 'node:url';
import type { Tensor } from '@tensorflow/tfjs';
import { MAX_NODES, padGraphs } from './batch.ts';
import { FEATURE_DIM, nodeFeatures } from './features.ts';
import { batchTensors, gatForward, type GatConfig, type GatParams } from './gat.ts';
import { loadTf, type TfRuntime } from '../../../tools/common/tf.ts';
import { INTENTS, ROLES, type Encoded, type Encoder, type SemanticGraph } from './types.ts';
import { loadWeights, vectorTableHash } from './weights.ts';

/**
 * The graph attention encoder of the offline agent, loaded from the trained weights in data/encoder.json
 * (`npm run train:nlu`). Loading is async (tfjs backend start, file read); `encode` is synchronous: features,
 * one forward pass in tf.tidy, dataSync, so a message costs a few hundred microseconds to a few ms and leaks no tensor.
 */

export const ENCODER_WEIGHTS = new URL('./data/encoder.json', import.meta.url);

export interface LoadedEncoder extends Encoder {
  /** The tfjs backend the encoder runs on. */
  backend: string;
  /** Training facts from the weights file (seed, epochs, validation metrics). */
  meta: Record<string, unknown>;
  /** Frees the weight tensors (tests; the product keeps one encoder for the process). */
  dispose(): void;
}

export interface LoadEncoderOptions {
  /** Another weights file (tests). */
  path?: string | URL;
  /** A tfjs runtime already loaded (default: loadTf()). */
  runtime?: TfRuntime;
}

let shared: Promise<LoadedEncoder> | null = null;

/** Loads the encoder; without options it is loaded once per process and shared. */
export function loadEncoder(options: LoadEncoderOptions = {}): Promise<LoadedEncoder> {
  if (options.path !== undefined || options.runtime !== undefined) return load(options);
  shared ??= load(options).catch((error: unknown) => {
    shared = null;
    throw error;
  });
  return shared;
}

async function load(options: LoadEncoderOptions): Promise<LoadedEncoder> {
  const { tf, backend } = options.runtime ?? (await loadTf());
  const path = options.path ?? ENCODER_WEIGHTS;
  const { header, arrays } = await loadWeights(path instanceof URL ? fileURLToPath(path) : path, {
    kind: 'gat',
    featureDim: FEATURE_DIM,
    vectorsHash: vectorTableHash(),
  });
  const config = header.config as unknown as GatConfig;
  const params: GatParams = {};
  for (const [name, { shape, values }] of Object.entries(arrays)) params[name] = tf.tensor(values, shape);
  const tensors = Object.values(params) as Tensor[];

  function encode(graph: SemanticGraph): Encoded {
    const count = Math.min(graph.nodes.length, MAX_NODES);
    if (count === 0) return empty(graph);
    const batch = padGraphs([{ numNodes: graph.nodes.length, features: nodeFeatures(graph), edges: graph.edges }], FEATURE_DIM);
    const [intentProbs, roleProbs] = tf.tidy(() => {
      const out = gatForward(tf, params, config, batchTensors(tf, batch));
      return [tf.softmax(out.intentLogits).dataSync(), tf.softmax(out.roleLogits).dataSync()];
    });
    const intentScores = Array.from(intentProbs!);
    const best = argMax(intentScores, 0, intentScores.length);
    const R = ROLES.length;
    const roles = graph.nodes.map((_, i) => {
      if (i >= count) return { role: 'none' as const, confidence: 0 };
      const r = argMax(roleProbs!, i * R, R);
      return { role: ROLES[r]!, confidence: roleProbs![i * R + r]! };
    });
    return { intent: INTENTS[best]!, confidence: intentScores[best]!, intentScores, roles };
  }

  return {
    encode,
    backend,
    meta: header.meta ?? {},
    dispose: () => tf.dispose(tensors),
  };
}

/** A graph with no node (an empty message): nothing to classify, so no confidence in anything. */
function empty(graph: SemanticGraph): Encoded {
  return {
    intent: 'out_of_scope',
    confidence: 0,
    intentScores: INTENTS.map(() => 0),
    roles: graph.nodes.map(() => ({ role: 'none' as const, confidence: 0 })),
  };
}

function argMax(values: ArrayLike<number>, offset: number, length: number): number {
  let best = 0;
  for (let i = 1; i < length; i++) if (values[offset + i]! > values[offset + best]!) best = i;
  return best;
}
