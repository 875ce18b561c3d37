/**
 * Fine-tuning: builds the classifier from the pretrained encoder (or a random one of the same shape), freezes the
 * first `frozen_layers` layers, and trains with Adam under linear warm-up then cosine decay (tools/training/schedules.ts).
 *
 * Pure of process I/O: `trial.ts` wires it to the command-target protocol; tests call it directly. A non-finite loss
 * throws TrialFailure('nan_loss') at the step it happens; `checkTime(epoch)` (a guards.ts TimeLimit) may throw
 * 'time_limit' between epochs. Every step's tensors are freed by `optimizer.minimize`'s scope and tf.tidy.
 */
import { createRng } from '../../tools/common/rng.ts';
import type { Tf } from '../../tools/common/tf.ts';
import { checkFinite } from '../../tools/training/guards.ts';
import { learningRateAt } from '../../tools/training/schedules.ts';
import { scheduledAdam } from './adam.ts';
import { bucketedBatches, padBatch } from './batch.ts';
import { TextClassifier } from './classifier.ts';
import type { Example, Splits } from './corpus.ts';
import { TransformerEncoder } from './encoder.ts';
import { Vocabulary } from './tokenizer.ts';
import type { EncoderFile } from './weights-file.ts';

export type FineTuneParams = {
  learning_rate: number;
  /** Linear warm-up: a fraction of all steps when < 1, else a number of steps. */
  warmup: number;
  epochs: number;
  batch_size: number;
  /** Dropout on the pooled vector before the head. */
  dropout: number;
  /** Encoder layers frozen from the bottom (the embeddings too when ≥ 1): 0..layers. */
  frozen_layers: number;
  /** 'pretrained' starts from the checked-in encoder, 'random' from a random one of the same shape (the baseline). */
  init: string;
  /** Share of the fine-tune train split used (tests and quick studies use less). */
  train_fraction: number;
  /** Seed of the head's initial weights, the batch order and the dropout masks ('random' init: the encoder too). */
  seed: number;
};

export const FINETUNE_DEFAULTS: FineTuneParams = {
  learning_rate: 2e-3,
  warmup: 0.1,
  epochs: 8,
  batch_size: 32,
  dropout: 0.1,
  frozen_layers: 0,
  init: 'pretrained',
  train_fraction: 1,
  seed: 0,
};

export interface BuildOptions {
  tf: Tf;
  pretrained: EncoderFile;
  intents: readonly string[];
  init: string;
  frozenLayers: number;
  seed: number;
}

/** The classifier to fine-tune. Throws when `frozenLayers` is outside 0..layers. */
export function buildClassifier(options: BuildOptions): TextClassifier {
  const { tf, pretrained } = options;
  const rng = createRng(options.seed);
  const encoder =
    options.init === 'random'
      ? TransformerEncoder.random(tf, pretrained.config, rng.fork())
      : new TransformerEncoder(tf, pretrained.config, pretrained.values);
  try {
    encoder.freeze(options.frozenLayers);
  } catch (error) {
    encoder.dispose();
    throw error;
  }
  return new TextClassifier(tf, encoder, new Vocabulary(pretrained.vocabulary), options.intents, rng.fork());
}

export interface FineTuneOptions {
  tf: Tf;
  classifier: TextClassifier;
  train: readonly Example[];
  validation: readonly Example[];
  params: FineTuneParams;
  /** After each epoch (1-based) with the validation accuracy; e.g. reportStep. */
  onEpoch?: (epoch: number, metrics: { accuracy: number; loss: number }) => void;
  /** Between epochs; throws to stop (guards.ts TimeLimit.check). */
  checkTime?: (epoch: number) => void;
}

/** Trains `classifier` in place; returns the epochs run and each epoch's validation accuracy. */
export async function fineTune(options: FineTuneOptions): Promise<{ epochsRun: number; validationAccuracy: number[] }> {
  const { tf, classifier, params } = options;
  const rng = createRng(params.seed + 1);
  const index = new Map(classifier.intents.map((intent, i) => [intent, i]));
  const lists = classifier.encode(options.train.map((e) => e.text));
  const labels = options.train.map((e) => index.get(e.intent) ?? -1);
  if (labels.includes(-1)) throw new Error('fineTune: a training example has an intent the classifier does not know');
  const lengths = lists.map((l) => l.length);
  const stepsPerEpoch = Math.ceil(lists.length / params.batch_size);
  const totalSteps = stepsPerEpoch * params.epochs;
  const warmupSteps = params.warmup < 1 ? Math.round(params.warmup * totalSteps) : Math.round(params.warmup);
  const optimizer = scheduledAdam(tf, params.learning_rate);
  const validationAccuracy: number[] = [];
  let step = 0;
  try {
    for (let epoch = 1; epoch <= params.epochs; epoch++) {
      let lossSum = 0;
      for (const indices of bucketedBatches(lengths, params.batch_size, () => rng.next())) {
        const batch = padBatch(indices.map((i) => lists[i]!));
        const targets = indices.map((i) => labels[i]!);
        optimizer.setLearningRate(learningRateAt(step, totalSteps, params.learning_rate, warmupSteps));
        const dropoutSeed = rng.int(0, 2 ** 30);
        const loss = optimizer.minimize(
          () => {
            const ids = tf.tensor2d(batch.ids, [batch.batch, batch.length], 'int32');
            const mask = tf.tensor2d(batch.mask, [batch.batch, batch.length]);
            const logits = classifier.logits(ids, mask, { dropout: params.dropout, seed: dropoutSeed });
            return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(targets, 'int32'), classifier.intents.length), logits) as import('@tensorflow/tfjs').Scalar;
          },
          true,
          classifier.trainableVariables(),
        )!;
        const value = (await loss.data())[0]!;
        loss.dispose();
        checkFinite(value, epoch);
        lossSum += value;
        step++;
      }
      const accuracy = evaluate(classifier, options.validation).accuracy;
      validationAccuracy.push(accuracy);
      options.onEpoch?.(epoch, { accuracy, loss: lossSum / stepsPerEpoch });
      if (epoch < params.epochs) options.checkTime?.(epoch);
    }
  } finally {
    optimizer.dispose();
  }
  return { epochsRun: validationAccuracy.length, validationAccuracy };
}

export interface Scores {
  accuracy: number;
  /** Unweighted mean of the per-intent F1 over the intents present in `examples` or predicted. */
  macro_f1: number;
}

export function evaluate(classifier: TextClassifier, examples: readonly Example[]): Scores {
  const predicted = classifier.predict(examples.map((e) => e.text));
  const truth = examples.map((e) => classifier.intents.indexOf(e.intent));
  return scores(truth, predicted);
}

export function scores(truth: readonly number[], predicted: readonly number[]): Scores {
  const classes = new Set([...truth, ...predicted]);
  let correct = 0;
  truth.forEach((t, i) => {
    if (t === predicted[i]) correct++;
  });
  let f1Sum = 0;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      if (predicted[i] === c && t === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (t === c) fn++;
    });
    f1Sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return { accuracy: truth.length === 0 ? 0 : correct / truth.length, macro_f1: classes.size === 0 ? 0 : f1Sum / classes.size };
}

/** The first `fraction` of the train split (its order is the split hash's, so this is a fixed random subset). */
export function trainSubset(splits: Splits, fraction: number): Example[] {
  return splits.train.slice(0, Math.max(1, Math.round(splits.train.length * fraction)));
}
