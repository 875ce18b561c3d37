/**
 * The host policy contract: every entry point that sends requests to a user-given URL (the policy itself, bench
 * http / llm / stability, the optimizer `http` target, a `service` target's health_url and load url) gets the same
 * table of cases with the same injected resolver and must decide alike: the same admitted addresses, or the same
 * error code, with no resolver call for names outside the allow-list. Entry points that connect (the targets) are
 * run for real against a server on 127.0.0.1, 127.0.0.2 and ::1, which records the local address each request
 * arrived on: the connection must go to a checked address. System DNS is blocked (test/support/dns-guard.ts), so
 * nothing resolves a name except the injected resolver and no query leaves the machine.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createServiceTarget } from '../../tools/bench/service-target.ts';
import { resolveHttpOptions, resolveLlmOptions, resolveStabilityOptions } from '../../tools/bench/resolve-options.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { ToolError, type ToolErrorCode } from '../../tools/common/errors.ts';
import { checkHostUrl, type HostResolver } from '../../tools/common/host-policy.ts';
import '../../tools/optimizer/targets/index.ts';
import { createTarget } from '../../tools/optimizer/targets/registry.ts';
import type { EvaluationContext, TargetSpec } from '../../tools/optimizer/types.ts';
import { installDnsGuard } from '../support/dns-guard.ts';

interface Case {
  name: string;
  /** `{P}` is the test server's port; entry points append their own path. */
  url: string;
  allowed?: string[];
  /** The injected resolver's answers; a name not listed fails to resolve. */
  dns?: Record<string, string[]>;
  expect: { addresses: string[] } | { code: ToolErrorCode; resolves: boolean; message?: RegExp };
}

const refused = (resolves: boolean, message?: RegExp) => ({ code: 'forbidden' as const, resolves, ...(message ? { message } : {}) });

