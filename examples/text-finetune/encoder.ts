/**
 * A small transformer encoder in plain tfjs ops: token + position embeddings, `layers` pre-LN blocks
 * (multi-head self-attention + ReLU FFN, each with a residual connection) and a final layer norm.
 *
 * Weights are named tf.Variables grouped by layer: `embedding/*`, `layer_0/*` … `layer_{L-1}/*` (the final layer norm
 * belongs to the last layer). `freeze(k)` marks the embeddings and layers 0..k-1 `trainable = false`, and
 * `trainableVariables()` leaves them out, so an optimizer never touches them.
 *
 * Why plain ops and not tf.layers: tfjs-layers has no attention layer, and the wasm backend has no kernel for the
 * gradient of `gather` (UnsortedSegmentSum), so lookups go through `gatherRows`, whose gradient is a scatter-add.
 * Initial values come from a seeded `Rng`, so the same seed gives the same weights on any backend.
 */
import type { Tf } from '../../tools/common/tf.ts';
import type { Rng } from '../../tools/common/rng.ts';

type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor1D = import('@tensorflow/tfjs').Tensor1D;
type Tensor2D = import('@tensorflow/tfjs').Tensor2D;
type Tensor3D = import('@tensorflow/tfjs').Tensor3D;
type Variable = import('@tensorflow/tfjs').Variable;
/** tfjs types customGrad's function with variadic `(Tensor | save)[]` inputs; ours name theirs. */
type CustomGradient = Parameters<Tf['customGrad']>[0];

export interface EncoderConfig {
  vocabSize: number;
  /** Longest token sequence (longer texts are truncated). */
  maxLength: number;
  dModel: number;
  heads: number;
  ffnDim: number;
  layers: number;
}

export const DEFAULT_ENCODER_SHAPE = { maxLength: 32, dModel: 64, heads: 4, ffnDim: 128, layers: 2 } as const;

export interface ForwardOptions {
  /** Dropout on the attention and FFN outputs (training only); 0 = none. */
  dropout?: number;
  /** Seed of the dropout masks (tf.dropout); required when dropout > 0 for reproducible runs. */
  seed?: number;
}

export class TransformerEncoder {
  readonly variables: ReadonlyMap<string, Variable>;
  private frozen = 0;

  constructor(
    private readonly tf: Tf,
    readonly config: EncoderConfig,
    values: ReadonlyMap<string, { shape: number[]; values: Float32Array }>,
  ) {
    const expected = encoderShapes(config);
    const variables = new Map<string, Variable>();
    for (const [name, shape] of expected) {
      const value = values.get(name);
      if (!value) throw new Error(`encoder weights: missing ${name}`);
      if (value.shape.join('x') !== shape.join('x')) throw new Error(`encoder weights: ${name} must have shape [${shape}], got [${value.shape}]`);
      // tidy frees the initial tensor object (the variable keeps its data); without it each weight leaks one tensor.
      // Unnamed: tfjs registers variable names process-wide, and two encoders may live side by side (tests, baselines).
      variables.set(name, tf.tidy(() => tf.variable(tf.tensor(value.values, shape), true)));
    }
    this.variables = variables;
  }

  /** A randomly initialised encoder (Glorot-normal dense weights, N(0, 0.02) embeddings, unit layer norms). */
  static random(tf: Tf, config: EncoderConfig, rng: Rng): TransformerEncoder {
    const values = new Map<string, { shape: number[]; values: Float32Array }>();
    for (const [name, shape] of encoderShapes(config)) values.set(name, { shape, values: initialValues(name, shape, rng, config) });
    return new TransformerEncoder(tf, config, values);
  }

  /** The layer group of a weight: 'embedding' or 'layer_<i>'. */
  static groupOf(name: string): string {
    return name.slice(0, name.indexOf('/'));
  }

  /** How many layers are frozen (0..layers); the embeddings are frozen whenever k ≥ 1. */
  get frozenLayers(): number {
    return this.frozen;
  }

  freeze(layers: number): void {
    if (!Number.isInteger(layers) || layers < 0 || layers > this.config.layers) {
      throw new Error(`frozen_layers must be an integer in 0..${this.config.layers}, got ${layers}`);
    }
    this.frozen = layers;
    for (const [name, variable] of this.variables) variable.trainable = !this.isFrozen(name);
  }

