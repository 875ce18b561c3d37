import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import type { ServerFrame } from '../../server/protocol.ts';
import { ChatConnection, MAX_FRAME_BYTES, MAX_REQUESTS_PER_CONNECTION } from '../../server/ws/chat-connection.ts';
import type { TurnHub } from '../../server/chat/turn-hub.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { createOptimizerTools, startStudyInput } from '../../tools/optimizer/agent-tools.ts';
import { InMemoryStorage } from '../../tools/optimizer/in-memory-storage.ts';
import { StudyManager } from '../../tools/optimizer/study-manager.ts';
import { normalizeSpec, SPEC_LIMITS } from '../../tools/optimizer/study-spec.ts';
import type { TargetResolver } from '../../tools/optimizer/target-resolver.ts';
import type { StudySpec } from '../../tools/optimizer/types.ts';
import { parseTargetInput, TARGET_LIMITS } from '../../tools/targets/definition-schema.ts';
import { stepParts } from '../support/mock-model.ts';
import { sendOversizeFrame } from '../support/raw-websocket.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';
import { WsTestClient } from '../support/ws-client.ts';

const MIB = 1024 * 1024;

/** A model whose answers wait until `release()` (or the turn's abort), so turns stay running as long as a test needs. */
function gatedModel() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const model = new MockLanguageModelV3({
    doStream: async (options: LanguageModelV3CallOptions) => {
      await new Promise<void>((resolve, reject) => {
        void gate.then(resolve);
        options.abortSignal?.addEventListener('abort', () => reject(options.abortSignal!.reason), { once: true });
      });
      return { stream: simulateReadableStream({ chunks: stepParts({ text: 'done' }), chunkDelayInMs: null }) };
    },
  });
  return { model, release: open };
}

/** POST/PATCH `size` bytes of 'a' in 64 KiB writes (honouring backpressure), with or without Content-Length. */
function sendBody(url: string, options: { method: string; size: number; chunked: boolean }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (!options.chunked) headers['content-length'] = String(options.size);
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: options.method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    let answered = false;
    req.on('response', () => (answered = true));
    const pump = () => {
      while (sent < options.size && !answered) {
        const piece = Math.min(chunk.length, options.size - sent);
        sent += piece;
        if (!req.write(piece === chunk.length ? chunk : chunk.subarray(0, piece))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('websocket frame limits', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(createTestServices(gatedModel().model), { tools: {} });
  });
  after(() => server.close());

  test('oversize frames are refused from their header (close 1009) without buffering them; /healthz still answers', async (t) => {
    const frameBytes = 16 * MIB;
    const frames = 4;
    // Warm up the code paths (and the test's own fetch) so that only the attack is measured.
    for (let i = 0; i < 2; i++) await sendOversizeFrame(server.wsUrl, { payloadBytes: 2 * MIB });
    await fetch(`${server.url}/healthz`);
    const before = process.memoryUsage.rss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2);
    const results = await Promise.all(Array.from({ length: frames }, () => sendOversizeFrame(server.wsUrl, { payloadBytes: frameBytes })));
    const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) });
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
    assert.equal(health.status, 200);
    for (const result of results) {
      assert.equal(result.closeCode, 1009, `expected close 1009 (message too big), got ${JSON.stringify(result)}`);
      assert.ok(result.payloadSent < frameBytes, `the server closed before the whole frame arrived (${result.payloadSent} of ${frameBytes} bytes sent)`);
    }
    // Old behaviour: every frame buffered whole (and decoded), ≥ frames × frameBytes. The server here is in-process.
    const growth = peak - before;
    t.diagnostic(`peak RSS growth ${(growth / MIB).toFixed(1)} MiB under ${frames} × ${frameBytes / MIB} MiB frames`);
    assert.ok(growth < (frames * frameBytes) / 2, `RSS grew ${(growth / MIB).toFixed(1)} MiB under ${frames} × ${frameBytes / MIB} MiB frames`);
  });

  test('a frame under the limit in characters but over it in UTF-8 bytes is refused', async () => {
    const client = await WsTestClient.connect(server.wsUrl);
    // 400,000 '€' = 400,000 UTF-16 units but 1,200,000 UTF-8 bytes; unknown keys are ignored by the protocol schema.
    const frame = JSON.stringify({ type: 'send', requestId: 'big', id: null, text: 'hello', pad: '€'.repeat(400_000) });
    assert.ok(frame.length < MAX_FRAME_BYTES && Buffer.byteLength(frame) > MAX_FRAME_BYTES);
    const closed = new Promise<number | string>((resolve) => {
      client.socket.once('close', (code) => resolve(code));
      setTimeout(() => resolve('still open after 5 s'), 5000).unref();
    });
    client.send(frame);
    const code = await closed;
    client.drop();
    assert.equal(code, 1009, `frames: ${JSON.stringify(client.frames.map((f) => f.type))}`);
    assert.equal(client.frames.find((f) => f.type === 'start'), undefined);
  });

  test('the connection itself counts UTF-8 bytes (second line of defence) and caps requests in flight', () => {
    const sent: ServerFrame[] = [];
    const started: string[] = [];
    const hub = {
      start: (input: { text: string }) => (started.push(input.text), { sessionId: `s${started.length}`, turnId: 't', done: new Promise(() => {}) }),
      detach: () => {},
    } as unknown as TurnHub;
    const connection = new ChatConnection(hub, (frame) => sent.push(frame));
    connection.receive(JSON.stringify({ type: 'send', requestId: 'x', id: null, text: 'hi', pad: 'é'.repeat(600_000) }));
    assert.deepEqual(started, []);
    assert.equal(sent[0]?.type, 'error');
    assert.match((sent[0] as { errorText: string }).errorText, new RegExp(`frame is 1200\\d+ bytes \\(UTF-8\\); the limit is ${MAX_FRAME_BYTES} bytes`));
    sent.length = 0;
    for (let i = 0; i <= MAX_REQUESTS_PER_CONNECTION; i++) connection.receive(JSON.stringify({ type: 'send', requestId: `r${i}`, id: null, text: `t${i}` }));
    assert.equal(started.length, MAX_REQUESTS_PER_CONNECTION);
    const refused = sent.find((f) => f.type === 'error') as Extract<ServerFrame, { type: 'error' }>;
    assert.equal(refused.code, 'busy');
    assert.equal(refused.requestId, `r${MAX_REQUESTS_PER_CONNECTION}`);
    assert.match(refused.errorText, new RegExp(`${MAX_REQUESTS_PER_CONNECTION} requests in flight`));
  });
});

