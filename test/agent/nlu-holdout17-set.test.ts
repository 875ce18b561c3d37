import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 17 (test/fixtures/nlu-holdout-17.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(17);
