import type { SpaceTemplate } from './template.ts';

/** Knowledge distillation into a MobileNet-style student (examples/distill): student shape and the KD recipe. */
export const distillTemplate: SpaceTemplate = {
  name: 'distill',
  description: 'Knowledge distillation (tfjs): student width and depth, temperature, alpha, learning rate, epochs, batch size, label smoothing',
  space: {
    width: { type: 'float', low: 0.25, high: 1.0 },
    depth: { type: 'int', low: 1, high: 4 },
    temperature: { type: 'float', low: 1, high: 8 },
    alpha: { type: 'float', low: 0.1, high: 0.9 },
    learning_rate: { type: 'float', low: 1e-4, high: 1e-2, log: true },
    epochs: { type: 'int', low: 4, high: 12 },
    batch_size: { type: 'categorical', choices: [32, 64, 128, 256] },
    label_smoothing: { type: 'float', low: 0.0, high: 0.2 },
  },
  notes: {
    width: 'width multiplier of every layer (MobileNet α): size and latency grow roughly with its square',
    depth: 'number of depthwise-separable blocks: capacity and latency',
    temperature: 'softmax temperature of the soft targets (Hinton et al. use 1-20; 2-5 is typical)',
    alpha: 'weight of the soft-target (KL·T²) term; 1 − alpha weighs the hard labels',
    learning_rate: 'Adam base rate, cosine-annealed; log scale',
    epochs: 'training epochs (a pruner stops bad runs early on per-epoch validation accuracy)',
    batch_size: 'powers of two',
    label_smoothing: 'ε of the hard-label cross-entropy',
  },
};
