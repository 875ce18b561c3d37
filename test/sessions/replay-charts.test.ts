import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RenderLimiter } from '../../tools/charts/render-limiter.ts';
import { rawRequest } from '../support/raw-request.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';
import { seedSession } from './support/seed-session.ts';

let server: TestServer;
let sessionA: string;
let sessionB: string;
before(async () => {
  const services = createTestServices(scriptedModel([{ text: 'hi' }]));
  sessionA = seedSession(services.db); // study s1 belongs to A, study s-other to B
  sessionB = services.studies.get('s-other')!.sessionId!;
  server = await startTestServer(services);
});
after(() => server.close());

const isPng = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 8)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
const share = async (id: string) => ((await (await fetch(`${server.url}/api/sessions/${id}/share`, { method: 'POST', headers: { 'content-type': 'application/json' } })).json()) as { token: string }).token;

describe('study chart PNGs', () => {
  test('GET /api/studies/:id/charts/:kind.png: a PNG, not cached; unknown kind 400, other format 404, unknown study 404, pareto of one objective 422', async () => {
    const res = await get('/api/studies/s1/charts/history.png');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(isPng(new Uint8Array(await res.arrayBuffer())));
    for (const kind of ['importance', 'parallel', 'intermediate', 'trials']) assert.equal((await get(`/api/studies/s1/charts/${kind}.png`)).status, 200, kind);

    const pie = await get('/api/studies/s1/charts/pie.png');
    assert.equal(pie.status, 400);
    const body = (await pie.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'invalid_argument');
    assert.match(body.error.message, /chart must be one of history, pareto, importance, parallel, intermediate, trials, but got "pie"/);
    assert.equal((await get('/api/studies/s1/charts/history.svg')).status, 404);
    assert.equal((await get('/api/studies/st_nope/charts/history.png')).status, 404);
    const pareto = await get('/api/studies/s1/charts/pareto.png');
    assert.equal(pareto.status, 422);
    assert.match(((await pareto.json()) as { error: { message: string } }).error.message, /needs at least 2 objectives/);
  });

  test('the request guard covers the chart route (a rebound Host is refused)', async () => {
    const port = new URL(server.url).port;
    const rebound = await rawRequest(`${server.url}/api/studies/s1/charts/history.png`, { headers: { host: `evil.example:${port}` } });
    assert.equal(rebound.status, 403);
  });

  test('concurrent renders beyond the limits are refused with busy, not queued without end', async () => {
    const limiter = new RenderLimiter({ concurrency: 1, queue: 1 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = limiter.run(() => gate.then(() => 1));
    const second = limiter.run(async () => 2);
    await assert.rejects(limiter.run(async () => 3), (e: unknown) => (e as { code?: string }).code === 'busy');
    release();
    assert.deepEqual(await Promise.all([first, second]), [1, 2]);
    assert.equal(await limiter.run(async () => 4), 4, 'slots come back');
  });
});

describe('charts on the shared replay page', () => {
  test("the data lists the session's studies with token-scoped chart URLs; a token for A cannot fetch a chart of B's study", async () => {
    const tokenA = await share(sessionA);
    const tokenB = await share(sessionB);
    const data = (await (await get(`/replay/${sessionA}/data?token=${tokenA}`)).json()) as { studies: { id: string; name: string; charts: { kind: string; url: string }[] }[] };
    assert.deepEqual(data.studies.map((s) => s.id), ['s1'], 'only the shared session\'s studies');
    assert.deepEqual(data.studies[0]!.charts.map((c) => c.kind), ['history', 'trials']);
    for (const chart of data.studies[0]!.charts) {
      assert.equal(chart.url, `/replay/${sessionA}/charts/s1/${chart.kind}.png?token=${encodeURIComponent(tokenA)}`);
      const res = await get(chart.url);
      assert.equal(res.status, 200, chart.kind);
      assert.equal(res.headers.get('content-type'), 'image/png');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      assert.ok(isPng(new Uint8Array(await res.arrayBuffer())));
    }
    assert.equal((await get(`/replay/${sessionA}/charts/s-other/history.png?token=${tokenA}`)).status, 404, "A's token, B's study");
    assert.equal((await get(`/replay/${sessionB}/charts/s-other/history.png?token=${tokenA}`)).status, 404, "A's token on B's path");
    assert.equal((await get(`/replay/${sessionB}/charts/s1/history.png?token=${tokenB}`)).status, 404, "B's token, A's study");
    assert.equal((await get(`/replay/${sessionB}/charts/s-other/history.png?token=${tokenB}`)).status, 200, "B's own study");
    assert.equal((await get(`/replay/${sessionA}/charts/s1/history.png`)).status, 404, 'no token');
    assert.equal((await get(`/replay/${sessionA}/charts/s1/pie.png?token=${tokenA}`)).status, 400);

    await fetch(`${server.url}/api/sessions/${sessionA}/share`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
    assert.equal((await get(`/replay/${sessionA}/charts/s1/history.png?token=${tokenA}`)).status, 404, 'revoked');
  });

  test('a wrong or revoked link shows an HTML page to a browser and JSON to API callers', async () => {
    const token = await share(sessionA);
    await fetch(`${server.url}/api/sessions/${sessionA}/share`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
    const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    for (const path of [`/replay/${sessionA}?token=${token}`, `/replay/${sessionA}?token=zq9-guess`, '/replay/no-such-session?token=x']) {
      const page = await get(path, browser);
      assert.equal(page.status, 404, path);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
      const html = await page.text();
      assert.match(html, /<h1>This replay is not available<\/h1>/);
      assert.match(html, /<a href="\/">Go to tunechat<\/a>/);
      assert.doesNotMatch(html, /no-such-session|zq9-guess/, 'nothing from the request is echoed');
      assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    }
    const api = await get(`/replay/${sessionA}/data?token=${token}`, { accept: 'application/json' });
    assert.equal(api.status, 404);
    assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'not_found');
    const plain = await get(`/replay/${sessionA}/data?token=${token}`);
    assert.match(plain.headers.get('content-type') ?? '', /json/, 'fetch() without Accept gets JSON');
  });
});
