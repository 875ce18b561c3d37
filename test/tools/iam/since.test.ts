import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSince } from '../../../tools/iam/since.ts';

const NOW = Date.UTC(2026, 11, 3, 12, 30);

test('spans back from now, in letters or words', () => {
  assert.equal(parseSince('1h', NOW), NOW - 3_600_000);
  assert.equal(parseSince('30m', NOW), NOW - 1_800_000);
  assert.equal(parseSince('90 minutes', NOW), NOW - 5_400_000);
  assert.equal(parseSince('2d', NOW), NOW - 2 * 86_400_000);
  assert.equal(parseSince('45s', NOW), NOW - 45_000);
});

test('today and yesterday start at 00:00 UTC; ISO 8601 times are taken as they are', () => {
  assert.equal(parseSince('today', NOW), Date.UTC(2026, 11, 3));
  assert.equal(parseSince('Yesterday', NOW), Date.UTC(2026, 11, 2));
  assert.equal(parseSince('2026-12-01T08:00:00Z', NOW), Date.UTC(2026, 11, 1, 8));
});

test('anything else is invalid_argument naming the field and the forms', () => {
  for (const bad of ['last tuesday', '0h', '-1h', '1 fortnight', '2026-13-45']) {
    assert.throws(() => parseSince(bad, NOW), (error: Error & { code?: string; details?: { parameter?: string } }) => {
      assert.equal(error.code, 'invalid_argument', bad);
      assert.equal(error.details?.parameter, 'since');
      assert.match(error.message, /"1h", "30m", "2d"\), "today" or an ISO 8601 time/);
      return true;
    });
  }
});
