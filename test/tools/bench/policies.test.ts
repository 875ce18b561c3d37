import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ToolError } from '../../../tools/common/errors.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    assert.ok(ToolError.isInstance(error));
    return `${error.code}: ${error.message}`;
  }
};

// The host policy (tools/common/host-policy.ts) is covered by test/tools/host-policy-contract.test.ts, which runs
// the same cases against every entry point.
