import { describeHeldOutSet } from './support/held-out-set-checks.ts';

/** The seventh held-out set (test/fixtures/nlu-holdout-7.jsonl), written blind after set 6's first measurement; sealed. */
describeHeldOutSet('NLU held-out set 7 (sealed, written blind)', 'test/fixtures/nlu-holdout-7.jsonl', [
  'test/fixtures/nlu-eval.jsonl',
  'test/fixtures/nlu-holdout.jsonl',
  'test/fixtures/nlu-holdout-3.jsonl',
  'test/fixtures/nlu-holdout-4.jsonl',
  'test/fixtures/nlu-holdout-5.jsonl',
  'test/fixtures/nlu-holdout-6.jsonl',
]);
