import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChatStore } from '../../db/chat-store.ts';
import { ShareStore } from '../../db/share-store.ts';
import { TurnHub } from '../../server/chat/turn-hub.ts';
import type { Services } from '../../server/services.ts';
import type { Requester } from '../../tools/common/requester.ts';
import { FakeAuthorizer, FakeIam } from '../support/fake-iam.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { rawRequest } from '../support/raw-request.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';
import { WsTestClient } from '../support/ws-client.ts';

/** The real app on 127.0.0.1:0 with one user (alice, group tuners): authentication is on (auto: a user exists). */
async function startWithUser(): Promise<{ server: TestServer; token: string; cookie: string }> {
  const services = createTestServices(scriptedModel([{ text: 'hello' }]));
  const iam = new FakeIam();
  const { token } = iam.addUser('alice', { groups: ['tuners'], tags: { team: 'ml' } });
  Object.assign(services, { iam, authorizer: new FakeAuthorizer() });
  const server = await startTestServer(services as Services, { tools: {} });
  const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  assert.equal(res.status, 200);
  return { server, token, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
}

describe('attack: opening the chat websocket (which runs tools) without logging in', () => {
  let server: TestServer;
  let token: string;
  let cookie: string;
  const started: Requester[] = [];
  const original = TurnHub.prototype.start;
  before(async () => {
    ({ server, token, cookie } = await startWithUser());
    // Records the requester of every turn the sockets start (then starts it as usual).
    TurnHub.prototype.start = function (this: TurnHub, input, listener) {
      if (input.requester) started.push(input.requester);
      return original.call(this, input, listener);
    };
  });
  after(async () => {
    TurnHub.prototype.start = original;
    await server.close();
  });

  test('without credentials the upgrade is refused (401); a wrong cookie too', async () => {
    const origin = new URL(server.url).origin;
    await assert.rejects(WsTestClient.connect(server.wsUrl, { origin }), /HTTP 401/);
    await assert.rejects(WsTestClient.connect(server.wsUrl, { origin, cookie: 'tunechat_token=tct_0000000000000001_forged' }), /HTTP 401/);
  });

  test('with the login cookie it opens, and its turns run as alice (principal and source IP on the requester)', async () => {
    const client = await WsTestClient.connect(server.wsUrl, { origin: new URL(server.url).origin, cookie });
    try {
      client.send({ type: 'send', requestId: 'r1', id: null, text: 'hello' });
      await client.waitForEnd('r1', 20_000);
    } finally {
      await client.close();
    }
    const requester = started.at(-1)!;
    assert.equal(requester.source, 'web');
    assert.equal(requester.commands, true, 'typed commands are the policy\'s decision for users');
    assert.deepEqual(requester.principal, { type: 'user', name: 'alice', arn: 'tunechat:user/alice', groups: ['tuners'], tags: { team: 'ml' } });
    assert.equal(requester.sourceIp, '127.0.0.1');
  });

  test('a bearer token opens it too (API clients)', async () => {
    const client = await WsTestClient.connect(server.wsUrl, { authorization: `Bearer ${token}` });
    await client.close();
  });

  test('cross-site websocket hijacking: a valid cookie sent from another Origin is refused (403)', async () => {
    await assert.rejects(WsTestClient.connect(server.wsUrl, { origin: 'https://evil.example', cookie }), /HTTP 403/);
    const port = new URL(server.url).port;
    // DNS rebinding with the cookie: refused by Host before credentials are looked at.
    await assert.rejects(WsTestClient.connect(server.wsUrl, { host: `evil.example:${port}`, origin: `http://evil.example:${port}`, cookie }), /HTTP 403/);
  });
});

describe('attack: a share link used to reach other sessions or to write', () => {
  let server: TestServer;
  let cookie: string;
  let shared: string;
  let other: string;
  let token: string;
  before(async () => {
    ({ server, cookie } = await startWithUser());
    const chats = new ChatStore(server.services.db, () => 0);
    shared = chats.createSession({ title: 'shared one' }).id;
    other = chats.createSession({ title: 'private one' }).id;
    token = new ShareStore(server.services.db).enable(shared, 0).token;
  });
  after(() => server.close());

  test('the shared session is readable without a login', async () => {
    const page = await fetch(`${server.url}/replay/${shared}?token=${token}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /replay/i);
    const data = await fetch(`${server.url}/replay/${shared}/data?token=${token}`);
    assert.equal(data.status, 200);
    assert.equal(((await data.json()) as { session: { title: string } }).session.title, 'shared one');
    assert.equal((await fetch(`${server.url}/replay-assets/replay.css`)).status, 200);
  });

  test('its token opens no other session, no study of another session, and no API', async () => {
    assert.equal((await fetch(`${server.url}/replay/${other}/data?token=${token}`)).status, 404);
    assert.equal((await fetch(`${server.url}/replay/${other}?token=${token}`)).status, 404);
    assert.equal((await fetch(`${server.url}/replay/${shared}/charts/st-of-another-session/history.png?token=${token}`)).status, 404);
    for (const path of [`/api/sessions/${other}`, `/api/sessions/${shared}/messages?token=${token}`, `/api/sessions/${shared}/export?token=${token}`]) {
      assert.equal((await fetch(`${server.url}${path}`)).status, 401, path);
    }
    // Encoded dot segments stay inside the share route (its id is then not a shared session).
    for (const path of ['/replay/..%2F..%2Fapi%2Fsessions/data', `/replay/${shared}%2F..%2F${other}/data`, '/replay/%2e%2e/%2e%2e/api/sessions/data']) {
      const res = await fetch(`${server.url}${path}?token=${token}`);
      assert.ok([400, 401, 404].includes(res.status), `${path}: ${res.status}`);
      assert.doesNotMatch(await res.text(), /private one|"sessions"/, path);
    }
    // Without a token, /replay/:id is the web UI's own replay: it needs a login.
    const local = await rawRequest(`${server.url}/replay/${other}`, { headers: { host: new URL(server.url).host, accept: 'text/html' } });
    assert.equal(local.status, 302);
    assert.equal(local.headers.location, `/login?next=${encodeURIComponent(`/replay/${other}`)}`);
  });

  test('nothing can be written with it: sharing, renaming, deleting and importing need a login', async () => {
    const json = { 'content-type': 'application/json' };
    const writes: [string, string][] = [
      ['POST', `/api/sessions/${other}/share?token=${token}`],
      ['DELETE', `/api/sessions/${shared}/share?token=${token}`],
      ['PATCH', `/api/sessions/${shared}?token=${token}`],
      ['DELETE', `/api/sessions/${shared}?token=${token}`],
      ['POST', '/api/sessions/import'],
      ['POST', `/replay/${shared}/data?token=${token}`],
      ['DELETE', `/replay/${shared}?token=${token}`],
    ];
    for (const [method, path] of writes) {
      const res = await fetch(`${server.url}${path}`, { method, headers: json, body: method === 'DELETE' ? null : '{"title":"pwned"}' });
      assert.equal(res.status, 401, `${method} ${path}`);
    }
    const chats = new ChatStore(server.services.db, () => 0);
    assert.equal(chats.getSession(shared)?.title, 'shared one');
    assert.equal(new ShareStore(server.services.db).get(other), null);
    // The owner, logged in, still can.
    assert.equal((await fetch(`${server.url}/api/sessions/${shared}`, { headers: { cookie } })).status, 200);
  });
});
