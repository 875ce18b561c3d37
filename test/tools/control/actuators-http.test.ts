import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../../tools/common/clock.ts';
import { ToolError } from '../../../tools/common/errors.ts';
import { createActuator } from '../../../tools/control/actuators/index.ts';

const failedWith = (pattern: RegExp) => (e: unknown) => ToolError.isInstance(e) && (e.code as string) === 'actuator_failed' && pattern.test(e.message);

describe('http actuator', () => {
  let server: Server;
  let base = '';
  const state: Record<string, number> = { workers: 8, cache_size: 200 };
  const seen: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${req.headers['content-type'] ?? ''} ${body}`);
        if (req.url === '/slow') return;
        if (req.url === '/broken') return res.writeHead(200).end('not json');
        if (req.method === 'GET') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.url === '/other' ? { threads: 2 } : state));
        const changes = JSON.parse(body) as Record<string, number>;
        if ((changes.workers ?? 1) > 64) return res.writeHead(400).end(JSON.stringify({ error: 'workers must be ≤ 64, got 99' }));
        Object.assign(state, changes);
        res.writeHead(200).end(JSON.stringify(state));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  test('reads and applies through the control endpoint', async () => {
    const actuator = createActuator('workers', { type: 'http', url: `${base}/control` }, { clock: systemClock });
    assert.equal(actuator.kind, 'http');
    assert.equal(await actuator.read(), 8);
    await actuator.apply(12);
    assert.equal(state.workers, 12);
    assert.equal(state.cache_size, 200, 'only the parameter is sent');
    assert.equal(seen.at(-1), 'PUT /control application/json {"workers":12}');
    const post = createActuator('cache_size', { type: 'http', url: `${base}/control`, method: 'POST' }, { clock: systemClock });
    await post.apply(500);
    assert.equal(seen.at(-1), 'POST /control application/json {"cache_size":500}');
  });

  test('a refusal, no answer, or a reply without the parameter is actuator_failed with the service\'s words', async () => {
    const actuator = createActuator('workers', { type: 'http', url: `${base}/control` }, { clock: systemClock });
    await assert.rejects(actuator.apply(99), failedWith(/PUT .*\/control \{"workers":99\} answered 400: .*workers must be ≤ 64, got 99/));
    assert.equal(state.workers, 12);
    await assert.rejects(createActuator('workers', { type: 'http', url: `${base}/other` }, { clock: systemClock }).read(), failedWith(/without a number "workers"/));
    await assert.rejects(createActuator('workers', { type: 'http', url: `${base}/broken` }, { clock: systemClock }).read(), failedWith(/with no JSON: "not json"/));
    await assert.rejects(createActuator('workers', { type: 'http', url: `${base}/slow` }, { clock: systemClock, timeout_ms: 100 }).apply(3), failedWith(/no answer within 100 ms/));
    await assert.rejects(createActuator('workers', { type: 'http', url: 'http://127.0.0.1:1/control' }, { clock: systemClock }).apply(3), failedWith(/failed: .*ECONNREFUSED/));
  });

  test('the host policy refuses a remote control URL before any connection', () => {
    assert.throws(
      () => createActuator('workers', { type: 'http', url: 'http://192.0.2.10/control' }, { clock: systemClock }),
      (e: unknown) => ToolError.isInstance(e) && e.code === 'forbidden' && /parameters\.workers\.actuator\.url/.test(e.message),
    );
  });
});