const CASES: Case[] = [
  { name: 'loopback literal', url: 'http://127.0.0.1:{P}', expect: { addresses: ['127.0.0.1'] } },
  { name: 'any address in 127.0.0.0/8', url: 'http://127.0.0.2:{P}', expect: { addresses: ['127.0.0.2'] } },
  { name: 'decimal IPv4 (2130706433) is normalised to 127.0.0.1', url: 'http://2130706433:{P}', expect: { addresses: ['127.0.0.1'] } },
  { name: 'hex IPv4 (0x7f.1)', url: 'http://0x7f.1:{P}', expect: { addresses: ['127.0.0.1'] } },
  { name: 'short IPv4 (127.1)', url: 'http://127.1:{P}', expect: { addresses: ['127.0.0.1'] } },
  { name: 'octal IPv4 (0177.0.0.2)', url: 'http://0177.0.0.2:{P}', expect: { addresses: ['127.0.0.2'] } },
  { name: 'IPv6 loopback', url: 'http://[::1]:{P}', expect: { addresses: ['::1'] } },
  { name: 'IPv4-mapped loopback', url: 'http://[::ffff:127.0.0.1]:{P}', expect: { addresses: ['::ffff:7f00:1'] } },
  { name: 'localhost resolving to loopback (connects to the resolved address)', url: 'http://localhost:{P}', dns: { localhost: ['127.0.0.2'] }, expect: { addresses: ['127.0.0.2'] } },
  { name: '*.localhost resolving to loopback only', url: 'http://api.localhost:{P}', dns: { 'api.localhost': ['127.0.0.1', '::1'] }, expect: { addresses: ['127.0.0.1', '::1'] } },
  { name: 'LOCALHOST. (case and trailing dot)', url: 'http://LOCALHOST.:{P}', dns: { localhost: ['127.0.0.2'] }, expect: { addresses: ['127.0.0.2'] } },
  { name: 'allow-listed name', url: 'http://svc.internal:{P}', allowed: ['svc.internal'], dns: { 'svc.internal': ['127.0.0.2'] }, expect: { addresses: ['127.0.0.2'] } },
  { name: 'name under an allow-listed *.domain', url: 'http://a.b.example.test:{P}', allowed: ['*.example.test'], dns: { 'a.b.example.test': ['127.0.0.1'] }, expect: { addresses: ['127.0.0.1'] } },
  { name: 'allow-listed name resolving off loopback', url: 'http://db.example.test:{P}', allowed: ['*.example.test'], dns: { 'db.example.test': ['10.1.2.3'] }, expect: { addresses: ['10.1.2.3'] } },
  { name: 'address in an allow-listed CIDR', url: 'http://10.1.2.3:{P}', allowed: ['10.0.0.0/8'], expect: { addresses: ['10.1.2.3'] } },
  { name: 'IPv4-mapped address in an allow-listed IPv4 CIDR', url: 'http://[::ffff:10.0.0.5]:{P}', allowed: ['10.0.0.0/8'], expect: { addresses: ['::ffff:a00:5'] } },
  { name: 'IPv6 address in an allow-listed IPv6 CIDR', url: 'http://[fd00::5]:{P}', allowed: ['fd00::/8'], expect: { addresses: ['fd00::5'] } },
  { name: 'localhost allow-listed explicitly may resolve anywhere', url: 'http://localhost:{P}', allowed: ['localhost'], dns: { localhost: ['10.9.9.9'] }, expect: { addresses: ['10.9.9.9'] } },
  { name: 'an IP-looking DNS name (127.0.0.1.nip.io) is refused unresolved', url: 'http://127.0.0.1.nip.io:{P}', dns: { '127.0.0.1.nip.io': ['127.0.0.1'] }, expect: refused(false, /127\.0\.0\.1\.nip\.io" is a host name .*not the address 127\.0\.0\.1/) },
  { name: 'a CIDR entry never admits a name', url: 'http://127.0.0.1.nip.io:{P}', allowed: ['127.0.0.0/8'], dns: { '127.0.0.1.nip.io': ['127.0.0.1'] }, expect: refused(false) },
  { name: 'address outside loopback and the allow-list', url: 'http://10.0.0.5:{P}', expect: refused(false, /"10\.0\.0\.5" is an address outside loopback/) },
  { name: 'IPv4-mapped address outside loopback', url: 'http://[::ffff:10.0.0.5]:{P}', expect: refused(false) },
  { name: '0.0.0.0 (http://0/) is not loopback', url: 'http://0:{P}', expect: refused(false) },
  { name: ':: is not loopback', url: 'http://[::]:{P}', expect: refused(false) },
  { name: 'IPv4-compatible ::127.0.0.1 is not loopback', url: 'http://[::127.0.0.1]:{P}', expect: refused(false) },
  { name: 'exact entry does not match a longer name', url: 'http://example.test.evil.test:{P}', allowed: ['example.test'], expect: refused(false) },
  { name: '*.domain does not match the domain itself', url: 'http://example.test:{P}', allowed: ['*.example.test'], expect: refused(false) },
  { name: 'localhost resolving partly off loopback', url: 'http://localhost:{P}', dns: { localhost: ['127.0.0.1', '10.1.2.3'] }, expect: refused(true, /resolved to 127\.0\.0\.1, 10\.1\.2\.3/) },
  { name: '*.localhost resolving off loopback', url: 'http://evil.localhost:{P}', dns: { 'evil.localhost': ['192.0.2.7'] }, expect: refused(true) },
  { name: 'a name that does not resolve', url: 'http://localhost:{P}', dns: {}, expect: { code: 'unavailable', resolves: true, message: /cannot resolve "localhost"/ } },
  { name: 'scheme other than http(s)', url: 'ftp://127.0.0.1:{P}', expect: { code: 'invalid_argument', resolves: false, message: /must use http:\/\/ or https:\/\// } },
  { name: 'not a URL', url: 'not a url', expect: { code: 'invalid_argument', resolves: false, message: /must be an absolute http/ } },
  { name: 'a malformed allow-list entry is reported', url: 'http://127.0.0.1:{P}', allowed: ['10.0.0.0/33'], expect: { code: 'invalid_argument', resolves: false, message: /TUNECHAT_ALLOWED_HOSTS entry "10\.0\.0\.0\/33" is invalid/ } },
];

/**
 * An entry point under test. A check-stage one returns the addresses its client will connect to; one that
 * connects sends its request(s) to `path` on the test server, where the arrivals are observed, so only cases
 * admitted to loopback addresses can run there.
 */
interface EntryPoint {
  name: string;
  parameter: string;
  path?: string;
  admit(url: string, policy: { allowedHosts: string[]; resolveHost: HostResolver }): Promise<readonly string[] | void>;
}

const arrivals: { path: string; local: string; host: string }[] = [];
const servers: Server[] = [];
let port = 0;
const context = (): EvaluationContext => ({ trialNumber: 1, signal: AbortSignal.timeout(20_000), report: () => false });
const loadDeps = (policy: { allowedHosts: string[]; resolveHost: HostResolver }) => ({ clock: systemClock, ...policy, agent: false });

const ENTRY_POINTS: EntryPoint[] = [
  { name: 'checkHostUrl', parameter: 'url', admit: async (url, p) => (await checkHostUrl(url, { allowedHosts: p.allowedHosts, resolve: p.resolveHost })).addresses },
  { name: 'bench http', parameter: 'url', admit: async (url, p) => (await resolveHttpOptions({ url }, loadDeps(p))).connectTo! },
  { name: 'bench llm', parameter: 'base_url', admit: async (url, p) => (await resolveLlmOptions({ base_url: url }, loadDeps(p))).connectTo! },
  { name: 'bench stability', parameter: 'url', admit: async (url, p) => (await resolveStabilityOptions({ url }, loadDeps(p))).connectTo! },
  {
    name: 'optimizer http target',
    parameter: 'url',
    path: '/evaluate',
    admit: async (url, p) => {
      const target = createTarget({ kind: 'http', url: `${url}/evaluate` } as TargetSpec, { clock: systemClock, ...p });
      assert.deepEqual(await target.evaluate({ x: 1 }, context()), { loss: 1 });
    },
  },
  {
    name: 'service target health_url',
    parameter: 'health_url',
    path: '/health',
    admit: async (url, p) => {
      const spec = { kind: 'service', command: ['sleep', '30'], health_url: `${url}/health`, load: { type: 'http', url: `http://127.0.0.1:${port}/load`, connections: 1, requests: 1, duration_s: 5 } };
      await createServiceTarget(spec as TargetSpec, { clock: systemClock, ...p }).evaluate({}, context());
    },
  },
  {
    name: 'service target load url',
    parameter: 'load.url',
    path: '/load',
    admit: async (url, p) => {
      const spec = { kind: 'service', command: ['sleep', '30'], health_url: `http://127.0.0.1:${port}/health`, load: { type: 'http', url: `${url}/load`, connections: 1, requests: 1, duration_s: 5 } };
      await createServiceTarget(spec as TargetSpec, { clock: systemClock, ...p }).evaluate({}, context());
    },
  },
];

/** ::ffff:7f00:1 → 127.0.0.1: an IPv4-mapped connection arrives on the IPv4 listener. */
function plain(address: string): string {
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!mapped) return address;
  const [hi, lo] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}
const isLoopbackAnswer = (addresses: string[]) => addresses.every((a) => /^127\.|^::1$/.test(plain(a)));

function handler(req: IncomingMessage, res: ServerResponse): void {
  arrivals.push({ path: req.url ?? '', local: req.socket.localAddress ?? '', host: req.headers.host ?? '' });
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"loss": 1}'));
}

async function listenEverywhere(): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const first = createServer(handler);
    await new Promise<void>((r) => first.listen(0, '127.0.0.1', r));
    port = (first.address() as AddressInfo).port;
    const rest = ['127.0.0.2', '::1'].map(() => createServer(handler));
    const bound = await Promise.all(rest.map((s, i) => new Promise<boolean>((r) => s.once('error', () => r(false)).listen(port, i === 0 ? '127.0.0.2' : '::1', () => r(true)))));
    if (bound.every(Boolean)) return void servers.push(first, ...rest);
    for (const s of [first, ...rest]) s.close();
  }
  throw new Error('no port free on 127.0.0.1, 127.0.0.2 and ::1 together');
}

