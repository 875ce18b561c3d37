import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChatStore } from '../../db/chat-store.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';
import { seedSession } from './support/seed-session.ts';

let server: TestServer;
let sessionId: string;
before(async () => {
  const services = createTestServices(scriptedModel([{ text: 'hi' }]), { TUNECHAT_PUBLIC_URL: 'http://tunechat.example' });
  sessionId = seedSession(services.db);
  server = await startTestServer(services);
});
after(() => server.close());

const json = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) } });
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
};

describe('shared read-only replay', () => {
  test('off by default; enabling gives an unguessable link; disabling kills it', async () => {
    assert.deepEqual((await json(`/api/sessions/${sessionId}/share`)).body, { shared: false });
    assert.equal((await fetch(`${server.url}/replay/${sessionId}/data?token=guess`)).status, 404);

    const on = await json(`/api/sessions/${sessionId}/share`, { method: 'POST' });
    assert.equal(on.status, 201);
    assert.match(on.body.token, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
    assert.equal(on.body.url, `http://tunechat.example/replay/${sessionId}?token=${on.body.token}`);
    const again = await json(`/api/sessions/${sessionId}/share`, { method: 'POST' });
    assert.equal(again.body.token, on.body.token, 'enabling twice keeps the link');

    const page = await fetch(`${server.url}/replay/${sessionId}?token=${on.body.token}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /replay-assets\/replay\.js/);
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.equal((await fetch(`${server.url}/replay-assets/replay.js`)).status, 200);

    const data = await json(`/replay/${sessionId}/data?token=${on.body.token}`);
    assert.equal(data.status, 200);
    assert.equal(data.body.session.title, 'tune the service');
    assert.deepEqual(data.body.chunks.map((c: { sequence: number }) => c.sequence), [1, 2]);
    assert.equal(data.body.messages.length, 2);
    assert.equal(data.headers.get('cache-control'), 'no-store');
    assert.equal((await fetch(`${server.url}/replay/${sessionId}/data?token=${on.body.token.slice(0, -1)}x`)).status, 404);
    assert.equal((await fetch(`${server.url}/replay/${sessionId}?token=wrong`)).status, 404);

    const off = await json(`/api/sessions/${sessionId}/share`, { method: 'DELETE' });
    assert.deepEqual(off.body, { shared: false });
    assert.equal((await fetch(`${server.url}/replay/${sessionId}/data?token=${on.body.token}`)).status, 404);
    assert.equal((await json('/api/sessions/nope/share', { method: 'POST' })).status, 404);
  });

  test('export and import over HTTP round-trip the session file', async () => {
    const res = await fetch(`${server.url}/api/sessions/${sessionId}/export`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment/);
    const text = await res.text();
    const conflict = await json('/api/sessions/import', { method: 'POST', body: text });
    assert.equal(conflict.status, 409);
    assert.match(conflict.body.error.message, /already exists/);
    new ChatStore(server.services.db).deleteSession(sessionId);
    server.services.db.prepare('DELETE FROM studies WHERE session_id = ?').run(sessionId);
    const imported = await json('/api/sessions/import', { method: 'POST', body: text });
    assert.equal(imported.status, 201, JSON.stringify(imported.body));
    assert.equal(imported.body.sessionId, sessionId);
    assert.equal(await (await fetch(`${server.url}/api/sessions/${sessionId}/export`)).text(), text);
    const newer = await json('/api/sessions/import', { method: 'POST', body: JSON.stringify({ ...JSON.parse(text), schema_version: 7 }) });
    assert.equal(newer.status, 422);
  });
});
