import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { disconnectedText } from '../../web/connection-banner.ts';

describe('disconnectedText', () => {
  test('no banner while connected or during the first connect', () => {
    assert.equal(disconnectedText({ state: 'open', reconnectAttempt: 0, retryAt: null }, 0), null);
    assert.equal(disconnectedText({ state: 'connecting', reconnectAttempt: 0, retryAt: null }, 0), null);
  });

  test('a countdown to the next attempt, rounded up to whole seconds, then the attempt in progress', () => {
    assert.equal(disconnectedText({ state: 'closed', reconnectAttempt: 2, retryAt: 10_000 }, 7_200), 'Disconnected — reconnecting in 3 s… (attempt 2)');
    assert.equal(disconnectedText({ state: 'closed', reconnectAttempt: 1, retryAt: 10_000 }, 10_500), 'Disconnected — reconnecting in 1 s… (attempt 1)');
    assert.equal(disconnectedText({ state: 'connecting', reconnectAttempt: 3, retryAt: null }, 0), 'Disconnected — reconnecting… (attempt 3)');
  });
});