describe('host policy contract: every entry point decides alike', () => {
  let guard: ReturnType<typeof installDnsGuard>;
  before(async () => {
    await listenEverywhere();
    guard = installDnsGuard();
  });
  after(() => {
    guard.restore();
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  });

  for (const entry of ENTRY_POINTS) {
    describe(entry.name, () => {
      for (const c of CASES) {
        const admitted = 'addresses' in c.expect ? c.expect.addresses : null;
        const skip = entry.path && admitted && !isLoopbackAnswer(admitted) ? 'admitted off loopback: a real request would leave the machine (the check-stage entry points cover this case)' : false;
        test(c.name, { skip }, async () => {
          const calls: string[] = [];
          const resolveHost: HostResolver = async (host) => {
            calls.push(host);
            const answer = c.dns?.[host];
            if (!answer) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
            return answer;
          };
          arrivals.length = 0;
          guard.names.length = 0;
          const url = c.url.replace('{P}', String(port));
          const outcome = await entry.admit(url, { allowedHosts: c.allowed ?? [], resolveHost }).then(
            (addresses) => ({ addresses: addresses ? [...addresses] : [] }),
            (error: unknown) => ({ error }),
          );
          assert.deepEqual(guard.names, [], 'no system DNS lookup');
          if ('addresses' in c.expect) {
            if ('error' in outcome) throw outcome.error;
            if (!entry.path) return assert.deepEqual(outcome.addresses, c.expect.addresses);
            const mine = arrivals.filter((a) => a.path === entry.path);
            assert.ok(mine.length > 0, 'a request arrived');
            const checked = c.expect.addresses.map(plain);
            for (const a of mine) {
              assert.ok(checked.includes(plain(a.local)), `arrived on ${a.local}, checked ${checked.join(', ')}`);
              assert.equal(a.host.toLowerCase(), new URL(url).host.toLowerCase(), 'the Host header keeps the name');
            }
            return;
          }
          assert.ok('error' in outcome, `expected ${c.expect.code}, got addresses ${JSON.stringify('addresses' in outcome ? outcome.addresses : null)}`);
          const error = outcome.error;
          assert.ok(ToolError.isInstance(error), `expected a ToolError, got ${String(error)}`);
          assert.equal(error.code, c.expect.code, error.message);
          if (c.expect.message) assert.match(error.message, c.expect.message);
          assert.equal(calls.length > 0, c.expect.resolves, `resolver calls: ${JSON.stringify(calls)}`);
          if (entry.path) assert.deepEqual(arrivals, [], 'nothing was sent');
          if (error.code === 'forbidden') {
            const details = error.details as { parameter: string; host: string; allowed_hosts: string[]; fix: string; addresses?: string[] };
            assert.equal(details.parameter, entry.parameter);
            assert.deepEqual(details.allowed_hosts, c.allowed ?? []);
            assert.equal(details.fix, `TUNECHAT_ALLOWED_HOSTS=${[...(c.allowed ?? []), details.host].join(',')}`);
            assert.ok(error.message.startsWith(`${entry.parameter}: `) && error.message.includes(details.fix), error.message);
            if (c.expect.resolves) assert.deepEqual(details.addresses, c.dns?.[details.host]);
          }
        });
      }
    });
  }
});
