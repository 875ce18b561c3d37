import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { webApi, type Logger } from '@slack/bolt';
import { classifySlackError } from '../../server/slack/classify-slack-error.ts';
import { backoffMs, SlackLink, type SlackConnection, type SlackIdentity, type SlackLinkDeps } from '../../server/slack/slack-link.ts';

const ID: SlackIdentity = { botUserId: 'UBOT', botId: 'BBOT', teamId: 'T1' };
const refused = () => new webApi.WebAPIRequestError(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
const platform = (error: string) => new webApi.WebAPIPlatformError({ ok: false, error });

/** A clock whose sleeps wait until the test releases them, in order, so every backoff is observed. */
class StepClock {
  readonly slept: number[] = [];
  #pending: { ms: number; resolve: () => void }[] = [];
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#pending.push({ ms, resolve }));
  }
  /** Waits (bounded) for the link to go to sleep, records how long it asked for, and wakes it. */
  async release(): Promise<number> {
    const deadline = Date.now() + 5000;
    while (this.#pending.length === 0) {
      if (Date.now() > deadline) assert.fail('the link never slept');
      await new Promise((r) => setTimeout(r, 1));
    }
    const next = this.#pending.shift()!;
    this.slept.push(next.ms);
    next.resolve();
    return next.ms;
  }
  get sleeping(): number {
    return this.#pending.length;
  }
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (...msg: unknown[]) => void lines.push(`${level} ${msg.join(' ')}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), setLevel() {}, getLevel: () => 'debug' as never, setName() {} };
}

function link(authenticate: () => Promise<SlackIdentity>, extra: Partial<SlackLinkDeps> = {}) {
  const clock = new StepClock();
  const logger = recordingLogger();
  const failures: string[] = [];
  const l = new SlackLink({
    authenticate, apiUrl: 'https://slack.test/api/', clock, logger,
    options: { attemptTimeoutMs: 2000, minBackoffMs: 1000, maxBackoffMs: 5000, factor: 2 },
    onFailure: (f) => failures.push(`${f.method}:${f.error}`),
    ...extra,
  });
  return { link: l, clock, logger, failures };
}

/** authenticate() answering from a script: errors are thrown, `'ok'` succeeds. */
function scripted(script: (Error | 'ok' | 'hang')[]): { fn: () => Promise<SlackIdentity>; calls: () => number } {
  let calls = 0;
  return {
    fn: async () => {
      const next = script[calls++] ?? 'ok';
      if (next === 'ok') return ID;
      if (next === 'hang') return new Promise<never>(() => {});
      throw next;
    },
    calls: () => calls,
  };
}

describe('SlackLink: start-up authentication with retries', () => {
  test('backoff doubles from minBackoffMs and stops growing at maxBackoffMs', () => {
    const o = { minBackoffMs: 1000, maxBackoffMs: 5000, factor: 2 };
    assert.deepEqual([1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, o)), [1000, 2000, 4000, 5000, 5000, 5000]);
  });

  test('transient failures are retried with capped backoff (Retry-After wins when longer), and the link comes up when Slack answers', async () => {
    const auth = scripted([refused(), new webApi.WebAPIHTTPError(503, 'Service Unavailable', {}), new webApi.WebAPIRateLimitedError(30), platform('internal_error'), refused(), refused(), 'ok']);
    const { link: l, clock, logger, failures } = link(auth.fn);
    await l.start(); // resolves after the first attempt's outcome
    assert.equal(l.status().state, 'retrying');
    assert.equal(l.status().error, 'ECONNREFUSED');
    assert.equal(l.identity, null);
    for (let i = 0; i < 6; i++) await clock.release();
    assert.deepEqual(clock.slept, [1000, 2000, 30_000, 5000, 5000, 5000]);
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(l.status(), { state: 'up', error: null, message: null, attempts: 7 });
    assert.deepEqual(l.identity, ID);
    assert.equal(auth.calls(), 7);
    assert.deepEqual(failures, ['auth.test:ECONNREFUSED', 'auth.test:http_503', 'auth.test:ratelimited', 'auth.test:internal_error', 'auth.test:ECONNREFUSED', 'auth.test:ECONNREFUSED']);
    // One error line per distinct failure; the repeated ECONNREFUSED is a debug line.
    const errors = logger.lines.filter((line) => line.startsWith('error'));
    assert.equal(errors.length, 5, logger.lines.join('\n'));
    assert.match(errors[0]!, /auth\.test failed \(ECONNREFUSED: fetch failed\); retry 1 in 1 s.*check that tunechat can reach https:\/\/slack\.test\/api\//);
    assert.match(logger.lines.at(-1)!, /^info Slack bridge up: bot <@UBOT> in team T1 after 6 failed attempt\(s\)$/);
    assert.equal(clock.sleeping, 0);
    await l.stop();
  });

  for (const code of ['invalid_auth', 'account_inactive', 'token_revoked', 'not_authed']) {
    test(`a permanent failure (${code}) turns the link off with one error line naming the fix, and is never retried`, async () => {
      const auth = scripted([platform(code), 'ok']);
      const { link: l, clock, logger, failures } = link(auth.fn);
      await l.start();
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(l.status().state, 'off');
      assert.equal(l.status().error, code);
      assert.match(l.status().message!, new RegExp(`^Slack bridge off: Slack rejected SLACK_BOT_TOKEN \\(auth\\.test: ${code}\\)\\. Fix: .*SLACK_BOT_TOKEN.*restart tunechat`));
      assert.equal(auth.calls(), 1);
      assert.equal(clock.sleeping, 0, 'no retry is scheduled');
      assert.deepEqual(logger.lines, [`error ${l.status().message}`]);
      assert.deepEqual(failures, [`auth.test:${code}`]);
      await l.stop();
      assert.equal(l.status().state, 'stopped');
    });
  }

  test('an attempt that never answers times out and is retried; stop() during the backoff returns at once and ends the retries', async () => {
    const auth = scripted(['hang', 'hang']);
    const { link: l, clock } = link(auth.fn, { options: { attemptTimeoutMs: 30, minBackoffMs: 1000, maxBackoffMs: 5000, factor: 2 } });
    await l.start();
    assert.equal(l.status().state, 'retrying');
    assert.equal(l.status().error, 'timeout');
    assert.match(l.status().message!, /auth\.test did not answer within 30 ms/);
    assert.equal(clock.sleeping, 1);
    await l.stop(); // the sleep is never released: stop must not wait for it
    assert.equal(l.status().state, 'stopped');
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(auth.calls(), 1);
  });

  test('Socket Mode: connects only after auth.test, reopens a dropped connection, and closes a connection that opened after its attempt timed out', async () => {
    const closers: (() => void)[] = [];
    let connects = 0;
    let disconnects = 0;
    let late: (c: SlackConnection) => void = () => {};
    const auth = scripted([platform('fatal_error'), 'ok']);
    const { link: l, clock } = link(auth.fn, {
      options: { attemptTimeoutMs: 50, minBackoffMs: 1000, maxBackoffMs: 5000, factor: 2 },
      connect: async () => {
        connects += 1;
        if (connects === 2) return new Promise<SlackConnection>((resolve) => (late = resolve)); // opens after the time limit
        return { closed: new Promise((resolve) => closers.push(() => resolve(undefined))) };
      },
      disconnect: async () => void (disconnects += 1),
    });
    await l.start();
    assert.equal(connects, 0, 'no websocket before the bot token is authenticated');
    await clock.release();
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(l.status().state, 'up');
    assert.equal(connects, 1);
    closers[0]!(); // Slack dropped the websocket: reconnect at once
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(connects, 2);
    assert.equal(l.status().state, 'retrying');
    assert.equal(l.status().error, 'timeout');
    const disconnectsBefore = disconnects;
    late({ closed: new Promise(() => {}) }); // the abandoned attempt connects after all
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(disconnects, disconnectsBefore + 1, 'the late connection is closed again');
    await clock.release();
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(connects, 3);
    assert.equal(l.status().state, 'up');
    assert.equal(auth.calls(), 2, 'auth.test is not repeated for reconnects');
    await l.stop();
  });
});

describe('classifySlackError', () => {
  test('Slack platform codes, rate limits, HTTP statuses and network errors', () => {
    const pick = (e: unknown) => {
      const c = classifySlackError(e);
      return [c.code, c.permanent, c.retryAfterMs];
    };
    assert.deepEqual(pick(platform('invalid_auth')), ['invalid_auth', true, null]);
    assert.deepEqual(pick(platform('internal_error')), ['internal_error', false, null]);
    assert.deepEqual(pick(new webApi.WebAPIRateLimitedError(7)), ['ratelimited', false, 7000]);
    assert.deepEqual(pick(new webApi.WebAPIHTTPError(502, 'Bad Gateway', {})), ['http_502', false, null]);
    assert.deepEqual(pick(new webApi.WebAPIHTTPError(404, 'Not Found', {})), ['http_404', true, null]);
    assert.deepEqual(pick(refused()), ['ECONNREFUSED', false, null]);
    assert.deepEqual(pick(new webApi.WebAPIRequestError(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))), ['timeout', false, null]);
    assert.deepEqual(pick(undefined), ['connection_failed', false, null]);
  });
});
