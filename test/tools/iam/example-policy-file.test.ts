import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { EXAMPLE_POLICY } from '../../../tools/iam/catalog-docs.ts';

test('examples/iam/tuners-policy.json (the README and docs/iam.md walkthrough) is the documented example policy', () => {
  const file = JSON.parse(readFileSync(new URL('../../../examples/iam/tuners-policy.json', import.meta.url), 'utf8')) as unknown;
  assert.deepEqual(file, EXAMPLE_POLICY);
});
