import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { signedHeaders, SlackStub } from '../slack/support/slack-stub.ts';

// Security issue "Close the holes…": a Slack token that Slack rejects (invalid_auth), or a Slack API or websocket
// that cannot be reached, used to kill the whole server: Bolt ran auth.test in its constructor and nothing awaited
// it, so the rejection surfaced as an unhandled rejection (at once for invalid_auth, 7–22 s later after the Web
// API client's retries for an unreachable API); Socket Mode's reconnect loop did the same, and startServer never
// returned while the websocket was unreachable. Now the bridge stays off (events get 503) and the server lives.

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(import.meta.resolve('tsx'));
const SECRET = 'startup-secret';
const dir = mkdtempSync(join(tmpdir(), 'tunechat-slack-startup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Unhandled rejections and uncaught exceptions in this process (the in-process tests run the server here). */
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);
process.on('unhandledRejection', onEscape);
process.on('uncaughtException', onEscape);
after(() => {
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
});

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function mention(eventId: string): string {
  return JSON.stringify({
    type: 'event_callback', team_id: 'T1', event_id: eventId,
    event: { type: 'app_mention', user: 'U1', team: 'T1', channel: 'C1', ts: `${Date.now() / 1000}`, text: '<@UBOT> what targets can I tune?' },
  });
}

function postEvent(url: string, body: string): Promise<Response> {
  return fetch(`${url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(SECRET, body) }, body });
}

async function health(url: string): Promise<{ ok: boolean; slack?: { mode: string; state: string; error: string | null; attempts: number } }> {
  const res = await fetch(`${url}/healthz`);
  assert.equal(res.status, 200);
  return (await res.json()) as never;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, context: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}\n${context()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A 127.0.0.1 port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Child {
  url: string;
  process: ChildProcess;
  output(): string;
  exited(): { code: number | null; signal: NodeJS.Signals | null } | null;
}

/** `node --import tsx server/main.ts` (what `npm start` runs) with Slack in HTTP mode, until it says where it listens. */
async function startChild(name: string, apiUrl: string): Promise<Child> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME, TUNECHAT_DB: join(dir, `${name}.db`), HOST: '127.0.0.1', PORT: '0',
    SLACK_BOT_TOKEN: 'xoxb-startup', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl,
  };
  const child = spawn(process.execPath, ['--import', TSX, join(REPO, 'server/main.ts')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const closed = new Promise<void>((resolve) => child.once('exit', (code, signal) => resolve(void (exit = { code, signal }))));
  cleanups.push(async () => {
    if (exit) return;
    child.kill('SIGKILL');
    await closed;
  });
  let url = '';
  await until('the child to listen', () => {
    assert.equal(exit, null, `the server exited during start-up (${JSON.stringify(exit)}):\n${output}`);
    url = /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? '';
    return url !== '';
  }, 30_000, () => output);
  return { url, process: child, output: () => output, exited: () => exit };
}

/** SIGTERM → clean shutdown, exit code 0. */
async function stopChild(child: Child): Promise<void> {
  child.process.kill('SIGTERM');
  await until('the child to exit', () => child.exited() !== null, 15_000, child.output);
  assert.deepEqual(child.exited(), { code: 0, signal: null }, child.output());
}

/** Every request a live server should still answer, with the bridge off: health, the web UI, and 503 for Slack events. */
async function assertServesWithSlackOff(url: string, state: string, reason: RegExp): Promise<void> {
  assert.equal((await fetch(`${url}/`)).status, 200, 'the web UI is served');
  const res = await postEvent(url, mention(`Ev-${Math.random()}`));
  assert.equal(res.status, 503, 'an authentic Slack event is refused while the bridge is off');
  const body = (await res.json()) as { error: string; state: string; message: string };
  assert.equal(body.error, 'slack_unavailable');
  assert.equal(body.state, state);
  assert.match(body.message, reason);
  // A forged request still gets 401, not a hint about the bridge's state.
  assert.equal((await fetch(`${url}/slack/events`, { method: 'POST', body: mention('Ev-forged') })).status, 401);
}

describe('Slack start-up failures never take the server down (real start path)', () => {
  test('invalid_auth: `npm start` logs why and how to fix it, stays up, serves /healthz and /, answers Slack events 503, never retries', async () => {
    const stub = await SlackStub.start();
    cleanups.push(() => stub.close());
    stub.fail('auth.test', { error: 'invalid_auth' }, { error: 'invalid_auth' }, { error: 'invalid_auth' });
    const child = await startChild('invalid-auth', stub.url);
    await until('the log line', () => {
      assert.equal(child.exited(), null, `the server died:\n${child.output()}`);
      return /Slack bridge off/.test(child.output());
    }, 10_000, child.output);
    // Before, the process died as soon as auth.test answered; give it far longer than that.
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(child.exited(), null, `the server died:\n${child.output()}`);
    assert.match(child.output(), /Slack bridge off: Slack rejected SLACK_BOT_TOKEN \(auth\.test: invalid_auth\)\. Fix: set SLACK_BOT_TOKEN to the app's Bot User OAuth Token \(xoxb-…/);
    assert.equal(child.output().match(/Slack bridge off/g)?.length, 1, 'one line, not one per attempt');
    assert.doesNotMatch(child.output(), /xoxb-startup/, 'the token itself is never logged');
    assert.deepEqual((await health(child.url)).slack, { mode: 'http', state: 'off', error: 'invalid_auth', attempts: 1 });
    await assertServesWithSlackOff(child.url, 'off', /SLACK_BOT_TOKEN \(auth\.test: invalid_auth\)/);
    assert.equal(stub.of('auth.test').length, 1, 'a permanent failure is not retried');
    assert.deepEqual(stub.calls.filter((c) => c.method !== 'auth.test'), [], 'nothing else went to Slack');
    await stopChild(child);
  });

  test('unreachable Slack API: `npm start` keeps retrying in the background with backoff, stays up, answers Slack events 503', async () => {
    const child = await startChild('unreachable', `http://127.0.0.1:${await closedPort()}/api/`);
    // Attempts at 0, 1 and 3 s (backoff 1 s, 2 s); the old code died once the Web API client gave up.
    await until('a third attempt', async () => ((await health(child.url)).slack?.attempts ?? 0) >= 3, 15_000, child.output);
    assert.equal(child.exited(), null, `the server died:\n${child.output()}`);
    const slack = (await health(child.url)).slack!;
    assert.equal(slack.state, 'retrying');
    assert.equal(slack.error, 'ECONNREFUSED');
    assert.match(child.output(), /Slack bridge not connected: auth\.test failed \(ECONNREFUSED: fetch failed\); retry 1 in 1 s, the Slack bridge is off until then; check that tunechat can reach http:\/\/127\.0\.0\.1:\d+\/api\//);
    assert.equal(child.output().match(/Slack bridge not connected/g)?.length, 1, 'the same failure again is not logged again');
    await assertServesWithSlackOff(child.url, 'retrying', /auth\.test failed \(ECONNREFUSED/);
    await stopChild(child);
  });

  test('an outage (HTTP 503, then a rate limit) at start-up: events get 503 meanwhile, and the bridge comes up when Slack answers', async () => {
    const stub = await SlackStub.start();
    cleanups.push(() => stub.close());
    stub.fail('auth.test', { status: 503 }, { rateLimitSeconds: 1 });
    const server = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', TUNECHAT_DB: join(dir, 'outage.db'), SLACK_BOT_TOKEN: 'xoxb-outage', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: stub.url }));
    cleanups.push(() => server.stop());
    assert.deepEqual((await health(server.url)).slack, { mode: 'http', state: 'retrying', error: 'http_503', attempts: 1 });
    await assertServesWithSlackOff(server.url, 'retrying', /auth\.test failed \(http_503/);
    // Retry after 1 s meets the rate limit (Retry-After 1 s, backoff 2 s), the next one succeeds.
    await until('the bridge to come up', async () => (await health(server.url)).slack?.state === 'up', 10_000);
    assert.deepEqual((await health(server.url)).slack, { mode: 'http', state: 'up', error: null, attempts: 3 });
    const auth = stub.of('auth.test');
    assert.equal(auth.length, 3);
    assert.ok(auth[2]!.at - auth[1]!.at >= 1000, 'the rate limit was honoured');
    const res = await postEvent(server.url, mention('Ev-after-outage'));
    assert.equal(res.status, 200);
    await until('the reply', () => stub.of('chat.stopStream').length > 0, 20_000);
    assert.match(stub.calls.map((c) => c.args.markdown_text ?? '').join(''), /list_targets/);
    assert.deepEqual(escaped, []);
  });

  test('Socket Mode with an unreachable websocket: startServer returns, the bridge retries without crashing, stop() is clean', async () => {
    const stub = await SlackStub.start();
    cleanups.push(() => stub.close());
    stub.socketUrl = `ws://127.0.0.1:${await closedPort()}/`;
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', TUNECHAT_DB: join(dir, 'socket.db'), SLACK_BOT_TOKEN: 'xoxb-sm', SLACK_APP_TOKEN: 'xapp-sm', SLACK_API_URL: stub.url });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const server: RunningServer = await Promise.race([
      startServer(config),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('startServer did not return within 10 s')), 10_000))),
    ]);
    clearTimeout(timer);
    cleanups.push(() => server.stop());
    await until('a third connect attempt', () => stub.of('apps.connections.open').length >= 3, 15_000);
    const slack = (await health(server.url)).slack!;
    assert.equal(slack.mode, 'socket');
    assert.equal(slack.state, 'retrying');
    assert.equal(stub.of('auth.test').length, 1, 'authenticated once; only the websocket is retried');
    assert.equal((await fetch(`${server.url}/`)).status, 200);
    assert.deepEqual(escaped, []);
  });

  test('Socket Mode with a bot token Slack rejects: the websocket is never opened', async () => {
    const stub = await SlackStub.start();
    cleanups.push(() => stub.close());
    stub.fail('auth.test', { error: 'token_revoked' });
    const server = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', TUNECHAT_DB: join(dir, 'socket-off.db'), SLACK_BOT_TOKEN: 'xoxb-sm', SLACK_APP_TOKEN: 'xapp-sm', SLACK_API_URL: stub.url }));
    cleanups.push(() => server.stop());
    assert.deepEqual((await health(server.url)).slack, { mode: 'socket', state: 'off', error: 'token_revoked', attempts: 1 });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(stub.of('apps.connections.open').length, 0);
    assert.deepEqual(escaped, []);
  });
});
