import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 13 (test/fixtures/nlu-holdout-13.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(13);
