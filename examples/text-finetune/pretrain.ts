/**
 * Pretrains the text-finetune encoder with masked-token prediction (BERT's objective) on the unlabelled pretraining
 * text (corpus.ts `pretrainingTexts`: the pretrain and train splits' texts; never a label, never validation or test),
 * and writes the weights and vocabulary to examples/text-finetune/pretrained/ (checked in, so nobody has to rerun it).
 *
 *   npm run pretrain:text [-- --epochs 12 --seed 17 --out <dir>]
 *
 * Reproducible: one seed drives the initial weights, the epoch order and the masks; the split is corpus.ts's seed.
 * Masking follows BERT: 15% of the tokens (at least one per text) are chosen; of those 80% become [MASK], 10% a random
 * word, 10% stay; the loss is the cross-entropy of the chosen tokens' ids, predicted through the tied token embedding.
 */
import { parseArgs } from 'node:util';
import { createRng, type Rng } from '../../tools/common/rng.ts';
import { loadTf, type Tf } from '../../tools/common/tf.ts';
import { learningRateAt } from '../../tools/training/schedules.ts';
import { scheduledAdam } from './adam.ts';
import { bucketedBatches, padBatch, type PaddedBatch } from './batch.ts';
import { loadSplits, pretrainingTexts, SPLIT_SEED } from './corpus.ts';
import { DEFAULT_ENCODER_SHAPE, gatherRows, TransformerEncoder, type EncoderConfig } from './encoder.ts';
import { MASK_ID, SPECIAL_TOKENS, Vocabulary } from './tokenizer.ts';
import { PRETRAINED_DIR, saveEncoderFile } from './weights-file.ts';

export const PRETRAIN_DEFAULTS = {
  seed: 17,
  epochs: 12,
  batchSize: 64,
  learningRate: 3e-3,
  warmupFraction: 0.05,
  maskRate: 0.15,
  dropout: 0.1,
  minCount: 2,
} as const;

export interface PretrainOptions {
  seed?: number;
  epochs?: number;
  /** Where encoder.json / encoder.bin go; null: not written (tests). */
  out?: string | null;
  /** Only the first n pretraining texts (tests). */
  limitTexts?: number;
  log?: (line: string) => void;
}

export interface PretrainResult {
  encoder: TransformerEncoder;
  vocabulary: Vocabulary;
  losses: number[];
  seconds: number;
}

interface MaskedBatch {
  input: PaddedBatch;
  /** Flat positions (row * length + col) of the chosen tokens, and their original ids. */
  positions: number[];
  targets: number[];
}

/** BERT masking of one batch of id lists (see the header). */
export function maskBatch(lists: readonly (readonly number[])[], vocabSize: number, rng: Rng, maskRate = PRETRAIN_DEFAULTS.maskRate): MaskedBatch {
  const input = padBatch(lists);
  const positions: number[] = [];
  const targets: number[] = [];
  lists.forEach((list, row) => {
    const chosen = list.map(() => rng.next() < maskRate);
    if (!chosen.some(Boolean)) chosen[rng.int(0, list.length - 1)] = true;
    chosen.forEach((isChosen, col) => {
      if (!isChosen) return;
      const flat = row * input.length + col;
      positions.push(flat);
      targets.push(list[col]!);
      const roll = rng.next();
      if (roll < 0.8) input.ids[flat] = MASK_ID;
      else if (roll < 0.9) input.ids[flat] = rng.int(SPECIAL_TOKENS.length, vocabSize - 1);
    });
  });
  return { input, positions, targets };
}

