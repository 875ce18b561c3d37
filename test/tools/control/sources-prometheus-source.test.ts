import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ManualClock } from '../../../tools/common/clock.ts';
import { ToolError } from '../../../tools/common/errors.ts';
import { createSource, type HttpRequester } from '../../../tools/control/sources/index.ts';
import type { MetricSource } from '../../../tools/control/types.ts';

const URL_ = 'http://127.0.0.1:9/metrics';

/** A service's metrics, registered in its own prom-client Registry and served through a fake requester. */
function fakeService() {
  const registry = new Registry();
  const latency = new Histogram({ name: 'svc_request_duration_seconds', help: 'latency', labelNames: ['route'], buckets: [0.01, 0.02, 0.04, 0.08], registers: [registry] });
  const queue = new Histogram({ name: 'svc_queue_wait_seconds', help: 'queue wait', buckets: [0.001, 0.01, 0.1], registers: [registry] });
  const backend = new Histogram({ name: 'svc_backend_duration_milliseconds', help: 'backend', buckets: [1, 5, 10], registers: [registry] });
  const errors = new Counter({ name: 'svc_request_errors_total', help: 'errors', labelNames: ['code'], registers: [registry] });
  const inflight = new Gauge({ name: 'svc_inflight_requests', help: 'inflight', registers: [registry] });
  const busy = new Gauge({ name: 'svc_busy_workers', help: 'busy', labelNames: ['pool'], registers: [registry] });
  let status = 200;
  const requests: string[] = [];
  const request: HttpRequester = async (options) => {
    requests.push(`${options.method} ${options.target.url.href}`);
    return { status, body: status === 200 ? await registry.metrics() : 'overloaded' };
  };
  return { registry, latency, queue, backend, errors, inflight, busy, request, requests, setStatus: (s: number) => (status = s) };
}

const mapping = {
  latency: 'svc_request_duration_seconds',
  queue_wait: 'svc_queue_wait_seconds',
  service: 'svc_backend_duration_milliseconds',
  errors: 'svc_request_errors_total{code="500"}',
  inflight: 'svc_inflight_requests',
  busy: 'svc_busy_workers',
};

