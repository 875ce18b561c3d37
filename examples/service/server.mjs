#!/usr/bin/env node
// An example service to tune with tunechat: its tail latency really depends on its parameters.
//
//   node examples/service/server.mjs --port 8090 --workers 8 --cache-size 200 [--backend-ms 6] [--backend-jitter 0.5] [--contention-after 4]
//
// (Port 8090 is where tunechat.json's `control` section for example-service looks for it.)
// Every GET /item?key=K needs a backend lookup (about 6 ms, simulated with a timer) unless K is in the
// LRU cache. Lookups run on a pool of `--workers` slots; requests queue when every slot is busy, so too few
// workers make p99 explode under load. The backend slows down as more lookups run at once (lock
// contention: +15% per concurrent lookup beyond 4), so too many workers hurt as well. Keys follow a Zipf
// distribution chosen by the client, so a bigger `--cache-size` turns more requests into fast hits.
//
// It can also be steered while it runs (tunechat's live controller does this):
//   GET  /control                      → {"workers": 8, "cache_size": 200, "busy": 3, "queued": 0}
//   PUT  /control {"workers": 12}      resizes the pool now: a bigger pool starts queued lookups at once; a
//                                      smaller one lets running lookups finish and starts no new one until
//                                      fewer than `workers` are busy. {"cache_size": 50} evicts down to 50.
//   GET  /metrics                      Prometheus text format (prom-client): latency, queue wait, backend
//                                      time histograms; in-flight, busy, workers, cache gauges; counters.
//   GET  /health                       200 once the server listens.
// It binds 127.0.0.1 unless --host says otherwise: /control has no authentication.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    workers: { type: 'string', default: '4' },
    'cache-size': { type: 'string', default: '0' },
    'backend-ms': { type: 'string', default: '6' },
    // Share of the lookup time that is random (exponential, same mean): 0 = every lookup takes the same time.
    'backend-jitter': { type: 'string', default: '0' },
    // Concurrent lookups the backend serves at full speed; each one beyond slows every lookup by 15%.
    'contention-after': { type: 'string', default: '4' },
  },
});

/** What PUT /control accepts (the same bounds apply to the command-line flags). */
const LIMITS = { workers: { min: 1, max: 1024 }, cache_size: { min: 0, max: 1_000_000 } };
const BODY_LIMIT_BYTES = 4096;
const clampInt = (text, { min, max }) => Math.min(max, Math.max(min, Math.round(Number(text)) || min));
const backendMs = Number(values['backend-ms']);
const jitter = Math.min(1, Math.max(0, Number(values['backend-jitter']) || 0));
const contentionAfter = Math.max(0, Math.round(Number(values['contention-after'])) || 0);

// ---- metrics: one registry of our own (no global state, no default process metrics) -------------------
const registry = new Registry();
// Buckets fixed to the SLO tunechat controls (p99 < 40 ms): dense between 10 and 100 ms, 1 ms … 2.5 s.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5];
const metric = {
  duration: new Histogram({ name: 'example_request_duration_seconds', help: 'GET /item latency, from the request arriving to the answer sent', buckets: LATENCY_BUCKETS, registers: [registry] }),
  queueWait: new Histogram({ name: 'example_queue_wait_seconds', help: 'Time a cache miss waited for a free worker', buckets: LATENCY_BUCKETS, registers: [registry] }),
  backend: new Histogram({ name: 'example_backend_duration_seconds', help: 'Backend lookup time once it holds a worker', buckets: LATENCY_BUCKETS, registers: [registry] }),
  inflight: new Gauge({ name: 'example_inflight_requests', help: 'GET /item requests inside the service (queued + running)', registers: [registry] }),
  busy: new Gauge({ name: 'example_busy_workers', help: 'Workers running a backend lookup', registers: [registry] }),
  workers: new Gauge({ name: 'example_workers', help: 'Size of the worker pool', registers: [registry] }),
  cacheSize: new Gauge({ name: 'example_cache_size', help: 'Capacity of the LRU cache (entries)', registers: [registry] }),
  cacheEntries: new Gauge({ name: 'example_cache_entries', help: 'Entries in the LRU cache now', registers: [registry] }),
  hits: new Counter({ name: 'example_cache_hits_total', help: 'Lookups answered from the cache', registers: [registry] }),
  misses: new Counter({ name: 'example_cache_misses_total', help: 'Lookups that needed the backend', registers: [registry] }),
  errors: new Counter({ name: 'example_request_errors_total', help: 'GET /item requests answered with an error (a failed lookup: 500)', registers: [registry] }),
  aborted: new Counter({ name: 'example_requests_aborted_total', help: 'GET /item requests whose client left before the answer (not a service error)', registers: [registry] }),
};