describe('REST body limits', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(createTestServices(gatedModel().model, { TUNECHAT_MAX_IMPORT_BYTES: String(2 * MIB) }), { tools: {} });
  });
  after(() => server.close());

  for (const chunked of [false, true]) {
    test(`a body over 1 MiB gets 413 with a JSON error (${chunked ? 'chunked, no Content-Length' : 'Content-Length'})`, async () => {
      const res = await sendBody(`${server.url}/api/sessions/some-id`, { method: 'PATCH', size: 2 * MIB, chunked });
      assert.equal(res.status, 413);
      const body = JSON.parse(res.body) as { error: { code: string; message: string; details: { limit: number; contentLength?: number } } };
      assert.equal(body.error.code, 'too_large');
      assert.equal(body.error.details.limit, MIB);
      assert.match(body.error.message, new RegExp(`the limit for PATCH /api/sessions/some-id is ${MIB} bytes`));
      if (!chunked) assert.equal(body.error.details.contentLength, 2 * MIB);
    });
  }

  test('a body under the limit still reaches the route', async () => {
    const res = await sendBody(`${server.url}/api/sessions/some-id`, { method: 'PATCH', size: 1000, chunked: true });
    assert.equal(res.status, 404); // the route ran: the session does not exist
  });

  test('the import has its own limit (TUNECHAT_MAX_IMPORT_BYTES): over it 413, under it the file is read', async () => {
    for (const chunked of [false, true]) {
      const res = await sendBody(`${server.url}/api/sessions/import`, { method: 'POST', size: 3 * MIB, chunked });
      assert.equal(res.status, 413, res.body);
      assert.equal((JSON.parse(res.body) as { error: { details: { limit: number } } }).error.details.limit, 2 * MIB);
    }
    const under = await sendBody(`${server.url}/api/sessions/import`, { method: 'POST', size: 1.5 * MIB, chunked: false });
    assert.equal(under.status, 400); // parsed (and rejected as not JSON), not refused for its size
  });
});

