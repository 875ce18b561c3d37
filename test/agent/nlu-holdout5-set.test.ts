import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 5 (test/fixtures/nlu-holdout-5.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(5);