describe('Prometheus source', () => {
  test('signals() lists what the mapping yields, before any read', () => {
    const clock = new ManualClock(0);
    const source = createSource({ type: 'prometheus', url: URL_, signals: { latency: 'a_seconds', busy: 'b' } }, { clock });
    assert.deepEqual(source.signals(), ['latency_p50_ms', 'latency_p90_ms', 'latency_p99_ms', 'latency_mean_ms', 'requests_per_s', 'busy']);
    assert.equal(source.kind, 'prometheus');
    assert.equal(source.describe, URL_);
  });

  test('rates, quantiles and means over the window from bucket increases', async () => {
    const svc = fakeService();
    const clock = new ManualClock(1_000_000);
    const source = createSource({ type: 'prometheus', url: URL_, signals: mapping, window_s: 5 }, { clock, request: svc.request });
    // Lifetime observations before the first scrape must not count: only increases do.
    for (let i = 0; i < 1000; i++) svc.latency.observe({ route: '/' }, 0.07);
    svc.inflight.set(7);
    svc.busy.set({ pool: 'a' }, 3);
    svc.busy.set({ pool: 'b' }, 2);
    const first = await source.read();
    assert.deepEqual(first.values, { inflight: 7, busy: 5 }, 'one scrape: gauges only, no rates yet');
    assert.equal(first.count, 0);
    assert.equal(first.at, 1_000_000);

    clock.advance(1000);
    // 100 requests in one second: 50 at 5 ms, 40 at 15 ms, 10 at 30 ms (across two routes, summed).
    for (let i = 0; i < 50; i++) svc.latency.observe({ route: '/' }, 0.005);
    for (let i = 0; i < 40; i++) svc.latency.observe({ route: '/x' }, 0.015);
    for (let i = 0; i < 10; i++) svc.latency.observe({ route: '/x' }, 0.03);
    for (let i = 0; i < 20; i++) svc.queue.observe(0.002);
    for (let i = 0; i < 200; i++) svc.backend.observe(3);
    svc.errors.inc({ code: '500' }, 5);
    svc.errors.inc({ code: '404' }, 50); // not selected
    const second = await source.read();
    const v = second.values;
    assert.equal(second.count, 100);
    assert.equal(v.requests_per_s, 100);
    // p50: rank 50 ends the first bucket (≤ 10 ms) exactly → 10 ms. p90: rank 90 ends (10, 20] → 20 ms.
    assert.ok(Math.abs(v.latency_p50_ms! - 10) < 1e-9, String(v.latency_p50_ms));
    assert.ok(Math.abs(v.latency_p90_ms! - 20) < 1e-9, String(v.latency_p90_ms));
    // p99: rank 99 in (20, 40] holding 10: 20 + 20·(9/10) = 38 ms.
    assert.ok(Math.abs(v.latency_p99_ms! - 38) < 1e-9, String(v.latency_p99_ms));
    assert.ok(Math.abs(v.latency_mean_ms! - (50 * 5 + 40 * 15 + 10 * 30) / 100) < 1e-9);
    assert.ok(Math.abs(v.queue_wait_ms! - 2) < 1e-9, 'seconds → ms');
    assert.ok(Math.abs(v.service_ms! - 3) < 1e-9, 'a _milliseconds histogram stays in ms');
    assert.equal(v.work_per_s, 200);
    assert.equal(v.errors_per_s, 5);
    assert.equal(v.error_rate, 0.05);

    // Two more seconds with nothing: the window (5 s) still holds the burst, spread over 3 s.
    clock.advance(2000);
    const third = await source.read();
    assert.equal(third.count, 100);
    assert.ok(Math.abs(third.values.requests_per_s! - 100 / 3) < 1e-9);
    // After the window passes, no requests: latency signals absent (never NaN), rate 0.
    clock.advance(6000);
    await source.read();
    clock.advance(1000);
    const idle = await source.read();
    assert.equal(idle.count, 0);
    assert.equal(idle.values.requests_per_s, 0);
    assert.equal(idle.values.latency_p99_ms, undefined);
    assert.equal(idle.values.error_rate, undefined);
    assert.ok(Object.values(idle.values).every(Number.isFinite));
  });

  test('a counter reset (the service restarted) counts from zero, not as a negative rate', async () => {
    let body = '';
    const clock = new ManualClock(0);
    const source = createSource({ type: 'prometheus', url: URL_, signals: { latency: 'l_seconds', errors: 'e_total' } }, { clock, request: async () => ({ status: 200, body }) });
    const page = (count: number, errors: number) =>
      `# TYPE l_seconds histogram\nl_seconds_bucket{le="0.1"} ${count}\nl_seconds_bucket{le="+Inf"} ${count}\nl_seconds_sum ${count * 0.05}\nl_seconds_count ${count}\n# TYPE e_total counter\ne_total ${errors}\n`;
    body = page(1000, 10);
    await source.read();
    clock.advance(1000);
    body = page(1100, 12);
    await source.read();
    clock.advance(1000);
    body = page(30, 1); // restarted: 30 new requests, 1 new error
    const sample = await source.read();
    assert.equal(sample.count, 130);
    assert.equal(sample.values.requests_per_s, 65);
    assert.equal(sample.values.errors_per_s, 1.5);
    assert.ok(Math.abs(sample.values.error_rate! - 3 / 130) < 1e-12);
    assert.ok(Math.abs(sample.values.latency_mean_ms! - 50) < 1e-9);
  });

  test('failures are source_unavailable with the reason: status, bad text, a mapped metric the page lacks', async () => {
    const svc = fakeService();
    const clock = new ManualClock(0);
    const read = (source: MetricSource) => source.read();
    const source = createSource({ type: 'prometheus', url: URL_, signals: mapping }, { clock, request: svc.request });
    svc.setStatus(503);
    await assert.rejects(read(source), (e: unknown) => ToolError.isInstance(e) && (e.code as string) === 'source_unavailable' && /answered 503: "overloaded"/.test(e.message));
    const garbled = createSource({ type: 'prometheus', url: URL_, signals: mapping }, { clock, request: async () => ({ status: 200, body: 'ok 1\nbroken{ 2' }) });
    await assert.rejects(read(garbled), (e: unknown) => ToolError.isInstance(e) && (e.code as string) === 'source_unavailable' && /line 2/.test(e.message));
    svc.setStatus(200);
    const typo = createSource({ type: 'prometheus', url: URL_, signals: { latency: 'svc_request_duration_secs' } }, { clock, request: svc.request });
    await assert.rejects(read(typo), (e: unknown) => ToolError.isInstance(e) && /metrics\.signals\.latency: .* has no metric named svc_request_duration_secs; it has svc_request_duration_seconds/.test(e.message));
    const failing = createSource({ type: 'prometheus', url: URL_, signals: mapping }, { clock, request: async () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })) });
    await assert.rejects(read(failing), (e: unknown) => ToolError.isInstance(e) && /cannot read http:\/\/127\.0\.0\.1:9\/metrics: connect ECONNREFUSED/.test(e.message));
  });

  test('the host policy refuses a non-loopback URL before any request; bad mappings name the field', () => {
    const clock = new ManualClock(0);
    assert.throws(() => createSource({ type: 'prometheus', url: 'http://10.1.2.3/metrics', signals: mapping }, { clock }), (e: unknown) => ToolError.isInstance(e) && e.code === 'forbidden' && /metrics\.url/.test(e.message));
    assert.throws(() => createSource({ type: 'prometheus', url: URL_, signals: { errors: 'x{code=500}' } }, { clock }), /metrics\.signals\.errors must be a metric name/);
    assert.throws(() => createSource({ type: 'prometheus', url: URL_, signals: {} }, { clock }), /metrics\.signals must map at least one/);
    assert.throws(() => createSource({ type: 'prometheus', url: URL_, signals: mapping, window_s: 0 }, { clock }), /metrics\.window_s must be in/);
    // An allowed host opens it.
    assert.ok(createSource({ type: 'prometheus', url: 'http://10.1.2.3/metrics', signals: mapping }, { clock, allowedHosts: ['10.1.2.3'] }));
  });

  describe('over real loopback HTTP', () => {
    let server: Server;
    let base = '';
    let big = false;
    const registry = new Registry();
    const gauge = new Gauge({ name: 'real_inflight', help: 'x', registers: [registry] });
    before(async () => {
      server = createServer(async (req, res) => {
        if (big) return res.end('x'.repeat(5 * 1024 * 1024));
        if (req.url === '/slow') return; // never answers
        res.setHeader('content-type', registry.contentType);
        res.end(await registry.metrics());
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    after(() => {
      server.closeAllConnections();
      server.close();
    });

    test('scrapes, caps the body, times out', async () => {
      const clock = new ManualClock(0);
      gauge.set(4);
      const source = createSource({ type: 'prometheus', url: `${base}/metrics`, signals: { inflight: 'real_inflight' } }, { clock });
      assert.deepEqual((await source.read()).values, { inflight: 4 });
      big = true;
      await assert.rejects(source.read(), /answered more than 4194304 bytes/);
      big = false;
      const slow = createSource({ type: 'prometheus', url: `${base}/slow`, signals: { inflight: 'real_inflight' } }, { clock, timeout_ms: 100 });
      await assert.rejects(slow.read(), /no answer within 100 ms/);
      const aborted = new AbortController();
      aborted.abort(new Error('the controller stopped'));
      await assert.rejects(source.read(aborted.signal), /the controller stopped/);
    });
  });
});
