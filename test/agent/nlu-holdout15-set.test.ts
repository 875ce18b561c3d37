import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 15 (test/fixtures/nlu-holdout-15.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(15);
