import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FailedLoginLimiter } from '../../../server/security/auth-limiter.ts';
import { ManualClock } from '../../../tools/common/clock.ts';

test('failed logins: the 11th within a minute waits until the oldest failure leaves the window; addresses are separate', () => {
  const clock = new ManualClock(1_000_000);
  const limiter = new FailedLoginLimiter({ now: () => clock.now() });
  for (let i = 0; i < 10; i++) {
    assert.equal(limiter.retryAfterMs('10.0.0.1'), 0, `attempt ${i + 1}`);
    limiter.fail('10.0.0.1');
    clock.advance(1000);
  }
  // Failures at t0 … t0+9 s; now t0+10 s: blocked until t0+60 s.
  assert.equal(limiter.retryAfterMs('10.0.0.1'), 50_000);
  assert.equal(limiter.retryAfterMs('10.0.0.2'), 0);
  clock.advance(50_000);
  assert.equal(limiter.retryAfterMs('10.0.0.1'), 0, 'the first failure left the window');
  limiter.fail('10.0.0.1');
  assert.equal(limiter.retryAfterMs('10.0.0.1'), 1000, 'the window slides: blocked again until the next-oldest leaves');
});

test('the number of tracked addresses is bounded (the stalest is forgotten)', () => {
  const clock = new ManualClock(0);
  const limiter = new FailedLoginLimiter({ now: () => clock.now(), max: 2, maxClients: 3 });
  for (const ip of ['a', 'b', 'c', 'd']) {
    limiter.fail(ip);
    limiter.fail(ip);
  }
  assert.equal(limiter.trackedClients, 3);
  assert.equal(limiter.retryAfterMs('a'), 0, 'a was forgotten');
  assert.ok(limiter.retryAfterMs('d') > 0);
});
