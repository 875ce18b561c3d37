/**
 * Pretrains the text-finetune encoder, self-supervised, on the unlabelled pretraining text (corpus.ts
 * `pretrainingTexts`: the pretrain and train splits' texts; never a label, never validation or test), and writes the
 * weights and vocabulary to examples/text-finetune/pretrained/ (checked in, so nobody has to rerun it).
 *
 *   npm run pretrain:text [-- --epochs 20 --seed 17 --out <dir>]
 *
 * Objective: masked-token prediction (BERT) plus a sentence-level contrastive term.
 * - Masking follows BERT: `maskRate` of the tokens (at least one per text) are chosen; of those 80% become [MASK],
 *   10% a random word, 10% stay; the loss is the cross-entropy of the chosen tokens' ids, predicted through the tied
 *   token embedding.
 * - Contrastive (SimCSE, Gao et al. 2021): the mean-pooled vector of the masked text must be nearer (cosine,
 *   temperature 0.05) to that of its own clean text than to the batch's other texts. Masked-token prediction alone
 *   trains only the masked positions' outputs, and mean-pooled sentence vectors from it fine-tuned no better than a
 *   random encoder here (docs/training.md); this term trains the pooled vector the classifier reads.
 * Reproducible: one seed drives the initial weights, the epoch order, the masks and dropout; the split is corpus.ts's.
 */
import { parseArgs } from 'node:util';
import { createRng, type Rng } from '../../tools/common/rng.ts';
import { loadTf, type Tf } from '../../tools/common/tf.ts';
import { learningRateAt } from '../../tools/training/schedules.ts';
import { scheduledAdam } from './adam.ts';
import { bucketedBatches, padBatch, type PaddedBatch } from './batch.ts';
import { loadSplits, pretrainingTexts, SPLIT_SEED } from './corpus.ts';
import { DEFAULT_ENCODER_SHAPE, gatherRows, maskedMean, matMul, TransformerEncoder, type EncoderConfig } from './encoder.ts';
import { MASK_ID, SPECIAL_TOKENS, Vocabulary } from './tokenizer.ts';
import { PRETRAINED_DIR, saveEncoderFile } from './weights-file.ts';

export const PRETRAIN_DEFAULTS = {
  seed: 17,
  epochs: 20,
  batchSize: 128,
  learningRate: 5e-3,
  warmupFraction: 0.05,
  maskRate: 0.2,
  dropout: 0.1,
  contrastiveWeight: 1,
  temperature: 0.05,
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
  const outputBias = tf.tidy(() => tf.variable(tf.zeros([config.vocabSize]), true));
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
      const group = indices.map((i) => lists[i]!);
      const batch = maskBatch(group, config.vocabSize, rng);
      const clean = padBatch(group);
      optimizer.setLearningRate(learningRateAt(step, totalSteps, PRETRAIN_DEFAULTS.learningRate, warmupSteps));
      const dropoutSeed = rng.int(0, 2 ** 30);
      const loss = optimizer.minimize(() => pretrainingLoss(tf, encoder, outputBias, batch, clean, dropoutSeed), true, [...encoder.trainableVariables(), outputBias])!;
      const value = (await loss.data())[0]!;
      loss.dispose();
      if (!Number.isFinite(value)) throw new Error(`pretrain: loss is ${value} at epoch ${epoch} step ${step}`);
      sum += value;
      step++;
    }
    losses.push(sum / stepsPerEpoch);
    log(`pretrain: epoch ${epoch + 1}/${epochs} loss ${losses[epoch]!.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  optimizer.dispose();
  outputBias.dispose();
  const seconds = (performance.now() - started) / 1000;

  if (options.out !== null) {
    const dir = options.out ?? PRETRAINED_DIR;
    const meta = { objective: 'masked-token prediction + contrastive (SimCSE)', ...PRETRAIN_DEFAULTS, seed, split_seed: SPLIT_SEED, epochs, texts: texts.length, final_loss: losses.at(-1), seconds: Math.round(seconds), backend };
    const sizes = saveEncoderFile(dir, { config, vocabulary: [...vocabulary.tokens], meta, values: encoder.snapshot() });
    log(`pretrain: wrote ${dir} (encoder.json ${(sizes.jsonBytes / 1024).toFixed(1)} KB, encoder.bin ${(sizes.binBytes / 1024).toFixed(1)} KB) in ${seconds.toFixed(0)} s`);
  }
  return { encoder, vocabulary, losses, seconds };
}

function pretrainingLoss(tf: Tf, encoder: TransformerEncoder, outputBias: import('@tensorflow/tfjs').Variable, batch: MaskedBatch, clean: PaddedBatch, seed: number) {
  const { input, positions, targets } = batch;
  const { dModel } = encoder.config;
  const ids = tf.tensor2d(input.ids, [input.batch, input.length], 'int32');
  const mask = tf.tensor2d(input.mask, [input.batch, input.length]);
  const hidden3d = encoder.forward(ids, mask, { dropout: PRETRAIN_DEFAULTS.dropout, seed });
  const hidden = hidden3d.reshape([input.batch * input.length, dModel]) as import('@tensorflow/tfjs').Tensor2D;
  const selected = gatherRows(tf, hidden, tf.tensor1d(positions, 'int32'));
  const logits = tf.matMul(selected, encoder.variables.get('embedding/token')!, false, true).add(outputBias);
  const mlm = tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(targets, 'int32'), encoder.config.vocabSize), logits);
  const weight: number = PRETRAIN_DEFAULTS.contrastiveWeight;
  if (weight === 0) return mlm as import('@tensorflow/tfjs').Scalar;
  // Sentence-level term (SimCSE, Gao et al. 2021, with the masked text as the augmented view): the mean-pooled
  // vector of a masked text must be closer to its own clean text's vector than to the other texts' of the batch.
  const cleanIds = tf.tensor2d(clean.ids, [clean.batch, clean.length], 'int32');
  const cleanMask = tf.tensor2d(clean.mask, [clean.batch, clean.length]);
  const unit = (t: import('@tensorflow/tfjs').Tensor2D) => t.div(t.norm('euclidean', 1, true).add(1e-6));
  const a = unit(maskedMean(tf, hidden3d, mask));
  const b = unit(maskedMean(tf, encoder.forward(cleanIds, cleanMask, { dropout: PRETRAIN_DEFAULTS.dropout, seed: seed + 7919 }), cleanMask));
  const similarity = matMul(tf, a, b.transpose()).div(PRETRAIN_DEFAULTS.temperature);
  const contrastive = tf.losses.softmaxCrossEntropy(tf.oneHot(tf.range(0, input.batch, 1, 'int32'), input.batch), similarity);
  return mlm.add(contrastive.mul(weight)) as import('@tensorflow/tfjs').Scalar;
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
