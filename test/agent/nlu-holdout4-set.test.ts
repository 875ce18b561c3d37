import { describeHeldOutSet } from './support/held-out-set-checks.ts';

/** The fourth held-out set (test/fixtures/nlu-holdout-4.jsonl), written blind during issue 13's last round; sealed. */
describeHeldOutSet('NLU held-out set 4 (sealed, written blind)', 'test/fixtures/nlu-holdout-4.jsonl', [
  'test/fixtures/nlu-eval.jsonl',
  'test/fixtures/nlu-holdout.jsonl',
  'test/fixtures/nlu-holdout-3.jsonl',
]);
