import type { SpaceTemplate } from './template.ts';

/**
 * XGBoost (gradient-boosted trees, `xgboost.XGBClassifier` / `xgb.train`). Ranges follow the XGBoost
 * parameter docs and the spaces used by Optuna's and hyperopt-sklearn's examples.
 */
export const xgboostTemplate: SpaceTemplate = {
  name: 'xgboost',
  description: 'XGBoost gradient-boosted trees: depth, learning rate, trees, sampling and regularisation',
  space: {
    n_estimators: { type: 'int', low: 20, high: 400, step: 10 },
    max_depth: { type: 'int', low: 2, high: 10 },
    learning_rate: { type: 'float', low: 0.01, high: 0.3, log: true },
    subsample: { type: 'float', low: 0.5, high: 1.0 },
    colsample_bytree: { type: 'float', low: 0.5, high: 1.0 },
    min_child_weight: { type: 'float', low: 0.5, high: 10, log: true },
    reg_lambda: { type: 'float', low: 1e-3, high: 10, log: true },
    tree_method: { type: 'categorical', choices: ['hist', 'approx'] },
  },
  notes: {
    n_estimators: 'number of boosting rounds; prediction latency grows linearly with it',
    max_depth: 'tree depth; deeper trees fit more and predict slower (2^depth leaves)',
    learning_rate: 'eta, log scale; lower needs more rounds',
    subsample: 'row sampling per tree',
    colsample_bytree: 'feature sampling per tree',
    min_child_weight: 'minimum hessian sum per leaf, log scale; larger = more conservative',
    reg_lambda: 'L2 regularisation on leaf weights, log scale',
    tree_method: 'histogram or approximate split finding',
  },
};
