import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 11 (test/fixtures/nlu-holdout-11.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(11);
