import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 10 (test/fixtures/nlu-holdout-10.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(10);
