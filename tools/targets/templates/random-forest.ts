import type { SpaceTemplate } from './template.ts';

/** Random forest (scikit-learn `RandomForestClassifier`/`Regressor`). */
export const randomForestTemplate: SpaceTemplate = {
  name: 'random-forest',
  description: 'scikit-learn random forest: trees, depth, split/leaf sizes, feature sampling',
  space: {
    n_estimators: { type: 'int', low: 50, high: 500, step: 25 },
    max_depth: { type: 'int', low: 3, high: 30 },
    min_samples_split: { type: 'int', low: 2, high: 20 },
    min_samples_leaf: { type: 'int', low: 1, high: 10 },
    max_features: { type: 'categorical', choices: ['sqrt', 'log2', 0.5, 1.0] },
    bootstrap: { type: 'categorical', choices: [true, false] },
  },
  notes: {
    n_estimators: 'number of trees; latency and memory grow linearly',
    max_depth: 'maximum tree depth',
    min_samples_split: 'minimum samples to split a node',
    min_samples_leaf: 'minimum samples per leaf; larger smooths the model',
    max_features: 'features considered per split (fraction or rule)',
    bootstrap: 'sample rows with replacement per tree',
  },
};
