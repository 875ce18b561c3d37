import type { SpaceTemplate } from './template.ts';

/** A small multilayer perceptron (tfjs / PyTorch): width, depth, optimiser settings. */
export const mlpTemplate: SpaceTemplate = {
  name: 'mlp',
  description: 'MLP (tfjs or PyTorch): layers, units, learning rate, batch size, dropout, weight decay, activation',
  space: {
    hidden_layers: { type: 'int', low: 1, high: 4 },
    hidden_units: { type: 'int', low: 16, high: 512, log: true },
    learning_rate: { type: 'float', low: 1e-4, high: 1e-1, log: true },
    batch_size: { type: 'categorical', choices: [16, 32, 64, 128, 256] },
    dropout: { type: 'float', low: 0.0, high: 0.5 },
    weight_decay: { type: 'float', low: 1e-6, high: 1e-2, log: true },
    activation: { type: 'categorical', choices: ['relu', 'gelu', 'tanh'] },
    epochs: { type: 'int', low: 5, high: 50, step: 5 },
  },
  notes: {
    hidden_layers: 'depth',
    hidden_units: 'width per layer, log scale',
    learning_rate: 'Adam learning rate, log scale',
    batch_size: 'powers of two',
    dropout: 'dropout rate after each hidden layer',
    weight_decay: 'L2 / AdamW decay, log scale',
    activation: 'hidden activation',
    epochs: 'training epochs (a pruner can stop bad runs early)',
  },
};
