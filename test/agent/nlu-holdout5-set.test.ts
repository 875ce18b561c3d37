import { describeHeldOutSet } from './support/held-out-set-checks.ts';

/** The fifth held-out set (test/fixtures/nlu-holdout-5.jsonl), written blind after set 4's first measurement; sealed. */
describeHeldOutSet('NLU held-out set 5 (sealed, written blind)', 'test/fixtures/nlu-holdout-5.jsonl', [
  'test/fixtures/nlu-eval.jsonl',
  'test/fixtures/nlu-holdout.jsonl',
  'test/fixtures/nlu-holdout-3.jsonl',
  'test/fixtures/nlu-holdout-4.jsonl',
]);
