import { describeHeldOutSet } from './support/held-out-set-checks.ts';

/** The eighth held-out set (test/fixtures/nlu-holdout-8.jsonl), written blind after set 7's first measurement; sealed. */
describeHeldOutSet('NLU held-out set 8 (sealed, written blind)', 'test/fixtures/nlu-holdout-8.jsonl', [
  'test/fixtures/nlu-eval.jsonl',
  'test/fixtures/nlu-holdout.jsonl',
  'test/fixtures/nlu-holdout-3.jsonl',
  'test/fixtures/nlu-holdout-4.jsonl',
  'test/fixtures/nlu-holdout-5.jsonl',
  'test/fixtures/nlu-holdout-6.jsonl',
  'test/fixtures/nlu-holdout-7.jsonl',
]);
