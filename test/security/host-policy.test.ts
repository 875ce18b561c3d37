/**
 * Security regression: "Host checks disagree". The optimizer's http target admitted any host name starting with
 * "127." (`127.0.0.1.nip.io`, a public DNS name that can point anywhere) while bench_http refused it. Both now go
 * through one policy (tools/common/host-policy.ts): such a name is refused with `forbidden` before any DNS lookup,
 * and a real loopback address keeps working. System DNS is blocked here (test/support/dns-guard.ts), so even
 * the vulnerable code could not send a query off the machine.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { BenchStore } from '../../db/bench-store.ts';
import { openDatabase } from '../../db/open.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { BenchService } from '../../tools/bench/bench-service.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { ToolError } from '../../tools/common/errors.ts';
import '../../tools/optimizer/targets/index.ts';
import { createTarget } from '../../tools/optimizer/targets/registry.ts';
import type { EvaluationContext, TargetSpec } from '../../tools/optimizer/types.ts';
import { installDnsGuard } from '../support/dns-guard.ts';
import { startHttpServer } from '../support/http-test-server.ts';

/** What the `bench_http` tool does with its input (tools/bench/agent-tools.ts): `BenchService.runHttp`. */
const benchHttp = (bench: BenchService, url: string) => bench.runHttp({ url, connections: 1, requests: 5, duration_s: 5 }, { sessionId: 's1', agent: true });

describe('security: one host policy for benchmarks and optimizer targets', () => {
  const received: string[] = [];
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  let port = 0;
  let guard: ReturnType<typeof installDnsGuard>;
  const resolverCalls: string[] = [];
  const resolveHost = async (host: string) => {
    resolverCalls.push(host);
    return ['127.0.0.1'];
  };
  const targetDeps = { clock: systemClock, allowedHosts: [], resolveHost };
  const context = (): EvaluationContext => ({ trialNumber: 1, signal: AbortSignal.timeout(10_000), report: () => false });
  const isForbidden = (host: string) => (error: unknown) => ToolError.isInstance(error) && error.code === 'forbidden' && error.message.includes(`"${host}"`) && error.message.includes(`TUNECHAT_ALLOWED_HOSTS=${host}`);
  let db: ReturnType<typeof openDatabase>;
  let bench: BenchService;

  before(async () => {
    server = await startHttpServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => res.end('{"loss": 0.5}'));
    });
    port = Number(new URL(server.url).port);
    db = openDatabase(':memory:');
    db.prepare("INSERT INTO sessions (id, title, source, created_at, updated_at) VALUES ('s1', 'security', 'cli', 0, 0)").run();
    bench = new BenchService({ store: new BenchStore(db), clock: systemClock, allowedHosts: [], resolveHost } as ConstructorParameters<typeof BenchService>[0]);
    guard = installDnsGuard();
  });
  beforeEach(() => {
    received.length = 0;
    resolverCalls.length = 0;
    guard.names.length = 0;
  });
  after(async () => {
    guard.restore();
    db.close();
    await server.close();
  });

  test('the optimizer http target refuses http://127.0.0.1.nip.io:<port>/ with forbidden, unresolved and unsent', async () => {
    const spec = { kind: 'http', url: `http://127.0.0.1.nip.io:${port}/` } as TargetSpec;
    await assert.rejects(async () => createTarget(spec, targetDeps).evaluate({ x: 1 }, context()), isForbidden('127.0.0.1.nip.io'));
    assert.deepEqual(resolverCalls, [], 'refused before any DNS lookup');
    assert.deepEqual(guard.names, [], 'no system DNS lookup either');
    assert.deepEqual(received, []);
  });

  test('bench_http refuses the same URL with forbidden, unresolved and unsent', async () => {
    await assert.rejects(async () => benchHttp(bench, `http://127.0.0.1.nip.io:${port}/`), isForbidden('127.0.0.1.nip.io'));
    assert.equal(bench.list().length, 0, 'no run was started');
    assert.deepEqual(resolverCalls, []);
    assert.deepEqual(guard.names, []);
    assert.deepEqual(received, []);
  });

  test('a service target with that health_url is refused too, before its command starts', () => {
    const spec = { kind: 'service', command: ['sleep', '30'], health_url: `http://127.0.0.1.nip.io:{port}/health`, load: { type: 'http', url: 'http://127.0.0.1:{port}/' } } as unknown as TargetSpec;
    assert.throws(() => createTarget(spec, targetDeps), isForbidden('127.0.0.1.nip.io'));
    assert.deepEqual(resolverCalls, []);
  });

  test('http://127.0.0.1:<port>/ of a real local server still works for both', async () => {
    const metrics = await createTarget({ kind: 'http', url: `http://127.0.0.1:${port}/evaluate` } as TargetSpec, targetDeps).evaluate({ x: 1 }, context());
    assert.deepEqual(metrics, { loss: 0.5 });
    const run = await benchHttp(bench, `http://127.0.0.1:${port}/`);
    assert.equal(run.result.kind === 'http' && run.result.status_counts['200'], 5, JSON.stringify(run.result));
    assert.ok(received.includes('POST /evaluate') && received.filter((r) => r === 'GET /').length >= 5);
    assert.deepEqual(resolverCalls, [], 'a literal address needs no lookup');
  });

  test('TUNECHAT_ALLOWED_HOSTS is checked at start-up: a malformed entry stops it with the rule', () => {
    assert.deepEqual(loadConfig({ TUNECHAT_ALLOWED_HOSTS: ' *.example.test , 10.0.0.0/8,api.example.test ' }).allowedHosts, ['*.example.test', '10.0.0.0/8', 'api.example.test']);
    assert.throws(() => loadConfig({ TUNECHAT_ALLOWED_HOSTS: 'example.test:8080' }), (e: unknown) => e instanceof ConfigError && /"example\.test:8080" is invalid: .*no port/.test(e.message));
    assert.throws(() => loadConfig({ TUNECHAT_ALLOWED_HOSTS: '10.0.0.0/33' }), (e: unknown) => e instanceof ConfigError && /prefix length from 0 to 32/.test(e.message));
  });
});
