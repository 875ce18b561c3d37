import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChatStore } from '../../db/chat-store.ts';
import { openDatabase } from '../../db/open.ts';
import { exportSession, serializeSessionFile } from '../../db/session-export.ts';
import { importSession } from '../../db/session-import.ts';
import { createModel } from '../../server/agent/model.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer } from '../../server/main.ts';
import { attachmentDisposition } from '../../server/routes/replay-share.ts';
import { createServices, closeServices } from '../../server/services.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { rawRequest } from '../support/raw-request.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';
import { WsTestClient } from '../support/ws-client.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunechat-cross-site-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('attack: DNS rebinding (a page on evil.example whose name now resolves to 127.0.0.1)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(createTestServices(createModel({ kind: 'local' })));
  });
  after(() => server.close());

  test('REST with Host: evil.example is refused on every route; the same request with the real host works', async () => {
    const port = new URL(server.url).port;
    const evil = { host: `evil.example:${port}`, origin: `http://evil.example:${port}` };
    for (const [method, path] of [['GET', '/api/sessions'], ['GET', '/'], ['GET', '/healthz'], ['POST', '/api/sessions/import']] as const) {
      const res = await rawRequest(`${server.url}${path}`, { method, headers: { ...evil, 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
      assert.equal(res.status, 403, `${method} ${path}`);
      const error = (JSON.parse(res.body) as { error: { code: string; message: string } }).error;
      assert.equal(error.code, 'forbidden');
      assert.match(error.message, /Host header "evil\.example:\d+" does not name this server.*DNS rebinding.*TUNECHAT_PUBLIC_URL/);
    }
    assert.equal((await rawRequest(`${server.url}/api/sessions`, { headers: { host: `127.0.0.1:${port}` } })).status, 200);
    assert.equal((await rawRequest(`${server.url}/api/sessions`, { headers: { host: `localhost:${port}` } })).status, 200);
  });

  test('the websocket upgrade from the rebound page is refused, so the command it types never runs', async () => {
    const port = new URL(server.url).port;
    const marker = join(dir, 'rebinding-marker');
    let refused: Error | null = null;
    try {
      const client = await WsTestClient.connect(server.wsUrl, { host: `evil.example:${port}`, origin: `http://evil.example:${port}` });
      client.send({ type: 'send', requestId: 'r1', id: null, text: `benchmark \`touch ${marker}\`` });
      await client.waitForEnd('r1', 20_000).catch(() => {});
      client.socket.close();
    } catch (error) {
      refused = error as Error;
    }
    assert.match(String(refused?.message), /HTTP 403/);
    assert.equal(existsSync(marker), false);
    // Same-origin pages still connect.
    const own = await WsTestClient.connect(server.wsUrl, { origin: `http://127.0.0.1:${port}` });
    own.socket.close();
  });

  test('cross-origin pages and opaque origins may not open the websocket or call the API', async () => {
    await assert.rejects(WsTestClient.connect(server.wsUrl, { origin: 'http://evil.example' }), /HTTP 403/);
    await assert.rejects(WsTestClient.connect(server.wsUrl, { origin: 'null' }), /HTTP 403/);
    const res = await fetch(`${server.url}/api/sessions`, { headers: { origin: 'https://evil.example' } });
    assert.equal(res.status, 403);
  });
});

describe('attack: cross-site import of a crafted session file, then a restart', () => {
  test('a "simple" text/plain or form post from another site changes nothing', async () => {
    const server = await startTestServer(createTestServices(createModel({ kind: 'local' })));
    try {
      const file = JSON.stringify({ format: 'tunechat-session', schema_version: 1, session_id: 'x1', tables: { sessions: { json_columns: [], rows: [{ id: 'x1', title: 't', source: 'web', created_at: 0, updated_at: 0 }] } } });
      const crossSite = await fetch(`${server.url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'http://evil.example' }, body: file });
      assert.equal(crossSite.status, 403);
      // Without an Origin (an old browser, a form): the content type alone refuses it.
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const simple = await fetch(`${server.url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': type }, body: file });
        assert.equal(simple.status, 400, type);
        assert.match(((await simple.json()) as { error: { message: string } }).error.message, /needs "content-type: application\/json"/);
      }
      assert.deepEqual(((await (await fetch(`${server.url}/api/sessions`)).json()) as { sessions: unknown[] }).sessions, []);
    } finally {
      await server.close();
    }
  });

  test('an imported study that was "running" with a command target never runs: not at the next start, not when continued', async () => {
    const marker = join(dir, 'import-marker');
    // A real export of a finished builtin study, edited as an attacker would: running, with a command target.
    const sourceDb = openDatabase(join(dir, 'source.db'));
    const config = loadConfig({ TUNECHAT_DB: join(dir, 'source.db'), PORT: '0' });
    const source = createServices({ db: sourceDb, clock: systemClock, config, model: createModel({ kind: 'local' }) });
    const session = new ChatStore(sourceDb, () => Date.now()).createSession({ title: 'tune branin' });
    const study = await source.studies.start({
      space: { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } },
      objectives: [{ metric: 'value', direction: 'minimize' }],
      target: { kind: 'builtin', problem: 'branin' },
      budget: { trials: 3 },
      seed: 1,
    }, { sessionId: session.id });
    await source.studies.wait(study.id);
    const file = exportSession(sourceDb, session.id)!;
    await closeServices(source);
    sourceDb.close();
    const row = file.tables.studies!.rows[0]!;
    row.status = 'running';
    (row.spec as Record<string, unknown>).target = { kind: 'command', command: ['/bin/sh', '-c', `echo pwned > ${marker}; echo '{"value": 1}'`] };

    const env = { TUNECHAT_DB: join(dir, 'victim.db'), HOST: '127.0.0.1', PORT: '0' };
    const first = await startServer(loadConfig(env));
    const imported = await fetch(`${first.url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: serializeSessionFile(file) });
    assert.equal(imported.status, 201, await imported.clone().text());
    await first.stop();

    const second = await startServer(loadConfig(env));
    try {
      await sleep(1500); // a resumed study launches its first trials within milliseconds
      assert.equal(existsSync(marker), false, 'the imported command ran');
      const status = second.services.studies.status(study.id);
      assert.equal(status.status, 'stopped');
      assert.match(JSON.stringify(status), /imported from a session file/);
      await assert.rejects(second.services.studies.extend(study.id, { trials: 5 }), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'forbidden');
        assert.match(error.message, /imported from a session file.*\["\/bin\/sh","-c"/);
        return true;
      });
      assert.equal(existsSync(marker), false);
    } finally {
      await second.stop();
    }
  });

  test('an imported rule is a record: not loaded into the live engine at the next start, until someone adds it again', async () => {
    const db = openDatabase(':memory:');
    const services = createServices({ db, clock: systemClock, config: loadConfig({ TUNECHAT_DB: ':memory:', PORT: '0' }), model: createModel({ kind: 'local' }) });
    const session = new ChatStore(db, () => Date.now()).createSession({ title: 'rules' });
    services.rules.addRule({ rule_id: 'stop-everything', condition: { field: 'state', operator: '==', value: 'running' }, action: 'log', params: { tag: 'x' } }, { sessionId: session.id });
    const file = exportSession(db, session.id)!;
    await closeServices(services);
    db.close();

    const target = openDatabase(':memory:');
    importSession(target, serializeSessionFile(file));
    const config = loadConfig({ TUNECHAT_DB: ':memory:', PORT: '0' });
    const restarted = createServices({ db: target, clock: systemClock, config, model: createModel({ kind: 'local' }) });
    assert.match(restarted.rules.recentLog().join('\n'), /rule stop-everything v1 not loaded: it was imported from a session file/);
    assert.throws(() => restarted.rules.explain('stop-everything'), /stop-everything/, 'the imported rule is not in the live engine');
    restarted.rules.addRule({ rule_id: 'stop-everything', condition: { field: 'state', operator: '==', value: 'running' }, action: 'log', params: { tag: 'mine' } });
    await closeServices(restarted);
    const again = createServices({ db: target, clock: systemClock, config, model: createModel({ kind: 'local' }) });
    assert.doesNotMatch(again.rules.recentLog().join('\n'), /not loaded/);
    await closeServices(again);
    target.close();
  });

  test('ids in a session file are validated, and the export header cannot be split or given a second file name', async () => {
    const server = await startTestServer(createTestServices(createModel({ kind: 'local' })));
    try {
      for (const id of ['x"; filename="evil.exe', 'x\r\nSet-Cookie: a=b', '../etc', '']) {
        const file = { format: 'tunechat-session', schema_version: 1, session_id: id, tables: { sessions: { json_columns: [], rows: [{ id, title: 't', source: 'web', created_at: 0, updated_at: 0 }] } } };
        const res = await fetch(`${server.url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(file) });
        assert.equal(res.status, 400, JSON.stringify(id));
        assert.match(((await res.json()) as { error: { message: string } }).error.message, /session_id" must be 1-128 characters/);
      }
      const nested = { format: 'tunechat-session', schema_version: 1, session_id: 'ok-1', tables: { sessions: { json_columns: [], rows: [{ id: 'ok-1', title: 't', source: 'web', created_at: 0, updated_at: 0 }] }, messages: { json_columns: [], rows: [{ id: 'm"1', session_id: 'ok-1' }] } } };
      const res = await fetch(`${server.url}/api/sessions/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(nested) });
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { error: { message: string } }).error.message, /tables\.messages\.rows\[0\]\.id must be an id/);
    } finally {
      await server.close();
    }
    const header = attachmentDisposition('tunechat-session-x"; filename="evil.exe\r\n.json');
    assert.doesNotMatch(header, /[\r\n]/);
    assert.equal(header.match(/filename=/g)?.length, 1);
    assert.match(header, /^attachment; filename="tunechat-session-x___filename__evil\.exe__\.json"; filename\*=UTF-8''tunechat-session-x%22%3B%20filename%3D%22evil\.exe%0D%0A\.json$/);
  });
});
