import { describeBlindSet } from './support/held-out-set-checks.ts';

/** Held-out set 14 (test/fixtures/nlu-holdout-14.jsonl), written blind: see docs/agent.md for when it was measured. */
describeBlindSet(14);