// ---- the worker pool: `busy` never grows past `workers`; resizing takes effect at once ------------------
const pool = { workers: clampInt(values.workers, LIMITS.workers), busy: 0, waiting: [] };

/** Starts queued lookups while there is a free worker (after a release, or when the pool grows). */
function drain() {
  while (pool.busy < pool.workers && pool.waiting.length > 0) {
    pool.busy++;
    pool.waiting.shift()();
  }
  metric.busy.set(pool.busy);
}

/** Resolves once this lookup holds a worker (counted in `busy` before it resolves, so nobody overtakes it). */
function acquireWorker() {
  if (pool.busy < pool.workers && pool.waiting.length === 0) {
    pool.busy++;
    metric.busy.set(pool.busy);
    return Promise.resolve();
  }
  return new Promise((resolve) => pool.waiting.push(resolve));
}

function releaseWorker() {
  pool.busy--;
  drain(); // after a shrink, busy ≥ workers and nothing new starts until enough lookups finish
}

function resizePool(workers) {
  pool.workers = workers;
  metric.workers.set(workers);
  drain();
}

// A seeded uniform stream (xorshift32) for the random part of lookup times, so runs are repeatable.
let seed = 2463534242;
function uniform() {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return ((seed >>> 0) + 1) / 4294967297;
}

let concurrentLookups = 0;
function backendLookup(key) {
  concurrentLookups++;
  const contention = 1 + 0.15 * Math.max(0, concurrentLookups - contentionAfter);
  // (1 − jitter) fixed + jitter × Exp(1): the mean stays backendMs, real backends have a tail.
  const spread = jitter > 0 ? 1 - jitter + jitter * -Math.log(uniform()) : 1;
  return new Promise((resolve) =>
    setTimeout(() => {
      concurrentLookups--;
      resolve(`value-${key}`);
    }, backendMs * contention * spread),
  );
}

// ---- the LRU cache (Map insertion order = recency order) ---------------------------------------------
const cache = { size: clampInt(values['cache-size'], LIMITS.cache_size), entries: new Map() };

function resizeCache(size) {
  cache.size = size;
  while (cache.entries.size > size) cache.entries.delete(cache.entries.keys().next().value);
  metric.cacheSize.set(size);
  metric.cacheEntries.set(cache.entries.size);
}

async function lookup(key) {
  if (cache.entries.has(key)) {
    const value = cache.entries.get(key);
    cache.entries.delete(key);
    cache.entries.set(key, value);
    metric.hits.inc();
    return value;
  }
  metric.misses.inc();
  const queued = performance.now();
  await acquireWorker();
  const started = performance.now();
  metric.queueWait.observe((started - queued) / 1000);
  let value;
  try {
    value = await backendLookup(key);
  } finally {
    metric.backend.observe((performance.now() - started) / 1000);
    releaseWorker();
  }
  if (cache.size > 0) {
    cache.entries.set(key, value);
    if (cache.entries.size > cache.size) cache.entries.delete(cache.entries.keys().next().value);
    metric.cacheEntries.set(cache.entries.size);
  }
  return value;
}

// A deterministic Zipf-like key stream when the client does not send a key (load generators reuse one URL).
let counter = 0;
function nextKey() {
  counter = (counter * 1103515245 + 12345) % 2147483648;
  const u = (counter + 1) / 2147483649;
  return Math.floor(1 / Math.pow(u, 0.9)) % 5000; // heavy head, long tail of 5000 keys
}

