import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp } from '../../../server/app.ts';
import { FailedLoginLimiter } from '../../../server/security/auth-limiter.ts';
import { restRouteResolver } from '../../../server/security/route-table.ts';
import type { Services } from '../../../server/services.ts';
import { ManualClock } from '../../../tools/common/clock.ts';
import { FakeAuthorizer, FakeIam } from '../../support/fake-iam.ts';
import { scriptedModel } from '../../support/mock-model.ts';
import { createTestServices } from '../../support/test-services.ts';

/** An in-process app over test services with a fake IAM store (and authorizer), on the given environment. */
function setup(env: Record<string, string> = {}, options: { users?: boolean; authorizer?: FakeAuthorizer } = {}) {
  const services = createTestServices(scriptedModel([{ text: 'x' }]), env);
  const iam = new FakeIam();
  const alice = options.users === false ? null : iam.addUser('alice', { groups: ['tuners'] });
  // The fake store and an authorizer that allows (or the test's): the real ones have their own tests.
  Object.assign(services, { iam, authorizer: options.authorizer ?? new FakeAuthorizer() });
  const clock = new ManualClock(1_000_000);
  const { app } = createApp({ services: services as Services, tools: {}, loginLimiter: new FailedLoginLimiter({ now: () => clock.now() }) });
  return { app, iam, token: alice?.token ?? '', clock, services };
}

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;
const login = (token: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
/** The `name=value` part of a Set-Cookie header. */
const cookiePair = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

describe('authentication of REST calls and pages (a user exists on loopback: auth auto → on)', () => {
  test('GET /api/sessions: no token → 401, bearer → 200, wrong token → 401', async () => {
    const { app, token } = setup();
    const none = await app.request('/api/sessions');
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="tunechat"');
    const error = await errorOf(none);
    assert.equal(error.code, 'unauthenticated');
    assert.match(error.message, /Authorization: Bearer <token>.*\/login/);
    assert.equal((await app.request('/api/sessions', { headers: { authorization: `Bearer ${token}` } })).status, 200);
    const wrong = await app.request('/api/sessions', { headers: { authorization: `Bearer ${token.slice(0, -1)}x` } });
    assert.equal(wrong.status, 401);
    assert.match((await errorOf(wrong)).message, /bearer token is not valid/);
    const basic = await app.request('/api/sessions', { headers: { authorization: `Basic ${Buffer.from(`alice:${token}`).toString('base64')}` } });
    assert.equal(basic.status, 401);
    assert.match((await errorOf(basic)).message, /must be "Bearer <token>"/);
  });

  test('pages redirect to /login (coming back afterwards); the login page and health are public; metrics follow auth', async () => {
    const { app, token } = setup();
    for (const path of ['/', '/s/abc', '/replay/abc']) {
      const res = await app.request(path, { headers: { accept: 'text/html' } });
      assert.equal(res.status, 302, path);
      assert.equal(res.headers.get('location'), `/login?next=${encodeURIComponent(path)}`);
    }
    assert.equal((await app.request('/app.js')).status, 401, 'the app bundle needs a login too');
    const page = await app.request('/login');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<input id="token"[^>]*type="password"/);
    assert.match(html, /<script type="module" src="\/login\.js"><\/script>/);
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'no inline script');
    assert.equal((await app.request('/login.css')).status, 200);
    assert.equal((await app.request('/healthz')).status, 200);
    assert.equal((await app.request('/metrics')).status, 401);
    assert.equal((await app.request('/metrics', { headers: { authorization: `Bearer ${token}` } })).status, 200);
    assert.equal((await setup({ TUNECHAT_METRICS_PUBLIC: '1' }).app.request('/metrics')).status, 200, 'TUNECHAT_METRICS_PUBLIC=1 opens it for a scraper');
  });

  test('login sets an HttpOnly, SameSite=Strict cookie that authenticates; logout clears it; /api/me says who', async () => {
    const { app, token } = setup();
    const res = await app.request('/api/login', login(token));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { user: { name: 'alice', arn: 'tunechat:user/alice', groups: ['tuners'] } });
    const setCookie = res.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^tunechat_token=[^;]+; Max-Age=604800; Path=\/; HttpOnly; SameSite=Strict$/);
    assert.doesNotMatch(setCookie, /Secure/, 'http public URL: not Secure (the browser would drop it)');
    const cookie = cookiePair(res);
    assert.equal((await app.request('/api/sessions', { headers: { cookie } })).status, 200);
    const me = await app.request('/api/me', { headers: { cookie } });
    assert.deepEqual(await me.json(), { principal: { type: 'user', name: 'alice', arn: 'tunechat:user/alice', groups: ['tuners'] }, via: 'cookie', authRequired: true });

    const out = await app.request('/api/logout', { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
    assert.equal(out.status, 200);
    assert.match(out.headers.get('set-cookie') ?? '', /^tunechat_token=; Max-Age=0; .*HttpOnly; SameSite=Strict/);
  });

  test('on an https public URL the cookie is Secure', async () => {
    const { app, token } = setup({ TUNECHAT_PUBLIC_URL: 'https://tunechat.example.com' });
    const res = await app.request('/api/login', login(token));
    assert.match(res.headers.get('set-cookie') ?? '', /; Secure/);
  });

  test('a wrong token does not log in; a form post (not JSON) is refused before it is read', async () => {
    const { app, token } = setup();
    const wrong = await app.request('/api/login', login('tct_nope'));
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('set-cookie'), null);
    const form = await app.request('/api/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}` });
    assert.equal(form.status, 400);
    assert.equal(form.headers.get('set-cookie'), null);
  });

  test('a stale cookie (token rotated or user removed) is 401 and cleared, so the browser stops sending it', async () => {
    const { app } = setup();
    const res = await app.request('/api/sessions', { headers: { cookie: 'tunechat_token=tct_0000000000000009_old' } });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('set-cookie') ?? '', /^tunechat_token=; Max-Age=0/);
  });

  test('loopback without users: today\'s experience (no login, the operator)', async () => {
    const { app } = setup({}, { users: false });
    assert.equal((await app.request('/api/sessions')).status, 200);
    assert.equal((await app.request('/', { headers: { accept: 'text/html' } })).status, 200);
    assert.deepEqual(await (await app.request('/api/me')).json(), { principal: { type: 'operator', name: 'operator', arn: 'tunechat:operator', groups: [] }, via: 'none', authRequired: false });
  });

  test('TUNECHAT_AUTH=on without users: nobody gets in (fail closed); =off with users: everyone is the operator', async () => {
    assert.equal((await setup({ TUNECHAT_AUTH: 'on' }, { users: false }).app.request('/api/sessions')).status, 401);
    assert.equal((await setup({ TUNECHAT_AUTH: 'off' }).app.request('/api/sessions')).status, 200);
  });
});