export async function pretrain(options: PretrainOptions = {}): Promise<PretrainResult> {
  const { tf, backend } = await loadTf();
  const seed = options.seed ?? PRETRAIN_DEFAULTS.seed;
  const epochs = options.epochs ?? PRETRAIN_DEFAULTS.epochs;
  const log = options.log ?? ((line: string) => console.error(line));
  const started = performance.now();

  let texts = pretrainingTexts(loadSplits({ seed: SPLIT_SEED }));
  if (options.limitTexts !== undefined) texts = texts.slice(0, options.limitTexts);
  const vocabulary = Vocabulary.build(texts, PRETRAIN_DEFAULTS.minCount);
  const config: EncoderConfig = { vocabSize: vocabulary.size, ...DEFAULT_ENCODER_SHAPE };
  const lists = texts.map((t) => vocabulary.encode(t, config.maxLength));
  const lengths = lists.map((l) => l.length);
  const rng = createRng(seed);
  const encoder = TransformerEncoder.random(tf, config, rng.fork());
  const outputBias = tf.variable(tf.zeros([config.vocabSize]), true, 'mlm/bias');
  const optimizer = scheduledAdam(tf, PRETRAIN_DEFAULTS.learningRate);
  const batchSize = PRETRAIN_DEFAULTS.batchSize;
  const stepsPerEpoch = Math.ceil(lists.length / batchSize);
  const totalSteps = epochs * stepsPerEpoch;
  const warmupSteps = Math.round(PRETRAIN_DEFAULTS.warmupFraction * totalSteps);
  log(`pretrain: ${texts.length} texts, vocabulary ${vocabulary.size}, ${encoder.paramCount()} encoder params, ${epochs} epochs × ${stepsPerEpoch} steps, backend ${backend}`);

  const losses: number[] = [];
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    let sum = 0;
    for (const indices of bucketedBatches(lengths, batchSize, () => rng.next())) {
      const batch = maskBatch(indices.map((i) => lists[i]!), config.vocabSize, rng);
      optimizer.setLearningRate(learningRateAt(step, totalSteps, PRETRAIN_DEFAULTS.learningRate, warmupSteps));
      const dropoutSeed = rng.int(0, 2 ** 30);
      const loss = optimizer.minimize(() => maskedTokenLoss(tf, encoder, outputBias, batch, dropoutSeed), true, [...encoder.trainableVariables(), outputBias])!;
      const value = (await loss.data())[0]!;
      loss.dispose();
      if (!Number.isFinite(value)) throw new Error(`pretrain: loss is ${value} at epoch ${epoch} step ${step}`);
      sum += value;
      step++;
    }
    losses.push(sum / stepsPerEpoch);
    log(`pretrain: epoch ${epoch + 1}/${epochs} masked-token loss ${losses[epoch]!.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  optimizer.dispose();
  outputBias.dispose();
  const seconds = (performance.now() - started) / 1000;

  if (options.out !== null) {
    const dir = options.out ?? PRETRAINED_DIR;
    const meta = { objective: 'masked-token prediction', ...PRETRAIN_DEFAULTS, seed, split_seed: SPLIT_SEED, epochs, texts: texts.length, final_loss: losses.at(-1), seconds: Math.round(seconds), backend };
    const sizes = saveEncoderFile(dir, { config, vocabulary: [...vocabulary.tokens], meta, values: encoder.snapshot() });
    log(`pretrain: wrote ${dir} (encoder.json ${(sizes.jsonBytes / 1024).toFixed(1)} KB, encoder.bin ${(sizes.binBytes / 1024).toFixed(1)} KB) in ${seconds.toFixed(0)} s`);
  }
  return { encoder, vocabulary, losses, seconds };
}

function maskedTokenLoss(tf: Tf, encoder: TransformerEncoder, outputBias: import('@tensorflow/tfjs').Variable, batch: MaskedBatch, seed: number) {
  const { input, positions, targets } = batch;
  const ids = tf.tensor2d(input.ids, [input.batch, input.length], 'int32');
  const mask = tf.tensor2d(input.mask, [input.batch, input.length]);
  const hidden = encoder.forward(ids, mask, { dropout: PRETRAIN_DEFAULTS.dropout, seed }).reshape([input.batch * input.length, encoder.config.dModel]);
  const selected = gatherRows(tf, hidden as import('@tensorflow/tfjs').Tensor2D, tf.tensor1d(positions, 'int32'));
  const logits = tf.matMul(selected, encoder.variables.get('embedding/token')!, false, true).add(outputBias);
  return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(targets, 'int32'), encoder.config.vocabSize), logits) as import('@tensorflow/tfjs').Scalar;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { epochs: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } } });
  const result = await pretrain({
    ...(values.epochs !== undefined && { epochs: Number(values.epochs) }),
    ...(values.seed !== undefined && { seed: Number(values.seed) }),
    ...(values.out !== undefined && { out: values.out }),
  });
  result.encoder.dispose();
}
