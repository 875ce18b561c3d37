import type { SpaceTemplate } from './template.ts';

/** LightGBM (leaf-wise boosted trees). Ranges follow LightGBM's parameter-tuning guide. */
export const lightgbmTemplate: SpaceTemplate = {
  name: 'lightgbm',
  description: 'LightGBM leaf-wise boosted trees: leaves, learning rate, rounds, bagging and regularisation',
  space: {
    num_leaves: { type: 'int', low: 8, high: 256, log: true },
    learning_rate: { type: 'float', low: 0.01, high: 0.3, log: true },
    n_estimators: { type: 'int', low: 50, high: 1000, step: 50 },
    min_child_samples: { type: 'int', low: 5, high: 100 },
    feature_fraction: { type: 'float', low: 0.5, high: 1.0 },
    bagging_fraction: { type: 'float', low: 0.5, high: 1.0 },
    lambda_l1: { type: 'float', low: 1e-8, high: 10, log: true },
    lambda_l2: { type: 'float', low: 1e-8, high: 10, log: true },
  },
  notes: {
    num_leaves: 'main complexity control (keep below 2^max_depth), log scale',
    learning_rate: 'shrinkage, log scale',
    n_estimators: 'boosting rounds; latency grows with it',
    min_child_samples: 'minimum data per leaf, against over-fitting',
    feature_fraction: 'column sampling per tree',
    bagging_fraction: 'row sampling (needs bagging_freq > 0)',
    lambda_l1: 'L1 regularisation, log scale',
    lambda_l2: 'L2 regularisation, log scale',
  },
};
