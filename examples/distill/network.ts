/**
 * The networks as plain tensor functions over named weights, for training, plus the equivalent tfjs LayersModel for
 * inference, serialization and latency.
 *
 * Why not train the LayersModel directly: in tfjs 4.22 the cpu backend's convolution gradients are naive loops
 * (a 3×3 conv's backward pass is ~50× its forward pass) and the wasm backend has no convolution gradient kernels at
 * all. Written as shifted slices (im2col) and matrix products, the same convolutions train 10-50× faster on cpu, and
 * the LayersModel built from the trained weights computes the same function (test/examples/distill.test.ts).
 *
 * Convolutions use TensorFlow's 'same' padding: stride 1 pads one pixel on each side; stride 2 on an even size pads
 * only after, so output j reads inputs 2j..2j+2, which is the stride-1 output at 2j+1.
 */
import type { Tf } from '../../tools/common/tf.ts';
import { CLASSES, IMAGE_SIZE } from './data.ts';

type Tensor = ReturnType<Tf['tensor']>;
type LayersModel = InstanceType<Tf['LayersModel']>;

/** One layer of a network spec. Channel counts are outputs; `conv` is a full 3×3 convolution. */
export type LayerSpec =
  | { type: 'conv'; filters: number }
  | { type: 'depthwise'; stride: 1 | 2 }
  | { type: 'pointwise'; filters: number }
  | { type: 'maxpool' }
  | { type: 'gap' }
  | { type: 'flatten' }
  | { type: 'dense'; units: number; relu: boolean };

/** A weight's name and shape in training layout (kernels as matrices: [9·in, out], depthwise [9, channels]). */
export interface WeightSpec {
  name: string;
  shape: number[];
  /** Fan-in and fan-out for Glorot initialisation. */
  fans: [number, number];
}

export function weightSpecs(layers: readonly LayerSpec[]): WeightSpec[] {
  const specs: WeightSpec[] = [];
  let channels = 1;
  let side = IMAGE_SIZE;
  layers.forEach((layer, index) => {
    if (layer.type === 'maxpool' || (layer.type === 'depthwise' && layer.stride === 2)) side /= 2;
    if (layer.type === 'gap') side = 1;
    if (layer.type === 'flatten') channels *= side * side;
    if (layer.type === 'conv') {
      specs.push({ name: `l${index}.kernel`, shape: [9 * channels, layer.filters], fans: [9 * channels, 9 * layer.filters] }, { name: `l${index}.bias`, shape: [layer.filters], fans: [0, 0] });
      channels = layer.filters;
    } else if (layer.type === 'depthwise') {
      specs.push({ name: `l${index}.kernel`, shape: [9, channels], fans: [9, 9] }, { name: `l${index}.bias`, shape: [channels], fans: [0, 0] });
    } else if (layer.type === 'pointwise') {
      specs.push({ name: `l${index}.kernel`, shape: [channels, layer.filters], fans: [channels, layer.filters] }, { name: `l${index}.bias`, shape: [layer.filters], fans: [0, 0] });
      channels = layer.filters;
    } else if (layer.type === 'dense') {
      specs.push({ name: `l${index}.kernel`, shape: [channels, layer.units], fans: [channels, layer.units] }, { name: `l${index}.bias`, shape: [layer.units], fans: [0, 0] });
      channels = layer.units;
    }
  });
  return specs;
}

export function parameterCount(layers: readonly LayerSpec[]): number {
  return weightSpecs(layers).reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1), 0);
}

export type Weights = Map<string, Tensor>;

/**
 * Kernels uniform in ±limit and zero biases, from a seeded PRNG (`random` in [0, 1)). 'he' (He et al. 2015,
 * limit √(6/fan_in)) keeps the activations' scale through ReLU layers; with 'glorot' (√(6/(fan_in+fan_out))) the
 * students' logits start ~100× smaller and training sat at chance for the first hundreds of steps.
 */
export function initialWeights(tf: Tf, layers: readonly LayerSpec[], random: () => number, scheme: 'he' | 'glorot' = 'he'): Weights {
  const weights: Weights = new Map();
  for (const spec of weightSpecs(layers)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    if (spec.fans[0] > 0) {
      const limit = Math.sqrt(6 / (scheme === 'he' ? spec.fans[0] : spec.fans[0] + spec.fans[1]));
      for (let i = 0; i < size; i++) values[i] = (2 * random() - 1) * limit;
    }
    const initial = tf.tensor(values, spec.shape);
    weights.set(spec.name, tf.variable(initial, true, `${spec.name}.${Math.random().toString(36).slice(2)}`));
    initial.dispose(); // the variable holds its own reference to the data
  }
  return weights;
}

/** The nine 3×3-neighbourhood shifts of x (batch × h × w × c), padded by one pixel ('same', stride 1). */
function shifts(tf: Tf, x: Tensor): Tensor[] {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
  const out: Tensor[] = [];
  for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) out.push(tf.slice(padded, [0, dy, dx, 0], [n, h, w, c]));
  return out;
}