describe('concurrent turns', () => {
  let server: TestServer;
  const gated = gatedModel();
  const clients: WsTestClient[] = [];
  const connect = async () => {
    const client = await WsTestClient.connect(server.wsUrl);
    clients.push(client);
    return client;
  };
  before(async () => {
    server = await startTestServer(createTestServices(gated.model, { TUNECHAT_MAX_TURNS_PER_CLIENT: '2', TUNECHAT_MAX_TURNS: '3' }), { tools: {} });
  });
  after(async () => {
    gated.release();
    for (const client of clients) client.drop();
    await server.close();
  });

  test('one socket past its turn limit gets a busy error frame; another socket still gets a turn; the total is capped too', async () => {
    const [first, second, third] = [await connect(), await connect(), await connect()];
    for (const id of ['a1', 'a2']) {
      first.send({ type: 'send', requestId: id, id: null, text: `question ${id}` });
      await first.waitFor((f) => f.type === 'start' && f.requestId === id);
    }
    first.send({ type: 'send', requestId: 'a3', id: null, text: 'one too many' });
    const busy = (await first.waitFor((f) => f.type === 'error' && f.requestId === 'a3')) as Extract<ServerFrame, { type: 'error' }>;
    assert.equal(busy.code, 'busy');
    assert.match(busy.errorText, /already running 2 chat turns.*TUNECHAT_MAX_TURNS_PER_CLIENT=2.*wait for one to end/);

    second.send({ type: 'send', requestId: 'b1', id: null, text: 'my own question' });
    await second.waitFor((f) => f.type === 'start' && f.requestId === 'b1');
    third.send({ type: 'send', requestId: 'c1', id: null, text: 'server is full' });
    const full = (await third.waitFor((f) => f.type === 'error' && f.requestId === 'c1')) as Extract<ServerFrame, { type: 'error' }>;
    assert.equal(full.code, 'busy');
    assert.match(full.errorText, /already running 3 chat turns.*TUNECHAT_MAX_TURNS=3/);

    gated.release();
    await Promise.all([first.waitForEnd('a1'), first.waitForEnd('a2'), second.waitForEnd('b1')]);
    third.send({ type: 'send', requestId: 'c2', id: null, text: 'room again' });
    await third.waitForEnd('c2');
  });
});

