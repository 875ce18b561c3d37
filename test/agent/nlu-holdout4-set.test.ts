import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 4 (test/fixtures/nlu-holdout-4.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(4);