  isFrozen(name: string): boolean {
    const group = TransformerEncoder.groupOf(name);
    if (this.frozen === 0) return false;
    if (group === 'embedding') return true;
    return Number(group.slice('layer_'.length)) < this.frozen;
  }

  trainableVariables(): Variable[] {
    return [...this.variables.entries()].filter(([name]) => !this.isFrozen(name)).map(([, v]) => v);
  }

  paramCount(): number {
    let n = 0;
    for (const v of this.variables.values()) n += v.size;
    return n;
  }

  /**
   * Hidden states [batch, length, dModel] of token ids [batch, length] (int32) with `mask` [batch, length]
   * (1 = token, 0 = padding; padded keys get no attention). Call inside tf.tidy or dispose the result.
   */
  forward(ids: Tensor2D, mask: Tensor2D, options: ForwardOptions = {}): Tensor3D {
    const tf = this.tf;
    const { dModel: d, heads, layers } = this.config;
    const [batch, length] = ids.shape;
    const dh = d / heads;
    const w = (name: string) => this.variables.get(name)!;
    const dropout = options.dropout ?? 0;
    let seed = options.seed ?? 0;
    const drop = (x: Tensor) => (dropout > 0 ? tf.dropout(x, dropout, undefined, seed++) : x);

    const positions = w('embedding/position').slice([0, 0], [length, d]);
    const tokens = gatherRows(tf, w('embedding/token') as Tensor2D, ids.reshape([batch * length]) as Tensor1D);
    let x = tokens.reshape([batch, length, d]).add(positions).reshape([batch * length, d]);
    const keyBias = tf.sub(1, mask).mul(-1e9).reshape([batch, 1, 1, length]);
    const splitHeads = (t: Tensor) => t.reshape([batch, length, heads, dh]).transpose([0, 2, 1, 3]);

    const dense = (input: Tensor, weight: string, bias: string) => matMul(tf, input, w(weight)).add(w(bias));
    for (let l = 0; l < layers; l++) {
      const p = `layer_${l}/`;
      const h = layerNorm(tf, x, w(`${p}ln1_gamma`), w(`${p}ln1_beta`));
      const q = splitHeads(dense(h, `${p}wq`, `${p}bq`));
      const k = splitHeads(dense(h, `${p}wk`, `${p}bk`));
      const v = splitHeads(dense(h, `${p}wv`, `${p}bv`));
      const scores = matMul(tf, q, swapLastAxes(tf, k)).mul(1 / Math.sqrt(dh)).add(keyBias);
      const context = matMul(tf, tf.softmax(scores), v).transpose([0, 2, 1, 3]).reshape([batch * length, d]);
      x = x.add(drop(dense(context, `${p}wo`, `${p}bo`)));
      const g = layerNorm(tf, x, w(`${p}ln2_gamma`), w(`${p}ln2_beta`));
      x = x.add(drop(dense(tf.relu(dense(g, `${p}w1`, `${p}b1`)), `${p}w2`, `${p}b2`)));
    }
    const last = `layer_${layers - 1}/`;
    return layerNorm(tf, x, w(`${last}lnf_gamma`), w(`${last}lnf_beta`)).reshape([batch, length, d]);
  }

  /** Current values, for saving and for tests (a copy). */
  snapshot(): Map<string, { shape: number[]; values: Float32Array }> {
    const out = new Map<string, { shape: number[]; values: Float32Array }>();
    for (const [name, v] of this.variables) out.set(name, { shape: [...v.shape], values: Float32Array.from(v.dataSync() as Float32Array) });
    return out;
  }

  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
  }
}

/** Mean of `hidden` [batch, length, d] over the unpadded positions of `mask` [batch, length] → [batch, d]. */
export function maskedMean(tf: Tf, hidden: Tensor3D, mask: Tensor2D): Tensor2D {
  const m = mask.expandDims(2);
  return tf.div(hidden.mul(m).sum(1), m.sum(1).maximum(1)) as Tensor2D;
}

/**
 * `tf.gather(table, indices)` along axis 0 with a scatter-add gradient (duplicates summed): the same values and
 * gradient as gather, but trainable on the wasm backend, and far cheaper than a one-hot matmul.
 */
