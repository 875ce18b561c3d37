import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { systemClock } from '../../../../tools/common/clock.ts';
import { createHttpTarget } from '../../../../tools/optimizer/targets/http.ts';
import type { EvaluationContext } from '../../../../tools/optimizer/types.ts';

let server: Server;
let base = '';
const received: unknown[] = [];

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const payload = JSON.parse(body);
      received.push(payload);
      const x = payload.params.x as number;
      if (req.url === '/fail') return void res.writeHead(500).end('model crashed: CUDA OOM');
      if (req.url === '/nan') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"loss": NaN}');
      if (req.url === '/slow') return void setTimeout(() => res.end('{"loss": 1}'), 2000);
      if (req.url === '/redirect') return void res.writeHead(307, { location: '/eval' }).end();
      if (req.url === '/wrapped') return void res.end(JSON.stringify({ metrics: { loss: x * 2 } }));
      res.end(JSON.stringify({ loss: (x - 1) ** 2, p99_ms: 12 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const ctx = (): EvaluationContext => ({ trialNumber: 7, signal: new AbortController().signal, report: () => false });
const deps = { clock: systemClock, allowedHosts: [] };

test('POSTs params as JSON and reads metrics back', async () => {
  const metrics = await createHttpTarget({ kind: 'http', url: `${base}/eval` }, deps).evaluate({ x: 3 }, ctx());
  assert.deepEqual(metrics, { loss: 4, p99_ms: 12 });
  assert.deepEqual(received.at(-1), { params: { x: 3 }, trial: 7 });
  assert.deepEqual(await createHttpTarget({ kind: 'http', url: `${base}/wrapped` }, deps).evaluate({ x: 3 }, ctx()), { loss: 6 });
});

test('non-2xx, NaN and timeouts fail with the reason', async () => {
  await assert.rejects(createHttpTarget({ kind: 'http', url: `${base}/fail` }, deps).evaluate({ x: 1 }, ctx()), /returned 500; body: model crashed: CUDA OOM/);
  await assert.rejects(createHttpTarget({ kind: 'http', url: `${base}/nan` }, deps).evaluate({ x: 1 }, ctx()), /metric "loss" is NaN/);
  await assert.rejects(createHttpTarget({ kind: 'http', url: `${base}/slow`, timeout_s: 0.2 }, deps).evaluate({ x: 1 }, ctx()), /timed out after 0.2 s/);
});

test('redirects are not followed: a server cannot bounce the request past the host policy', async () => {
  const before = received.length;
  await assert.rejects(createHttpTarget({ kind: 'http', url: `${base}/redirect` }, deps).evaluate({ x: 1 }, ctx()), /returned 307/);
  assert.equal(received.length, before + 1, 'only the first request was sent');
});

test('only loopback or allowed hosts', () => {
  assert.throws(() => createHttpTarget({ kind: 'http', url: 'http://example.com/eval' }, deps), { code: 'forbidden', message: /"example\.com" is a host name that is not in TUNECHAT_ALLOWED_HOSTS.*TUNECHAT_ALLOWED_HOSTS=example\.com/ });
  assert.doesNotThrow(() => createHttpTarget({ kind: 'http', url: 'http://example.com/eval' }, { ...deps, allowedHosts: ['example.com'] }));
  assert.throws(() => createHttpTarget({ kind: 'http', url: 'ftp://127.0.0.1/x' }, deps), { code: 'invalid_argument' });
});
