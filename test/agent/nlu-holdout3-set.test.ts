import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 3 (test/fixtures/nlu-holdout-3.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(3);
