import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 6 (test/fixtures/nlu-holdout-6.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(6);
