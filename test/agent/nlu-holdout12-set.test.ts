import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 12 (test/fixtures/nlu-holdout-12.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(12);
