import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 8 (test/fixtures/nlu-holdout-8.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(8);
