import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runHttpBench, type HttpBenchOptions } from '../../../../tools/bench/http/http-runner.ts';
import { systemClock } from '../../../../tools/common/clock.ts';
import { startHttpServer } from '../../../support/http-test-server.ts';

const base = (url: string, extra: Partial<HttpBenchOptions> = {}): HttpBenchOptions => ({
  url,
  method: 'GET',
  connections: 4,
  pipelining: 1,
  threads: 1,
  rate: null,
  durationSeconds: 1,
  requests: null,
  timeoutSeconds: 5,
  clock: systemClock,
  ...extra,
});

/** A throwaway self-signed certificate for localhost / 127.0.0.1 (openssl, argv only). */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'tunechat-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

describe('HTTP load generator', () => {
  test('https: TLS keep-alive connections (HTTP/1.1 by ALPN), by IP and by host name', async () => {
    let handshakes = 0;
    const server = createHttpsServer({ ...selfSignedCertificate(), ALPNProtocols: ['http/1.1'] }, (req, res) => {
      res.statusCode = req.url === '/teapot' ? 418 : 200;
      res.end('secure');
    });
    server.on('secureConnection', () => handshakes++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const byIp = await runHttpBench(base(`https://127.0.0.1:${port}/`, { connections: 3, requests: 300, durationSeconds: 10 }));
      assert.equal(byIp.requests, 300);
      assert.equal(byIp.status_counts['200'], 300);
      assert.equal(byIp.errors, 0);
      assert.ok(handshakes <= 3, `keep-alive: ${handshakes} handshakes for 300 requests`);
      const byName = await runHttpBench(base(`https://localhost:${port}/teapot`, { connections: 1, requests: 20, durationSeconds: 10 }));
      assert.equal(byName.status_counts['418'], 20);
      assert.equal(byName.errors, 0);
      const threaded = await runHttpBench(base(`https://127.0.0.1:${port}/`, { connections: 4, threads: 2, requests: 200, durationSeconds: 10 }));
      assert.equal(threaded.status_counts['200'], threaded.requests);
      assert.ok(threaded.requests >= 200 && threaded.errors === 0, JSON.stringify({ requests: threaded.requests, errors: threaded.errors }));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('closed loop: every response is counted with its status, and the series covers each second', async () => {
    let served = 0;
    const server = await startHttpServer((req, res) => {
      served++;
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end('x'.repeat(100));
    });
    try {
      const progress: number[] = [];
      const r = await runHttpBench(base(`${server.url}/`, { durationSeconds: 1.5, onProgress: (p) => p.kind === 'http' && progress.push(p.point.requests) }));
      assert.ok(r.requests > 0, `only ${r.requests} requests`);
      assert.equal(r.status_counts['200'], r.requests);
      // Every counted response was served; requests still in flight at the stop (one per connection) were not counted.
      assert.ok(served >= r.requests && served <= r.requests + 4, `served ${served}, counted ${r.requests}`);
      assert.equal(r.errors, 0);
      assert.ok(r.latency_ms.p50 > 0 && r.latency_ms.p50 <= r.latency_ms.p99 && r.latency_ms.p99 <= r.latency_ms.max, JSON.stringify(r.latency_ms));
      assert.ok(Math.abs(r.requests_per_s - r.requests / r.duration_s) < r.requests_per_s * 0.002, `${r.requests_per_s} vs ${r.requests} / ${r.duration_s}`);
      assert.ok(r.bytes_read > r.requests * 100, `bytes ${r.bytes_read}`);
      assert.equal(progress.length >= 1, true);
      assert.equal(r.series.reduce((a, p) => a + p.requests, 0), r.requests);
      assert.equal(r.histogram.reduce((a, b) => a + b.count, 0), r.requests);
      const notFound = await runHttpBench(base(`${server.url}/missing`, { requests: 50, durationSeconds: 5, method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } }));
      assert.equal(notFound.requests, 50);
      assert.equal(notFound.status_counts['404'], 50);
      assert.equal(notFound.non_2xx, 50);
    } finally {
      await server.close();
    }
  });

  test('open loop measures from the intended send time (no coordinated omission)', async () => {
    // One connection, a server taking 40 ms per request: at most 25 req/s can complete, but 100/s are due.
    const server = await startHttpServer((_req, res) => void setTimeout(() => res.end('ok'), 40));
    try {
      const closed = await runHttpBench(base(server.url, { connections: 1, durationSeconds: 1 }));
      const open = await runHttpBench(base(server.url, { connections: 1, durationSeconds: 1, rate: 100 }));
      assert.equal(closed.mode, 'closed');
      assert.equal(closed.corrected_for_coordinated_omission, false);
      assert.equal(closed.backlog, 0);
      assert.equal(open.mode, 'open');
      assert.equal(open.corrected_for_coordinated_omission, true);
      // Lower bounds that hold on any machine (timers never fire early; 1 ms of slack for timer rounding):
      // every request takes the server's 40 ms.
      assert.ok(closed.requests > 0 && closed.latency_ms.min >= 39, JSON.stringify(closed.latency_ms));
      assert.ok(open.requests > 0 && open.latency_ms.min >= 39, JSON.stringify(open.latency_ms));
      // On one connection the k-th response (from 0) completes at least 39·(k+1) ms after the start, but it was due
      // at 10·k ms: measured from its intended send time its latency is at least 29·k + 39 ms. Measured from the
      // actual send (coordinated omission), every latency would stay near 40 ms.
      const k = open.requests - 1;
      assert.ok(open.latency_ms.max >= 29 * k + 39, `open max ${open.latency_ms.max} ms after ${open.requests} responses should include the queueing delay`);
      // The server cannot keep up with the rate, so due requests are left unsent.
      assert.ok(open.backlog > 0);
      assert.ok(open.warnings.some((w) => w.includes('below the target rate')));
    } finally {
      await server.close();
    }
  });

  test('pipelining keeps several requests in flight per connection and matches responses in order', async () => {
    let inFlightMax = 0;
    let inFlight = 0;
    const server = await startHttpServer((req, res) => {
      inFlight++;
      inFlightMax = Math.max(inFlightMax, inFlight);
      res.on('finish', () => inFlight--);
      res.end(req.url);
    });
    try {
      const r = await runHttpBench(base(`${server.url}/p`, { connections: 2, pipelining: 4, requests: 400, durationSeconds: 10 }));
      assert.equal(r.pipelining, 4);
      assert.equal(r.requests, 400);
      assert.equal(r.status_counts['200'], 400);
      assert.equal(r.errors, 0);
    } finally {
      await server.close();
    }
  });

  test('open loop at a sustainable rate sends about rate × duration requests', async () => {
    const server = await startHttpServer((_req, res) => res.end('ok'));
    try {
      const r = await runHttpBench(base(server.url, { rate: 200, durationSeconds: 1 }));
      assert.equal(r.errors, 0);
      assert.ok(r.requests > 0 && r.status_counts['200'] === r.requests, JSON.stringify(r.status_counts));
      // Requests are due every 5 ms from t = 0; each due request is answered, timed out, still queued (backlog) or
      // in flight at the stop (at most one per connection). The scheduler re-arms at least every 50 ms, so the
      // due count covers at least the first 0.95 s of the 1 s run however slow the machine (2 × 50 ms of slack
      // here), and never more than the run's actual duration. How many were answered is not asserted: that is speed.
      const accounted = r.requests + r.timeouts + r.backlog;
      assert.ok(accounted >= 200 * 0.9 - 4, `answered ${r.requests} + timed out ${r.timeouts} + backlog ${r.backlog}`);
      assert.ok(accounted <= Math.ceil(200 * r.duration_s) + 1, `answered ${r.requests} + timed out ${r.timeouts} + backlog ${r.backlog} in ${r.duration_s} s`);
    } finally {
      await server.close();
    }
  });

  test('timeouts and connection errors are counted, not thrown', async () => {
    const silent = await startHttpServer(() => {});
    try {
      const r = await runHttpBench(base(silent.url, { connections: 2, durationSeconds: 0.8, timeoutSeconds: 0.2 }));
      assert.equal(r.requests, 0);
      assert.ok(r.timeouts >= 2, `timeouts ${r.timeouts}`);
    } finally {
      await silent.close();
    }
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const refused = await runHttpBench(base(`http://127.0.0.1:${port}/`, { connections: 2, durationSeconds: 0.5 }));
    assert.equal(refused.requests, 0);
    assert.ok(refused.errors >= 2);
    assert.ok(refused.warnings.some((w) => w.includes('ECONNREFUSED')));
  });
});

describe('multi-threaded generator', () => {
  test('threads share the connections and the request budget; results merge exactly', async () => {
    const server = await startHttpServer((_req, res) => res.end('ok'));
    try {
      const r = await runHttpBench(base(server.url, { connections: 4, threads: 2, requests: 600, durationSeconds: 10 }));
      assert.equal(r.threads, 2);
      assert.equal(r.requests, 600);
      assert.equal(r.status_counts['200'], 600);
      assert.equal(r.histogram.reduce((a, b) => a + b.count, 0), 600);
      assert.equal(r.series.reduce((a, p) => a + p.requests, 0), 600);
      assert.ok(r.generator_cpu_ms > 0);
    } finally {
      await server.close();
    }
  });
});