describe('attack: guessing tokens (login brute force)', () => {
  test('after 10 failures in a minute, the 11th attempt is 429 even with the right token; a minute later it works', async () => {
    const { app, token, clock } = setup();
    for (let i = 0; i < 10; i++) assert.equal((await app.request('/api/login', login(`tct_guess_${i}`))).status, 401, `guess ${i + 1}`);
    const blocked = await app.request('/api/login', login(token));
    assert.equal(blocked.status, 429);
    assert.equal(blocked.headers.get('retry-after'), '60');
    const error = await errorOf(blocked);
    assert.equal(error.code, 'busy');
    assert.match(error.message, /too many failed logins from this address \(10 within 60 s\); try again in 60 s/);
    assert.equal(blocked.headers.get('set-cookie'), null);
    // Bearer guesses are limited by the same counter (a token can be guessed through any route).
    assert.equal((await app.request('/api/sessions', { headers: { authorization: `Bearer ${token}` } })).status, 429);
    clock.advance(60_000);
    assert.equal((await app.request('/api/login', login(token))).status, 200);
  });

  test('bearer guesses on an API route count too', async () => {
    const { app, token } = setup();
    for (let i = 0; i < 10; i++) assert.equal((await app.request('/api/sessions', { headers: { authorization: `Bearer tct_guess_${i}` } })).status, 401);
    assert.equal((await app.request('/api/login', login(token))).status, 429);
  });
});

describe('REST authorization (every non-public route asks the authorizer)', () => {
  test('a denial is 403 access_denied with the reason; allowed calls carry the principal, origin and call', async () => {
    const authorizer = new FakeAuthorizer((_principal, call) => call.action === 'sessions:Delete');
    const { app, token } = setup({}, { authorizer });
    const bearer = { authorization: `Bearer ${token}` };
    assert.equal((await app.request('/api/sessions', { headers: bearer })).status, 200);
    assert.deepEqual(authorizer.calls.map((c) => [c.principal.arn, c.origin.source, c.call.action, c.call.resource]), [['tunechat:user/alice', 'api', 'sessions:List', '*']]);
    const denied = await app.request('/api/sessions/s-1', { method: 'DELETE', headers: { ...bearer, 'content-type': 'application/json' } });
    assert.equal(denied.status, 403);
    const error = await errorOf(denied);
    assert.equal(error.code, 'access_denied');
    assert.match(error.message, /tunechat:user\/alice may not perform sessions:Delete on tunechat:session\/s-1/);
    assert.equal(authorizer.calls.length, 2);
    // Public paths and /api/me perform no action: not asked.
    await app.request('/healthz');
    await app.request('/api/me', { headers: bearer });
    assert.equal(authorizer.calls.length, 2);
  });

  test('opening the websocket is an action too (sessions:Connect): denied → the upgrade is refused with 403', async () => {
    const authorizer = new FakeAuthorizer((_principal, call) => call.action === 'sessions:Connect');
    const { app, token } = setup({}, { authorizer });
    const res = await app.request('/ws', { headers: { upgrade: 'websocket', connection: 'Upgrade', authorization: `Bearer ${token}` } });
    assert.equal(res.status, 403);
    assert.equal((await errorOf(res)).code, 'access_denied');
    assert.deepEqual(authorizer.calls.map((c) => c.call.action), ['sessions:Connect']);
  });

  test('with authentication off the operator is still authorized (and so audited)', async () => {
    const authorizer = new FakeAuthorizer();
    const { app } = setup({}, { users: false, authorizer });
    await app.request('/api/studies');
    assert.deepEqual(authorizer.calls.map((c) => [c.principal.arn, c.origin.source, c.call.action]), [['tunechat:operator', 'web', 'optimizer:ListStudies']]);
  });

  test('the catalog\'s routes resolve from real paths (literal before parameterized, percent-decoded ids)', () => {
    const resolve = restRouteResolver();
    assert.deepEqual(resolve('POST', '/api/sessions/import'), { action: 'sessions:Import', resource: '*', context: {} });
    assert.deepEqual(resolve('DELETE', '/api/sessions/s%2D1'), { action: 'sessions:Delete', resource: 'tunechat:session/s-1', context: {} });
    assert.equal(resolve('GET', '/api/sessions/s-1/share')?.action, 'sessions:Share');
    assert.equal(resolve('POST', '/api/studies/st-1/stop')?.resource, 'tunechat:study/st-1');
    assert.equal(resolve('GET', '/replay/s-1/data'), null, 'share links perform no action');
    assert.equal(resolve('GET', '/api/me'), null);
  });
});