export function gatherRows(tf: Tf, table: Tensor2D, indices: Tensor1D): Tensor2D {
  // The indices travel through `save` (tfjs keeps saved tensors until the backward pass; closures are not kept).
  const lookup = tf.customGrad(((input: Tensor, save: (tensors: Tensor[]) => void) => {
    save([indices]);
    return {
      value: tf.gather(input, indices),
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) =>
        tf.scatterND(saved[0]!.reshape([saved[0]!.shape[0]!, 1]), dy as Tensor, input.shape),
    };
  }) as unknown as CustomGradient);
  return lookup(table) as Tensor2D;
}

/**
 * `tf.matMul(a, b)` (rank 2, or rank 4 with equal batch dims) whose gradient transposes explicitly: the wasm
 * backend's BatchMatMul is 4-10× slower with its transpose flags set than on pre-transposed inputs, and tfjs's own
 * matMul gradient sets them, so backward passes were five times slower than forward ones.
 */
export function matMul(tf: Tf, a: Tensor, b: Tensor): Tensor {
  const product = tf.customGrad(((x: Tensor, y: Tensor, save: (tensors: Tensor[]) => void) => {
    save([x, y]);
    return {
      value: tf.matMul(x, y),
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [xs, ys] = saved as [Tensor, Tensor];
        return [tf.matMul(dy as Tensor, swapLastAxes(tf, ys)), tf.matMul(swapLastAxes(tf, xs), dy as Tensor)];
      },
    };
  }) as unknown as CustomGradient);
  return product(a, b);
}

function swapLastAxes(tf: Tf, t: Tensor): Tensor {
  const axes = t.shape.map((_, i) => i);
  [axes[axes.length - 2], axes[axes.length - 1]] = [axes[axes.length - 1]!, axes[axes.length - 2]!];
  return tf.transpose(t, axes);
}

function layerNorm(tf: Tf, x: Tensor, gamma: Tensor, beta: Tensor): Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).mul(tf.rsqrt(variance.add(1e-5))).mul(gamma).add(beta);
}

/** Every weight name with its shape, in a fixed order (the order of the saved file). */
export function encoderShapes(config: EncoderConfig): Array<[string, number[]]> {
  const { vocabSize, maxLength, dModel: d, ffnDim, layers } = config;
  if (d % config.heads !== 0) throw new Error(`dModel (${d}) must be a multiple of heads (${config.heads})`);
  const shapes: Array<[string, number[]]> = [
    ['embedding/token', [vocabSize, d]],
    ['embedding/position', [maxLength, d]],
  ];
  for (let l = 0; l < layers; l++) {
    const p = `layer_${l}/`;
    shapes.push([`${p}ln1_gamma`, [d]], [`${p}ln1_beta`, [d]]);
    for (const m of ['q', 'k', 'v', 'o']) shapes.push([`${p}w${m}`, [d, d]], [`${p}b${m}`, [d]]);
    shapes.push([`${p}ln2_gamma`, [d]], [`${p}ln2_beta`, [d]]);
    shapes.push([`${p}w1`, [d, ffnDim]], [`${p}b1`, [ffnDim]], [`${p}w2`, [ffnDim, d]], [`${p}b2`, [d]]);
  }
  shapes.push([`layer_${layers - 1}/lnf_gamma`, [d]], [`layer_${layers - 1}/lnf_beta`, [d]]);
  return shapes;
}

function initialValues(name: string, shape: number[], rng: Rng, config: EncoderConfig): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  const leaf = name.slice(name.indexOf('/') + 1);
  if (leaf.endsWith('_gamma')) return out.fill(1);
  if (shape.length === 1) return out; // biases and layer-norm betas
  // Residual branches' output projections are scaled by 1/sqrt(2·layers) (GPT-2's init), so depth does not blow up x.
  const residual = leaf === 'wo' || leaf === 'w2' ? 1 / Math.sqrt(2 * config.layers) : 1;
  const std = name.startsWith('embedding/') ? 0.02 : residual * Math.sqrt(2 / (shape[0]! + shape[1]!));
  for (let i = 0; i < size; i++) out[i] = rng.normal() * std;
  return out;
}
