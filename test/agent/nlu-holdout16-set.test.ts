import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 16 (test/fixtures/nlu-holdout-16.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(16);
