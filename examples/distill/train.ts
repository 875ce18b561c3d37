/**
 * One training epoch over a split with Adam and a per-step cosine learning rate, and accuracy on a split: shared by
 * the teacher and the student. Every batch runs inside `optimizer.minimize` / `tf.tidy`, so the number of live
 * tensors is the same after each epoch (the reliability check in bench/training.ts measures it).
 */
import type { Tf } from '../../tools/common/tf.ts';
import { checkFinite } from '../../tools/training/guards.ts';
import { learningRateAt } from '../../tools/training/schedules.ts';
import { CLASSES, IMAGE_SIZE, type Split } from './data.ts';
import { forward, type LayerSpec, type Weights } from './network.ts';

type Tensor = ReturnType<Tf['tensor']>;
type Scalar = ReturnType<Tf['scalar']>;
type Optimizer = ReturnType<Tf['train']['adam']>;

export interface Batch {
  x: Tensor;
  /** One-hot labels. */
  labels: Tensor;
  /** Row numbers of the batch in the split (int32), e.g. to gather the teacher's logits. */
  indices: Tensor;
}

export interface EpochOptions {
  layers: readonly LayerSpec[];
  weights: Weights;
  optimizer: Optimizer;
  split: Split;
  /** Seeded PRNG for the shuffle. */
  random: () => number;
  /** 1-based, for messages. */
  epoch: number;
  batchSize: number;
  totalSteps: number;
  baseRate: number;
  warmupSteps: number;
  loss: (logits: Tensor, batch: Batch) => Scalar;
  /** Called after every batch (time and memory limits), may throw a TrialFailure. */
  afterBatch?: () => void;
}

const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

/** Trains one epoch; returns the mean loss. A NaN or infinite batch loss throws TrialFailure('nan_loss'). */
export function trainEpoch(tf: Tf, options: EpochOptions): number {
  const { split, batchSize } = options;
  const order = shuffled(split.n, options.random);
  const stepsPerEpoch = Math.ceil(split.n / batchSize);
  const variables = [...options.weights.values()] as never[];
  const rate = options.optimizer as unknown as { learningRate: number };
  let total = 0;
  for (let step = 0; step < stepsPerEpoch; step++) {
    const rows = order.subarray(step * batchSize, Math.min(split.n, (step + 1) * batchSize));
    const pixels = new Float32Array(rows.length * PIXELS);
    const labels = new Int32Array(rows.length);
    rows.forEach((row, i) => {
      pixels.set(split.x.subarray(row * PIXELS, (row + 1) * PIXELS), i * PIXELS);
      labels[i] = split.y[row]!;
    });
    rate.learningRate = learningRateAt((options.epoch - 1) * stepsPerEpoch + step, options.totalSteps, options.baseRate, options.warmupSteps);
    const loss = tf.tidy(() => {
      const batch: Batch = {
        x: tf.tensor4d(pixels, [rows.length, IMAGE_SIZE, IMAGE_SIZE, 1]),
        labels: tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES),
        indices: tf.tensor1d(rows, 'int32'),
      };
      return options.optimizer.minimize(() => options.loss(forward(tf, options.layers, options.weights, batch.x), batch), true, variables)!;
    });
    const value = loss.dataSync()[0]!;
    loss.dispose();
    checkFinite(value, options.epoch);
    total += value * rows.length;
    options.afterBatch?.();
  }
  return total / split.n;
}

function shuffled(n: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Accuracy of the network's argmax on a split, in batches of 500. */
export function accuracyOn(tf: Tf, layers: readonly LayerSpec[], weights: Weights, split: Split): number {
  let correct = 0;
  for (let start = 0; start < split.n; start += 500) {
    const size = Math.min(500, split.n - start);
    const predicted = tf.tidy(() => {
      const x = tf.tensor4d(split.x.subarray(start * PIXELS, (start + size) * PIXELS), [size, IMAGE_SIZE, IMAGE_SIZE, 1]);
      return tf.argMax(forward(tf, layers, weights, x), -1);
    });
    const labels = predicted.dataSync();
    predicted.dispose();
    for (let i = 0; i < size; i++) if (labels[i] === split.y[start + i]) correct++;
  }
  return correct / split.n;
}
