/**
 * Benchmarks connect only to the addresses the host policy checked (no second DNS answer between check and
 * connect, so DNS rebinding cannot redirect load), while the URL's name stays in the Host header and TLS SNI.
 * System DNS is blocked (test/support/dns-guard.ts): a client that resolved the name itself would fail.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { after, before, beforeEach, describe, test } from 'node:test';
import { BenchStore } from '../../../db/bench-store.ts';
import { openDatabase } from '../../../db/open.ts';
import { BenchService } from '../../../tools/bench/bench-service.ts';
import type { HttpBenchResult, LlmBenchResult } from '../../../tools/bench/types.ts';
import { systemClock } from '../../../tools/common/clock.ts';
import type { HostResolver } from '../../../tools/common/host-policy.ts';
import { installDnsGuard } from '../../support/dns-guard.ts';
import { startFakeLlmServer, type FakeLlmServer } from '../../support/fake-llm-server.ts';

type Seen = { local: string; host: string; servername: string | null };

async function listen(server: ReturnType<typeof createServer>, host: string): Promise<number> {
  await new Promise<void>((r) => server.listen(0, host, r));
  return (server.address() as AddressInfo).port;
}

describe('benchmarks connect only to the checked addresses', () => {
  const seen: Seen[] = [];
  const record = (req: IncomingMessage, res: ServerResponse) => {
    seen.push({ local: req.socket.localAddress ?? '', host: req.headers.host ?? '', servername: ((req.socket as TLSSocket).servername as string | false | undefined) || null });
    res.end('ok');
  };
  const plain = createServer(record);
  let https: ReturnType<typeof createHttpsServer>;
  let llm: FakeLlmServer;
  let plainPort = 0;
  let httpsPort = 0;
  let guard: ReturnType<typeof installDnsGuard>;
  const resolverCalls: string[] = [];
  // localhost is pinned to 127.0.0.2, where the servers listen: the system answer (127.0.0.1 / ::1) would miss them.
  const resolveHost: HostResolver = async (host) => {
    resolverCalls.push(host);
    return host === 'llm.example.test' ? ['127.0.0.1'] : ['127.0.0.2'];
  };
  const bench = () => new BenchService({ store: new BenchStore(openDatabase(':memory:')), clock: systemClock, allowedHosts: ['llm.example.test'], resolveHost });

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunechat-pin-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    https = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')), ALPNProtocols: ['http/1.1'] }, record);
    plainPort = await listen(plain, '127.0.0.2');
    httpsPort = await listen(https as unknown as ReturnType<typeof createServer>, '127.0.0.2');
    llm = await startFakeLlmServer({ ttftMs: 2, itlMs: 1 });
    guard = installDnsGuard();
  });
  beforeEach(() => {
    seen.length = 0;
    resolverCalls.length = 0;
    guard.names.length = 0;
  });
  after(async () => {
    guard.restore();
    for (const s of [plain, https]) {
      s.closeAllConnections();
      s.close();
    }
    await llm.close();
  });

  for (const threads of [1, 2]) {
    test(`bench http, ${threads} thread(s): every connection goes to the checked address, Host keeps the name`, async () => {
      const run = await bench().runHttp({ url: `http://localhost:${plainPort}/`, connections: 2, threads, requests: 20, duration_s: 10 });
      const result = run.result as HttpBenchResult;
      assert.equal(result.errors, 0, JSON.stringify(result));
      assert.ok(result.requests >= 20 && seen.length >= 20);
      assert.deepEqual(new Set(seen.map((s) => `${s.local} ${s.host}`)), new Set([`127.0.0.2 localhost:${plainPort}`]));
      assert.deepEqual(guard.names, [], 'no system DNS lookup');
    });
  }

  test('bench http over https: TLS to the checked address with the name as SNI', async () => {
    const run = await bench().runHttp({ url: `https://localhost:${httpsPort}/`, connections: 1, requests: 5, duration_s: 10 });
    assert.equal((run.result as HttpBenchResult).errors, 0);
    assert.deepEqual(new Set(seen.map((s) => `${s.local} ${s.host} ${s.servername}`)), new Set([`127.0.0.2 localhost:${httpsPort} localhost`]));
    assert.deepEqual(guard.names, []);
  });

  test('bench llm: model discovery and streamed requests use the checked address of an allowed name', async () => {
    const base = llm.baseUrl.replace('127.0.0.1', 'llm.example.test');
    const run = await bench().runLlm({ base_url: base, concurrency: 2, requests: 4, max_tokens: 3 });
    const result = run.result as LlmBenchResult;
    assert.equal(result.model, 'fake-model', 'discovered through GET /models on the checked address');
    assert.equal(result.completed, 4, JSON.stringify(result));
    assert.deepEqual(resolverCalls, ['llm.example.test'], 'resolved once, by the policy');
    assert.deepEqual(guard.names, [], 'no system DNS lookup');
  });
});
