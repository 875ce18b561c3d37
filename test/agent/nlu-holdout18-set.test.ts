import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 18 (test/fixtures/nlu-holdout-18.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(18);