describe('running studies per client', () => {
  let target: Server;
  let url: string;
  before(async () => {
    // An evaluation endpoint that never answers: trials (and so studies) stay running until stopped.
    target = createServer(() => {});
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/evaluate`;
  });
  after(async () => {
    target.closeAllConnections();
    await new Promise((resolve) => target.close(resolve));
  });

  test('limit+1 running studies from one client is a busy tool error; another client may still start one', async () => {
    const studies = new StudyManager({ storage: new InMemoryStorage(), clock: systemClock, limits: { studiesPerClient: 2, studies: 3 } });
    const resolver: TargetResolver = {
      resolve: async (name) => (name === 'slow' ? { name, kind: 'http', spec: { kind: 'http', url }, metrics: [{ name: 'loss', direction: 'minimize' }], space: { x: { type: 'float', low: 0, high: 1 } } } : null),
      list: async () => [],
    };
    const toolsFor = (client: string) => {
      const tools = createOptimizerTools({ services: { studies }, sessionId: `sess-${client}`, resolver, requester: { source: 'web', client, commands: true } });
      return (name: string, input: unknown) => (tools[name]!.execute as (i: unknown, o: unknown) => Promise<Record<string, any>>)(input, { toolCallId: 't', messages: [] });
    };
    const a = toolsFor('ws:a');
    const b = toolsFor('ws:b');
    try {
      const started = [await a('start_study', { target: 'slow', trials: 500 }), await a('start_study', { target: 'slow', trials: 500 })];
      assert.deepEqual(started.map((s) => s.ok), [true, true]);
      const refused = await a('start_study', { target: 'slow', trials: 500 });
      assert.equal(refused.ok, false);
      assert.equal(refused.error.code, 'busy');
      assert.match(refused.error.message, /already runs 2 studies .*most one client may run at once \(2\); stop one of them \(stop_study\) or wait for one to finish/);
      assert.deepEqual(refused.error.details.study_ids, started.map((s) => s.study_id));

      assert.equal((await b('start_study', { target: 'slow', trials: 500 })).ok, true);
      const full = await b('start_study', { target: 'slow', trials: 500 });
      assert.equal(full.error.code, 'busy');
      assert.match(full.error.message, /3 studies are already running on this server, its limit \(3\)/);

      // Continuing a stopped study runs it again, so it counts as well.
      await a('stop_study', { study_id: started[0]!.study_id });
      const again = await a('continue_study', { study_id: started[0]!.study_id, trials: 5 });
      assert.equal(again.ok, true, JSON.stringify(again));
      await a('stop_study', { study_id: started[0]!.study_id });
      assert.equal((await b('start_study', { target: 'slow', trials: 500 })).ok, true);
      const blocked = await a('continue_study', { study_id: started[0]!.study_id, trials: 5 });
      assert.equal(blocked.error.code, 'busy');
    } finally {
      await studies.close();
    }
  });
});

describe('spec size bounds', () => {
  const branin = (extra: Partial<StudySpec> = {}): StudySpec => ({
    space: { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } },
    objectives: [{ metric: 'value', direction: 'minimize' }],
    target: { kind: 'builtin', problem: 'branin' },
    ...extra,
  });
  const rejects = (spec: StudySpec, message: RegExp) => assert.throws(() => normalizeSpec(spec), (e: Error & { code?: string }) => e.code === 'invalid_argument' && message.test(e.message));

  test('the study spec validation (CLI and tools) bounds parameters, choices, objectives, constraints, names and size', () => {
    const wide = Object.fromEntries(Array.from({ length: SPEC_LIMITS.params + 1 }, (_, i) => [`p${i}`, { type: 'float', low: 0, high: 1 }]));
    rejects(branin({ space: wide }), /too many parameters .*got 65, the limit is 64 \(SPEC_LIMITS\.params\)/);
    const choices = Array.from({ length: SPEC_LIMITS.choices + 1 }, (_, i) => `c${i}`);
    rejects(branin({ space: { opt: { type: 'categorical', choices } } }), /too many choices for parameter opt: got 1001, the limit is 1000 \(SPEC_LIMITS\.choices\)/);
    const objectives = Array.from({ length: SPEC_LIMITS.objectives + 1 }, (_, i) => ({ metric: `m${i}`, direction: 'minimize' as const }));
    rejects(branin({ objectives }), /too many objectives: got 9, the limit is 8 \(SPEC_LIMITS\.objectives\)/);
    const constraints = Array.from({ length: SPEC_LIMITS.constraints + 1 }, () => ({ metric: 'value', op: '<=' as const, value: 1 }));
    rejects(branin({ constraints }), /too many constraints: got 33, the limit is 32/);
    rejects(branin({ name: 'n'.repeat(SPEC_LIMITS.nameLength + 1) }), /too long .*got 201, the limit is 200 \(SPEC_LIMITS\.nameLength\)/);
    rejects(branin({ samplerOptions: { blob: 'x'.repeat(SPEC_LIMITS.bytes) } }), /study spec is too large .*the limit is 1048576 \(SPEC_LIMITS\.bytes\)/);
    rejects(branin({ budget: { parallel: SPEC_LIMITS.parallel + 1 } }), /budget\.parallel must be an integer between 1 and 64, got 65/);
    assert.equal(normalizeSpec(branin()).budget?.trials, 100);
  });

  test('start_study and continue_study inputs are bounded in the schema the model sees', () => {
    const wide = Object.fromEntries(Array.from({ length: SPEC_LIMITS.params + 1 }, (_, i) => [`p${i}`, { type: 'float', low: 0, high: 1 }]));
    const space = startStudyInput.safeParse({ target: 'branin', space: wide });
    assert.equal(space.success, false);
    assert.match(space.error!.issues[0]!.message, /at most 64 parameters \(SPEC_LIMITS\.params\)/);
    assert.equal(startStudyInput.safeParse({ target: 'branin', parallel: 65 }).success, false);
    assert.equal(startStudyInput.safeParse({ target: 'branin', objectives: Array.from({ length: 9 }, () => ({ metric: 'v', direction: 'minimize' })) }).success, false);
    assert.equal(startStudyInput.safeParse({ target: 't'.repeat(201) }).success, false);
    assert.equal(startStudyInput.safeParse({ target: 'branin', parallel: 64, trials: 10000 }).success, true);
    const studies = new StudyManager({ storage: new InMemoryStorage(), clock: systemClock });
    const continueInput = createOptimizerTools({ services: { studies }, sessionId: 's' }).continue_study!.inputSchema as unknown as { safeParse(v: unknown): { success: boolean } };
    assert.equal(continueInput.safeParse({ trials: 5, time_limit_s: 31 * 86_400 }).success, false);
    assert.equal(continueInput.safeParse({ trials: 5, study_id: 's'.repeat(201) }).success, false);
    assert.equal(continueInput.safeParse({ trials: 5, time_limit_s: 3600 }).success, true);
  });

  test('register_target inputs are bounded: argv count and length, metrics count, name charset', () => {
    const base = { name: 'train', kind: 'command', command: ['python3', 'train.py'], metrics: [{ name: 'loss', direction: 'minimize' }] };
    const invalid = (input: unknown, message: RegExp) =>
      assert.throws(() => parseTargetInput(input), (e: Error & { code?: string }) => e.code === 'invalid_argument' && message.test(e.message));
    invalid({ ...base, command: Array.from({ length: TARGET_LIMITS.argv + 1 }, () => 'x') }, /"command": at most 256 argv entries \(TARGET_LIMITS\.argv\)/);
    invalid({ ...base, command: ['python3', 'x'.repeat(TARGET_LIMITS.argLength + 1)] }, /"command\.1": at most 4096 characters \(TARGET_LIMITS\.argLength\)/);
    invalid({ ...base, metrics: Array.from({ length: TARGET_LIMITS.metrics + 1 }, (_, i) => ({ name: `m${i}` })) }, /"metrics": at most 64 metrics/);
    invalid({ ...base, env: Object.fromEntries(Array.from({ length: TARGET_LIMITS.envEntries + 1 }, (_, i) => [`V${i}`, '1'])) }, /"env": at most 64 entries/);
    invalid({ ...base, name: 'Bad Name!' }, /"name": a target name is 1-64 lower-case/);
    assert.equal(parseTargetInput(base).name, 'train');
  });
});

