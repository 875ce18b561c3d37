import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AppMetrics } from '../../server/metrics.ts';
import { startHttpServer } from '../support/http-test-server.ts';
import { generateMetricsActivity, type MetricsActivity } from '../support/metrics-activity.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';
import { concreteQuery, dashboardQueries } from './dashboard-queries.ts';

const PROMETHEUS = '/usr/bin/prometheus';
/** Grafana's $__rate_interval for a 1 s scrape is ≥ 4 s; 15 s holds the whole run's scrapes. */
const RANGES = { rateInterval: '15s', interval: '1s', range: '5m' };
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** A stand-in for examples/service's /metrics (same names): every scrape sees 20 more requests, so rates are never empty. */
function fakeExampleMetrics(scrape: number): string {
  const requests = 20 * scrape;
  // 60% under 5 ms, 35% under 25 ms, 5% under 100 ms.
  const under = (le: number) => Math.round(requests * (le >= 0.1 ? 1 : le >= 0.025 ? 0.95 : le >= 0.005 ? 0.6 : 0));
  const buckets = LATENCY_BUCKETS.map((le) => `example_request_duration_seconds_bucket{le="${le}"} ${under(le)}`);
  return [
    '# HELP example_request_duration_seconds GET /item latency', '# TYPE example_request_duration_seconds histogram', ...buckets,
    `example_request_duration_seconds_bucket{le="+Inf"} ${requests}`, `example_request_duration_seconds_sum ${(requests * 0.008).toFixed(3)}`, `example_request_duration_seconds_count ${requests}`,
    '# HELP example_inflight_requests in flight', '# TYPE example_inflight_requests gauge', `example_inflight_requests ${3 + (scrape % 4)}`,
    '# HELP example_workers pool size', '# TYPE example_workers gauge', 'example_workers 8',
    '# HELP example_busy_workers busy workers', '# TYPE example_busy_workers gauge', `example_busy_workers ${2 + (scrape % 5)}`, '',
  ].join('\n');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** GETs a Prometheus API path; throws with the body on a non-2xx answer. */
async function api<T>(base: string, path: string): Promise<T> {
  const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(5000) });
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${body.slice(0, 500)}`);
  return JSON.parse(body) as T;
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

test('a real Prometheus scrapes tunechat and the example service with deploy/prometheus/prometheus.yml, and every dashboard query returns data', { skip: existsSync(PROMETHEUS) ? false : `${PROMETHEUS} is missing (Debian package prometheus)`, timeout: 60_000 }, async () => {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'tunechat-prometheus-'));
  const services = createTestServices(scriptedModel([{ text: 'ok' }]));
  const metrics = new AppMetrics({ processMetrics: true });
  let server: TestServer | null = null;
  let activity: MetricsActivity | null = null;
  let example: Awaited<ReturnType<typeof startHttpServer>> | null = null;
  let prometheus: ChildProcess | null = null;
  let log = '';
  try {
    server = await startTestServer(services, { tools: {}, metrics });
    activity = await generateMetricsActivity(services, metrics, { activeStudy: { trialDelayMs: 200 } });
    let scrapes = 0;
    example = await startHttpServer((req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      res.setHeader('content-type', 'text/plain; version=0.0.4; charset=utf-8').end(fakeExampleMetrics(++scrapes));
    });

    // The shipped config, pointed at this test's ports and scraping every second.
    const shipped = readFileSync(new URL('../../deploy/prometheus/prometheus.yml', import.meta.url), 'utf8');
    let config = shipped;
    for (const [from, to] of [['scrape_interval: 5s', 'scrape_interval: 1s'], ['evaluation_interval: 5s', 'evaluation_interval: 1s'], ["'127.0.0.1:8787'", `'${new URL(server.url).host}'`], ["'127.0.0.1:8090'", `'${new URL(example.url).host}'`]] as const) {
      assert.ok(config.includes(from), `deploy/prometheus/prometheus.yml has ${from}`);
      config = config.replace(from, to);
    }
    writeFileSync(join(dir, 'prometheus.yml'), config);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    prometheus = spawn(PROMETHEUS, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
    prometheus.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    prometheus.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString('utf8')).slice(-20_000)));
    const exited = new Promise<number | null>((resolve) => prometheus!.once('exit', (code) => resolve(code)));

    await until('Prometheus ready', 15_000, async () => (await fetch(`${base}/-/ready`, { signal: AbortSignal.timeout(2000) })).ok);
    await until('both targets up with 3 scrapes each', 20_000, async () => {
      const { data } = await api<{ data: { activeTargets: { labels: { job: string }; health: string }[] } }>(base, '/api/v1/targets');
      if (data.activeTargets.length !== 2 || !data.activeTargets.every((t) => t.health === 'up')) return false;
      const counts = await api<{ data: { result: { value: [number, string] }[] } }>(base, `/api/v1/query?query=${encodeURIComponent('count_over_time(up[1m])')}`);
      return counts.data.result.length === 2 && counts.data.result.every((r) => Number(r.value[1]) >= 3);
    });
    // Activity while Prometheus watches, so the rate panels show more than zero: a rule that fires on the running
    // study's trials, and one more controller decision (on a series that exists already: a new series has no increase).
    services.rules.addRule({ rule_id: 'metrics-live', condition: { field: 'value', operator: '>=', value: 1 }, action: 'trigger_alert', params: { message: 'live trial {{fact.number}}' } });
    metrics.controlObserver().decision({ controller_id: activity.controllerId, seq: 2, at: Date.now(), policy: 'hpa', parameter: 'workers', from: 6, to: 8, outcome: 'applied', reason: 'p99 45 ms > 40 ms → workers 6 → 8', inputs: { latency_p99_ms: 45 }, slo_state: 'violated', slo_value: 45 });
    await until('the new alerts and decision scraped', 10_000, async () => {
      const query = 'increase(tunechat_alerts_total[15s]) > 0 and on() increase(tunechat_controller_decisions_total{outcome="applied"}[15s]) > 0';
      const answer = await api<{ data: { result: unknown[] } }>(base, `/api/v1/query?query=${encodeURIComponent(query)}`);
      return answer.data.result.length > 0;
    });
    console.log(`prometheus up and scraping after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const failures: string[] = [];
    const lines: string[] = [];
    for (const query of dashboardQueries()) {
      const expr = concreteQuery(query.expr, RANGES);
      const name = `${query.panel} [${query.refId}]`;
      try {
        const answer = await api<{ status: string; error?: string; data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } }>(base, `/api/v1/query?query=${encodeURIComponent(expr)}`);
        const result = answer.data.result;
        const finite = result.filter((r) => Number.isFinite(Number(r.value[1])));
        const first = result[0] ? `${JSON.stringify(result[0].metric)} = ${result[0].value[1]}` : '-';
        lines.push(`  ${name}: ${result.length} series, first ${first}`);
        if (answer.status !== 'success') failures.push(`${name}: status ${answer.status} ${answer.error ?? ''} (${expr})`);
        else if (finite.length === 0) failures.push(`${name}: ${result.length === 0 ? 'empty result' : 'only NaN values'} (${expr})`);
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message} (${expr})`);
      }
    }
    console.log(`dashboard queries (${lines.length}), ranges ${JSON.stringify(RANGES)}:\n${lines.join('\n')}`);
    console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.deepEqual(failures, [], `dashboard queries without data:\n${failures.join('\n')}`);
    assert.equal(await Promise.race([exited, Promise.resolve('running')]), 'running', `prometheus exited early:\n${log}`);
  } catch (error) {
    if (log) console.log(`prometheus log (tail):\n${log.slice(-4000)}`);
    throw error;
  } finally {
    if (prometheus && prometheus.exitCode === null) {
      const gone = new Promise<void>((resolve) => prometheus!.once('exit', () => resolve()));
      prometheus.kill('SIGTERM');
      const timer = setTimeout(() => prometheus!.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    await activity?.stop();
    await example?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
