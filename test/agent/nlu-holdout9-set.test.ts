import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 9 (test/fixtures/nlu-holdout-9.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(9);
