import { describeHeldOutSet } from './support/held-out-set-checks.ts';

/** The third held-out set (test/fixtures/nlu-holdout-3.jsonl), written blind during issue 14. */
describeHeldOutSet('NLU held-out set 3 (written blind)', 'test/fixtures/nlu-holdout-3.jsonl', ['test/fixtures/nlu-eval.jsonl', 'test/fixtures/nlu-holdout.jsonl']);
