import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 7 (test/fixtures/nlu-holdout-7.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(7);
