#!/usr/bin/env node
// An example service to tune with tunechat: its tail latency really depends on its parameters.
//
//   node examples/service/server.mjs --port 8080 --workers 8 --cache-size 200
//
// Every GET /item?key=K needs a backend lookup (about 6 ms, simulated with a timer) unless K is in the
// LRU cache. Lookups run on a pool of `--workers` slots; requests queue when every slot is busy, so too few
// workers make p99 explode under load. The backend slows down as more lookups run at once (lock
// contention: +15% per concurrent lookup beyond 4), so too many workers hurt as well. Keys follow a Zipf
// distribution chosen by the client, so a bigger `--cache-size` turns more requests into fast hits.
// GET /health answers 200 once the server listens. Plain Node, no dependencies.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    workers: { type: 'string', default: '4' },
    'cache-size': { type: 'string', default: '0' },
    'backend-ms': { type: 'string', default: '6' },
  },
});
const workers = Math.max(1, Number(values.workers));
const cacheSize = Math.max(0, Number(values['cache-size']));
const backendMs = Number(values['backend-ms']);

const cache = new Map(); // insertion order = LRU order
let active = 0;
const queue = [];

function backendLookup(key) {
  active++;
  const contention = 1 + 0.15 * Math.max(0, active - 4);
  return new Promise((resolve) =>
    setTimeout(() => {
      active--;
      resolve(`value-${key}`);
    }, backendMs * contention),
  );
}

async function withWorker(fn) {
  if (active >= workers) await new Promise((resolve) => queue.push(resolve));
  try {
    return await fn();
  } finally {
    queue.shift()?.();
  }
}

async function lookup(key) {
  if (cache.has(key)) {
    const value = cache.get(key);
    cache.delete(key);
    cache.set(key, value);
    return value;
  }
  const value = await withWorker(() => backendLookup(key));
  if (cacheSize > 0) {
    cache.set(key, value);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value);
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

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/health') return res.end('ok');
  if (url.pathname !== '/item') {
    res.statusCode = 404;
    return res.end('not found');
  }
  const key = url.searchParams.get('key') ?? String(nextKey());
  lookup(key).then((value) => res.end(value));
});
server.keepAliveTimeout = 30_000;
server.listen(Number(values.port), values.host, () => {
  process.stderr.write(`example service on http://${values.host}:${server.address().port} workers=${workers} cache=${cacheSize}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
