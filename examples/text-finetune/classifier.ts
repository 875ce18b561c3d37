/**
 * The fine-tuned intent classifier: the encoder (pretrained or random), masked mean pooling, dropout and a dense
 * softmax head over the intents.
 *
 * It satisfies tools/training/measure.ts: `save(handler)` hands the weights and a JSON topology (encoder config,
 * vocabulary, intents) to an in-memory IOHandler, so `serializedSizeKb` counts what a deployment would ship, and
 * `weights` lists every weight's shape for `countParams`.
 */
import type { Rng } from '../../tools/common/rng.ts';
import type { Tf } from '../../tools/common/tf.ts';
import type { SavableModel } from '../../tools/training/measure.ts';
import { padBatch } from './batch.ts';
import { matMul, maskedMean, TransformerEncoder } from './encoder.ts';
import type { Vocabulary } from './tokenizer.ts';

type Tensor2D = import('@tensorflow/tfjs').Tensor2D;
type Variable = import('@tensorflow/tfjs').Variable;

export interface LogitsOptions {
  /** Dropout on the pooled vector (training only). */
  dropout?: number;
  seed?: number;
}

export class TextClassifier {
  readonly kernel: Variable;
  readonly bias: Variable;

  constructor(
    private readonly tf: Tf,
    readonly encoder: TransformerEncoder,
    readonly vocabulary: Vocabulary,
    readonly intents: readonly string[],
    rng: Rng,
  ) {
    const d = encoder.config.dModel;
    const classes = intents.length;
    const std = Math.sqrt(2 / (d + classes));
    const values = Float32Array.from({ length: d * classes }, () => rng.normal() * std);
    this.kernel = tf.tidy(() => tf.variable(tf.tensor2d(values, [d, classes]), true));
    this.bias = tf.tidy(() => tf.variable(tf.zeros([classes]), true));
  }

  /** Logits [batch, intents] of a padded batch. Call inside tf.tidy or dispose the result. */
  logits(ids: Tensor2D, mask: Tensor2D, options: LogitsOptions = {}): Tensor2D {
    const tf = this.tf;
    const hidden = this.encoder.forward(ids, mask);
    let pooled: import('@tensorflow/tfjs').Tensor = maskedMean(tf, hidden, mask);
    if ((options.dropout ?? 0) > 0) pooled = tf.dropout(pooled, options.dropout!, undefined, options.seed ?? 0);
    return matMul(tf, pooled, this.kernel).add(this.bias) as Tensor2D;
  }

  /** Token ids of each text, truncated to the encoder's maxLength. */
  encode(texts: readonly string[]): number[][] {
    return texts.map((t) => this.vocabulary.encode(t, this.encoder.config.maxLength));
  }

  /** The predicted intent index of each text (batches of 256, no dropout, no tensor left behind). */
  predict(texts: readonly string[]): number[] {
    const out: number[] = [];
    const lists = this.encode(texts);
    for (let start = 0; start < lists.length; start += 256) {
      const batch = padBatch(lists.slice(start, start + 256));
      const predicted = this.tf.tidy(() => {
        const ids = this.tf.tensor2d(batch.ids, [batch.batch, batch.length], 'int32');
        const mask = this.tf.tensor2d(batch.mask, [batch.batch, batch.length]);
        return this.logits(ids, mask).argMax(1).dataSync();
      });
      out.push(...predicted);
    }
    return out;
  }

  /** Encoder variables that are not frozen, and the head. */
  trainableVariables(): Variable[] {
    return [...this.encoder.trainableVariables(), this.kernel, this.bias];
  }

  trainableParamCount(): number {
    return this.trainableVariables().reduce((n, v) => n + v.size, 0);
  }

  /** Every weight (encoder, then head), for `countParams`. */
  get weights(): Array<{ name: string; shape: number[] }> {
    return [...this.encoder.variables.entries(), ['head/kernel', this.kernel] as const, ['head/bias', this.bias] as const].map(([name, v]) => ({
      name,
      shape: [...v.shape],
    }));
  }

  /** Hands the model to a tfjs IOHandler as float32 weights plus a JSON topology (measure.ts `serializedSize`). */
  async save(handler: Parameters<SavableModel['save']>[0]): ReturnType<SavableModel['save']> {
    if (typeof handler === 'string' || handler.save === undefined) throw new Error('TextClassifier.save takes an IOHandler with a save method, not a URL');
    const variables = [...this.encoder.variables.values(), this.kernel, this.bias];
    const total = variables.reduce((n, v) => n + v.size, 0);
    const data = new Float32Array(total);
    let offset = 0;
    for (const v of variables) {
      data.set(v.dataSync() as Float32Array, offset);
      offset += v.size;
    }
    const weightSpecs = this.weights.map(({ name, shape }) => ({ name, shape, dtype: 'float32' as const }));
    const modelTopology = { encoder: this.encoder.config, vocabulary: this.vocabulary.tokens, intents: this.intents };
    return handler.save({ modelTopology, weightData: data.buffer, weightSpecs });
  }

  dispose(): void {
    this.encoder.dispose();
    this.kernel.dispose();
    this.bias.dispose();
  }
}
