import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startExampleService, stopExampleService, type ExampleService } from '../support/example-service.ts';

/**
 * The example service's live controls (PUT/GET /control) and its Prometheus /metrics, against the real
 * process on a free loopback port. Lookups are slowed down (--backend-ms) so the pool's state can be read
 * while requests are held; what is asserted are invariants of the pool, never timings.
 */
type Service = ExampleService;
const startService = startExampleService;
const stopService = stopExampleService;

interface ControlState {
  workers: number;
  cache_size: number;
  busy: number;
  queued: number;
}

const getControl = async (base: string) => (await (await fetch(`${base}/control`, { signal: AbortSignal.timeout(10_000) })).json()) as ControlState;

async function putControl(base: string, body: string, contentType = 'application/json'): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}/control`, { method: 'PUT', body, headers: { 'content-type': contentType }, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Polls until `check` holds (bounded: 200 tries × 25 ms); returns the last state. */
async function waitFor(base: string, check: (state: ControlState) => boolean, what: string): Promise<ControlState> {
  let state = await getControl(base);
  for (let i = 0; i < 200 && !check(state); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    state = await getControl(base);
  }
  assert.ok(check(state), `${what}: ${JSON.stringify(state)}`);
  return state;
}

/** One sample value from the Prometheus text format (no labels), or undefined. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('example service: live control', () => {
  let service: Service;
  before(async () => {
    service = await startService(['--workers', '2', '--cache-size', '0', '--backend-ms', '250']);
  });
  after(() => stopService(service));

  test('GET /control reads the settings and PUT /control changes either one', async () => {
    assert.deepEqual(await getControl(service.base), { workers: 2, cache_size: 0, busy: 0, queued: 0 });
    const both = await putControl(service.base, '{"workers": 5, "cache_size": 10}');
    assert.equal(both.status, 200);
    assert.deepEqual(both.json, { workers: 5, cache_size: 10, busy: 0, queued: 0 });
    const one = await putControl(service.base, '{"workers": 3}');
    assert.deepEqual([one.json.workers, one.json.cache_size], [3, 10]);
    const state = await getControl(service.base);
    assert.deepEqual([state.workers, state.cache_size], [3, 10]);
  });

  test('bad bodies are refused with a message naming the field and the rule, and change nothing', async () => {
    await putControl(service.base, '{"workers": 3, "cache_size": 10}');
    const cases: [string, number, RegExp, string?][] = [
      ['not json', 400, /must be JSON/],
      ['[1, 2]', 400, /JSON object/],
      ['{}', 400, /give "workers" and\/or "cache_size"/],
      ['{"threads": 4}', 400, /unknown field "threads"/],
      ['{"workers": 0}', 400, /"workers" must be an integer from 1 to 1024, got 0/],
      ['{"workers": 1025}', 400, /from 1 to 1024, got 1025/],
      ['{"workers": 2.5}', 400, /integer .* got 2\.5/],
      ['{"workers": "8"}', 400, /integer .* got "8"/],
      ['{"workers": 4, "cache_size": -1}', 400, /"cache_size" must be an integer from 0 to 1000000, got -1/],
      ['{"cache_size": 1000001}', 400, /got 1000001/],
      [`{"workers": 4, "pad": "${'x'.repeat(5000)}"}`, 413, /at most 4096 bytes/],
      ['workers=4', 415, /content-type must be application\/json/, 'application/x-www-form-urlencoded'],
    ];
    for (const [body, status, message, type] of cases) {
      const result = await putControl(service.base, body, type);
      assert.equal(result.status, status, body.slice(0, 40));
      assert.match(String(result.json.error), message, body.slice(0, 40));
    }
    const state = await getControl(service.base);
    assert.deepEqual([state.workers, state.cache_size], [3, 10], 'a refused body changes nothing');
    const wrongMethod = await fetch(`${service.base}/control`, { method: 'POST', body: '{"workers": 4}', signal: AbortSignal.timeout(10_000) });
    assert.equal(wrongMethod.status, 405);
  });

  test('growing the pool starts queued lookups at once; shrinking starts nothing new until busy < workers', { timeout: 60_000 }, async () => {
    await putControl(service.base, '{"workers": 1, "cache_size": 0}');
    // 30 distinct keys: every request is a cache miss that needs a worker for 250 ms.
    const requests = Array.from({ length: 30 }, (_, i) => fetch(`${service.base}/item?key=grow-${i}`, { signal: AbortSignal.timeout(40_000) }).then((r) => r.text()));
    await waitFor(service.base, (s) => s.busy + s.queued === 30, 'all 30 requests are inside the service');
    const grown = await putControl(service.base, '{"workers": 20}');
    // The resize ran before the answer was written: 20 lookups hold a worker now (at most a few finished before).
    assert.equal(grown.json.busy, 20);
    assert.ok(Number(grown.json.queued) <= 10, JSON.stringify(grown.json));

    const shrunk = await putControl(service.base, '{"workers": 2}');
    assert.equal(shrunk.json.workers, 2);
    const queuedAtShrink = Number(shrunk.json.queued);
    // Until enough running lookups finished, nothing leaves the queue; once busy fell below the new size it never
    // exceeds it again.
    let settled = false;
    let samples = 0;
    let state = await getControl(service.base);
    while (state.busy + state.queued > 0 && samples < 600) {
      samples++;
      if (state.busy <= 2) settled = true;
      if (settled) assert.ok(state.busy <= 2, `busy ${state.busy} > 2 workers after the shrink completed`);
      else assert.equal(state.queued, queuedAtShrink, `a lookup started while busy ${state.busy} ≥ 2 workers`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      state = await getControl(service.base);
    }
    const answers = await Promise.all(requests);
    assert.ok(answers.every((a, i) => a === `value-grow-${i}`));
    assert.ok(settled, 'the pool drained below its new size');
    assert.deepEqual([state.busy, state.queued], [0, 0]);
  });

  test('shrinking the cache evicts down to the new size, least recently used first', async () => {
    await putControl(service.base, '{"workers": 16, "cache_size": 5}');
    for (let i = 1; i <= 8; i++) await (await fetch(`${service.base}/item?key=c${i}`, { signal: AbortSignal.timeout(10_000) })).text();
    const metrics = async () => (await fetch(`${service.base}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
    assert.equal(sample(await metrics(), 'example_cache_entries'), 5);
    await putControl(service.base, '{"cache_size": 2}');
    const before = await metrics();
    assert.equal(sample(before, 'example_cache_entries'), 2);
    assert.equal(sample(before, 'example_cache_size'), 2);
    // c7 and c8 are kept (the most recent), c6 was evicted.
    await (await fetch(`${service.base}/item?key=c8`, { signal: AbortSignal.timeout(10_000) })).text();
    await (await fetch(`${service.base}/item?key=c6`, { signal: AbortSignal.timeout(10_000) })).text();
    const afterText = await metrics();
    assert.equal(sample(afterText, 'example_cache_hits_total'), sample(before, 'example_cache_hits_total')! + 1);
    assert.equal(sample(afterText, 'example_cache_misses_total'), sample(before, 'example_cache_misses_total')! + 1);
  });

  test('a client that leaves before the answer counts as aborted, not as a service error', async () => {
    await putControl(service.base, '{"workers": 4, "cache_size": 0}');
    const metrics = async () => (await fetch(`${service.base}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
    const before = await metrics();
    const abort = new AbortController();
    const request = fetch(`${service.base}/item?key=gone`, { signal: abort.signal }).catch(() => 'aborted');
    await waitFor(service.base, (s) => s.busy === 1, 'the lookup holds a worker');
    abort.abort();
    assert.equal(await request, 'aborted');
    let text = await metrics();
    for (let i = 0; i < 200 && sample(text, 'example_requests_aborted_total') === sample(before, 'example_requests_aborted_total'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      text = await metrics();
    }
    assert.equal(sample(text, 'example_requests_aborted_total'), sample(before, 'example_requests_aborted_total')! + 1);
    assert.equal(sample(text, 'example_request_errors_total'), sample(before, 'example_request_errors_total'));
    assert.equal(sample(text, 'example_inflight_requests'), 0);
  });

  test('/metrics is Prometheus text with the SLO-bucketed histograms and the pool gauges', async () => {
    await putControl(service.base, '{"workers": 7, "cache_size": 0}');
    await (await fetch(`${service.base}/item?key=m1`, { signal: AbortSignal.timeout(10_000) })).text();
    const response = await fetch(`${service.base}/metrics`, { signal: AbortSignal.timeout(10_000) });
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const types = new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    for (const name of ['example_request_duration_seconds', 'example_queue_wait_seconds', 'example_backend_duration_seconds']) {
      assert.equal(types.get(name), 'histogram', name);
      const buckets = [...text.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\S+)$`, 'gm'))];
      assert.equal(buckets.length, 21, `${name}: 20 buckets + Inf`);
      assert.deepEqual([buckets[0]![1], buckets[9]![1], buckets[19]![1], buckets[20]![1]], ['0.001', '0.04', '2.5', '+Inf']);
      const counts = buckets.map((b) => Number(b[2]));
      assert.ok(counts.every((c, i) => i === 0 || c >= counts[i - 1]!), `${name}: cumulative buckets`);
      assert.equal(counts.at(-1), sample(text, `${name}_count`));
      assert.ok(sample(text, `${name}_count`)! >= 1, name);
    }
    for (const [name, type] of [
      ['example_inflight_requests', 'gauge'],
      ['example_busy_workers', 'gauge'],
      ['example_workers', 'gauge'],
      ['example_cache_size', 'gauge'],
      ['example_cache_hits_total', 'counter'],
      ['example_cache_misses_total', 'counter'],
      ['example_request_errors_total', 'counter'],
      ['example_requests_aborted_total', 'counter'],
    ] as const) {
      assert.equal(types.get(name), type, name);
    }
    assert.equal(sample(text, 'example_workers'), 7);
    assert.equal(sample(text, 'example_busy_workers'), 0);
    assert.equal(sample(text, 'example_inflight_requests'), 0);
    // The backend took at least the 250 ms it sleeps (a lower bound of the code, not a speed measurement).
    assert.ok(sample(text, 'example_backend_duration_seconds_sum')! >= 0.24);
    if (existsSync('/usr/bin/promtool')) {
      const lint = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 20_000 });
      assert.equal(lint.status, 0, `promtool check metrics: ${lint.stdout}${lint.stderr}`);
    }
  });
});