// ---- HTTP ---------------------------------------------------------------------------------------------
function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The settings, plus how busy the pool is right now (read-only: `busy` may exceed `workers` just after a shrink). */
const currentControl = () => ({ workers: pool.workers, cache_size: cache.size, busy: pool.busy, queued: pool.waiting.length });

/** Checks a PUT /control body; returns the changes or a message naming the field and the rule. */
function parseControl(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return { error: `the body must be JSON like {"workers": 12, "cache_size": 400}, got ${JSON.stringify(text.slice(0, 60))}` };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { error: 'the body must be a JSON object like {"workers": 12}' };
  const unknown = Object.keys(body).filter((k) => !Object.hasOwn(LIMITS, k));
  if (unknown.length) return { error: `unknown field "${unknown[0]}"; known fields: workers, cache_size` };
  const fields = Object.keys(body);
  if (fields.length === 0) return { error: 'give "workers" and/or "cache_size"' };
  for (const field of fields) {
    const value = body[field];
    const { min, max } = LIMITS[field];
    if (!Number.isInteger(value) || value < min || value > max) {
      return { error: `"${field}" must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}` };
    }
  }
  return { changes: body };
}

function handleControl(req, res) {
  if (req.method === 'GET') return sendJson(res, 200, currentControl());
  if (req.method !== 'PUT') {
    res.setHeader('allow', 'GET, PUT');
    return sendJson(res, 405, { error: `${req.method} /control is not supported; use GET or PUT` });
  }
  const type = (req.headers['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    return sendJson(res, 415, { error: `content-type must be application/json, got "${type}"` });
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > BODY_LIMIT_BYTES) {
    res.setHeader('connection', 'close'); // do not read what we refuse
    return sendJson(res, 413, { error: `the body must be at most ${BODY_LIMIT_BYTES} bytes, got ${declared}` });
  }
  // Chunked bodies have no length up front: count, keep at most the limit, refuse at the end.
  const chunks = [];
  let bytes = 0;
  req.on('data', (chunk) => {
    bytes += chunk.length;
    if (bytes <= BODY_LIMIT_BYTES) chunks.push(chunk);
  });
  req.on('end', () => {
    if (bytes > BODY_LIMIT_BYTES) return sendJson(res, 413, { error: `the body must be at most ${BODY_LIMIT_BYTES} bytes, got ${bytes}` });
    const parsed = parseControl(Buffer.concat(chunks).toString('utf8'));
    if (parsed.error) return sendJson(res, 400, { error: parsed.error });
    if (parsed.changes.cache_size !== undefined) resizeCache(parsed.changes.cache_size);
    if (parsed.changes.workers !== undefined) resizePool(parsed.changes.workers);
    process.stderr.write(`control: workers=${pool.workers} cache=${cache.size}\n`);
    sendJson(res, 200, currentControl());
  });
}

function handleItem(req, res, url) {
  const start = performance.now();
  metric.inflight.inc();
  let done = false;
  const finish = (outcome) => {
    if (done) return;
    done = true;
    metric.inflight.dec();
    if (outcome === 'error') metric.errors.inc();
    else if (outcome === 'aborted') metric.aborted.inc();
    if (outcome !== 'aborted') metric.duration.observe((performance.now() - start) / 1000);
  };
  res.on('close', () => finish(res.writableFinished ? 'ok' : 'aborted'));
  const key = url.searchParams.get('key') ?? String(nextKey());
  lookup(key).then(
    (value) => {
      res.end(value);
      finish('ok');
    },
    (error) => {
      sendJson(res, 500, { error: String(error?.message ?? error) });
      finish('error');
    },
  );
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  switch (url.pathname) {
    case '/item':
      return handleItem(req, res, url);
    case '/health':
      return res.end('ok');
    case '/control':
      return handleControl(req, res);
    case '/metrics':
      return registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(text);
      });
    default:
      res.statusCode = 404;
      return res.end('not found');
  }
});
resizePool(pool.workers);
resizeCache(cache.size);
server.keepAliveTimeout = 30_000;
server.listen(Number(values.port), values.host, () => {
  process.stderr.write(`example service on http://${values.host}:${server.address().port} workers=${pool.workers} cache=${cache.size}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 2000).unref(); // keep-alive clients that never leave
  });
}
