import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { relativeTime, toEpochMs } from '../../web/relative-time.ts';

const NOW = Date.UTC(2026, 2, 15, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('relativeTime', () => {
  test('steps: just now, minutes, hours, yesterday, days, then a date', () => {
    const cases: [number, string][] = [
      [0, 'just now'],
      [59_999, 'just now'],
      [MIN, '1 min ago'],
      [5 * MIN + 30_000, '5 min ago'],
      [59 * MIN, '59 min ago'],
      [HOUR, '1 h ago'],
      [2 * HOUR + 59 * MIN, '2 h ago'],
      [23 * HOUR, '23 h ago'],
      [DAY, 'yesterday'],
      [2 * DAY - 1, 'yesterday'],
      [2 * DAY, '2 d ago'],
      [3 * DAY + HOUR, '3 d ago'],
      [6 * DAY, '6 d ago'],
      [7 * DAY, 'Mar 8'],
    ];
    for (const [ago, expected] of cases) assert.equal(relativeTime(NOW - ago, NOW, { timeZone: 'UTC' }), expected, `${ago} ms ago`);
  });

  test('a date in another year carries the year; a future time (clock skew) reads just now', () => {
    assert.equal(relativeTime(Date.UTC(2025, 11, 24, 9), NOW, { timeZone: 'UTC' }), 'Dec 24, 2025');
    assert.equal(relativeTime(NOW + 5 * MIN, NOW), 'just now');
    assert.equal(relativeTime(Number.NaN, NOW), '');
  });

  test('toEpochMs reads numbers and ISO strings', () => {
    assert.equal(toEpochMs(NOW), NOW);
    assert.equal(toEpochMs('2026-03-15T12:00:00Z'), NOW);
    assert.ok(Number.isNaN(toEpochMs('not a date')));
  });
});