/** Stride 2 from a stride-1 'same' result: keep odd rows and columns (see the module comment). */
function subsample(tf: Tf, x: Tensor): Tensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  return tf.reshape(tf.slice(tf.reshape(x, [n, h / 2, 2, w / 2, 2, c]), [0, 0, 1, 0, 1, 0], [n, h / 2, 1, w / 2, 1, c]), [n, h / 2, w / 2, c]);
}

function matmulLastAxis(tf: Tf, x: Tensor, kernel: Tensor, bias: Tensor): Tensor {
  const shape = x.shape;
  const inputs = shape[shape.length - 1]!;
  const out = tf.add(tf.matMul(tf.reshape(x, [-1, inputs]) as never, kernel as never), bias);
  return tf.reshape(out, [...shape.slice(0, -1), kernel.shape[1]!]);
}

/** Logits (batch × 10) for images x (batch × 16 × 16 × 1). Call inside tf.tidy or a gradient function. */
export function forward(tf: Tf, layers: readonly LayerSpec[], weights: Weights, x: Tensor): Tensor {
  let h = x;
  layers.forEach((layer, index) => {
    const kernel = weights.get(`l${index}.kernel`)!;
    const bias = weights.get(`l${index}.bias`)!;
    if (layer.type === 'conv') {
      h = tf.relu(matmulLastAxis(tf, tf.concat(shifts(tf, h), 3), kernel, bias));
    } else if (layer.type === 'depthwise') {
      const taps = shifts(tf, h).map((shifted, k) => tf.mul(shifted, tf.reshape(tf.slice(kernel, [k, 0], [1, -1]), [-1])));
      let out = tf.add(tf.addN(taps), bias);
      if (layer.stride === 2) out = subsample(tf, out);
      h = tf.relu(out);
    } else if (layer.type === 'pointwise') {
      h = tf.relu(matmulLastAxis(tf, h, kernel, bias));
    } else if (layer.type === 'maxpool') {
      const [n, height, width, c] = h.shape as [number, number, number, number];
      h = tf.max(tf.reshape(h, [n, height / 2, 2, width / 2, 2, c]), [2, 4]);
    } else if (layer.type === 'gap') {
      h = tf.mean(h, [1, 2]);
    } else if (layer.type === 'flatten') {
      h = tf.reshape(h, [h.shape[0]!, -1]);
    } else {
      const out = matmulLastAxis(tf, h, kernel, bias);
      h = layer.relu ? tf.relu(out) : out;
    }
  });
  return h;
}

/** The equivalent tfjs LayersModel with the given weights (for predict, `model.save`, latency). */
export function toLayersModel(tf: Tf, layers: readonly LayerSpec[], weights: Weights): LayersModel {
  const model = tf.sequential();
  let channels = 1;
  const input = { inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1] };
  const reshaped: Tensor[] = [];
  const reshape = (tensor: Tensor, shape: number[]) => {
    const out = tf.reshape(tensor, shape);
    reshaped.push(out);
    return out;
  };
  layers.forEach((layer, index) => {
    const first = index === 0 ? input : {};
    const kernel = weights.get(`l${index}.kernel`);
    const bias = weights.get(`l${index}.bias`);
    if (layer.type === 'conv') {
      model.add(tf.layers.conv2d({ ...first, filters: layer.filters, kernelSize: 3, padding: 'same', activation: 'relu', weights: [reshape(kernel!, [3, 3, channels, layer.filters]), bias!] }));
      channels = layer.filters;
    } else if (layer.type === 'depthwise') {
      model.add(tf.layers.depthwiseConv2d({ ...first, kernelSize: 3, strides: layer.stride, padding: 'same', activation: 'relu', weights: [reshape(kernel!, [3, 3, channels, 1]), bias!] }));
    } else if (layer.type === 'pointwise') {
      model.add(tf.layers.conv2d({ ...first, filters: layer.filters, kernelSize: 1, activation: 'relu', weights: [reshape(kernel!, [1, 1, channels, layer.filters]), bias!] }));
      channels = layer.filters;
    } else if (layer.type === 'maxpool') {
      model.add(tf.layers.maxPooling2d({ ...first, poolSize: 2 }));
    } else if (layer.type === 'gap') {
      model.add(tf.layers.globalAveragePooling2d({ ...first }));
    } else if (layer.type === 'flatten') {
      model.add(tf.layers.flatten({ ...first }));
    } else {
      model.add(tf.layers.dense({ ...first, units: layer.units, activation: layer.relu ? 'relu' : 'linear', weights: [kernel!, bias!] }));
      channels = layer.units;
    }
  });
  tf.dispose(reshaped); // the layers copied their values
  return model;
}

export { CLASSES };
