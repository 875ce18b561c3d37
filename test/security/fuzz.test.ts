import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import type { ServerFrame } from '../../server/protocol.ts';
import { createRng, type Rng } from '../../tools/common/rng.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';

/**
 * Fuzzing the two doors a client has: websocket frames and REST requests, random and mutated from valid ones,
 * with a fixed seed (a failure prints the case to replay). The server must answer every case with a clear error
 * (a code and a message) or a normal answer, never a 500, never a crash, with bounded memory.
 */
const SEED = 20261202;
const WS_CASES = 2000;
const REST_CASES = 2000;

/** encodeURIComponent, except that a lone surrogate becomes its (invalid UTF-8) bytes instead of a throw. */
const encode = (text: string): string => text.split('').map((ch) => { try { return encodeURIComponent(ch); } catch { return '%ED%A0%80'; } }).join('');

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(0, items.length - 1)]!;

function randomString(rng: Rng, max: number): string {
  const alphabets = ['abcXYZ019', ' \t\n\r', '"\'\\/{}[]:,;<>&|$`%#?=', 'é漢字🙂\u0000\u001f\u2028\ud800', '../'];
  let out = '';
  const length = rng.int(0, max);
  for (let i = 0; i < length; i++) out += pick(rng, [...pick(rng, alphabets)]);
  return out;
}

function randomJson(rng: Rng, depth = 0): unknown {
  const kind = rng.int(0, depth > 3 ? 4 : 7);
  switch (kind) {
    case 0: return null;
    case 1: return rng.next() < 0.5;
    case 2: return pick(rng, [0, -1, 1e308, -1e-308, 2 ** 53 + 1, 3.5, Number.MAX_SAFE_INTEGER]);
    case 3: return randomString(rng, 40);
    case 4: return pick(rng, ['send', 'resume', 'abort', 'r1', '', 'x'.repeat(201)]);
    case 5: return Array.from({ length: rng.int(0, 4) }, () => randomJson(rng, depth + 1));
    default: return Object.fromEntries(Array.from({ length: rng.int(0, 5) }, () => [pick(rng, ['type', 'requestId', 'id', 'text', 'lastSequence', 'dryRun', randomString(rng, 8)]), randomJson(rng, depth + 1)]));
  }
}

/** A frame: random bytes, random JSON, or a valid frame with one field mutated, dropped or retyped. */
function wsFrame(rng: Rng, n: number): { data: string | Buffer; binary: boolean } {
  const roll = rng.next();
  if (roll < 0.1) return { data: Buffer.from(Array.from({ length: rng.int(0, 200) }, () => rng.int(0, 255))), binary: true };
  if (roll < 0.3) return { data: randomString(rng, 300), binary: false };
  if (roll < 0.5) return { data: JSON.stringify(randomJson(rng)), binary: false };
  const valid: Record<string, unknown> = pick(rng, [
    { type: 'send', requestId: `r${n}`, id: null, text: 'hello' },
    { type: 'resume', requestId: `r${n}`, id: 'missing-session', lastSequence: 0 },
    { type: 'abort', requestId: `r${n}` },
  ]);
  const key = pick(rng, Object.keys(valid));
  const mutation = rng.int(0, 3);
  if (mutation === 0) delete valid[key];
  else if (mutation === 1) valid[key] = randomJson(rng);
  else if (mutation === 2) valid[key] = randomString(rng, 250);
  else valid[randomString(rng, 6)] = randomJson(rng);
  const text = JSON.stringify(valid);
  return { data: rng.next() < 0.2 ? text.slice(0, rng.int(0, text.length)) : text, binary: false };
}

function restCase(rng: Rng): { method: string; path: string; headers: Record<string, string>; body?: string } {
  const id = pick(rng, ['missing', encode(randomString(rng, 30)), 'a'.repeat(rng.int(1, 2000)), '%2e%2e%2f', '..', '%00']);
  const path = pick(rng, ['/api/sessions', `/api/sessions/${id}`, `/api/sessions/${id}/messages`, `/api/sessions/${id}/chunks?after=${encode(randomString(rng, 5))}`, `/api/sessions?limit=${encode(randomString(rng, 4))}`, `/api/sessions/${id}/share`, `/api/sessions/${id}/export`, '/api/sessions/import', `/replay/${id}/data?token=${encode(randomString(rng, 10))}`, `/${encode(randomString(rng, 12))}`, '/healthz']);
  const method = pick(rng, ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS', 'HEAD']);
  const headers: Record<string, string> = { 'content-type': pick(rng, ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', '']) };
  if (!headers['content-type']) delete headers['content-type'];
  const withBody = method !== 'GET' && method !== 'HEAD';
  const body = !withBody
    ? undefined
    : pick(rng, [
        JSON.stringify(randomJson(rng)),
        randomString(rng, 400),
        JSON.stringify({ title: randomJson(rng), metadata: randomJson(rng) }),
        JSON.stringify({ format: 'tunechat-session', schema_version: randomJson(rng), session_id: randomJson(rng), tables: randomJson(rng) }),
        '{"a":'.repeat(rng.int(1, 5000)),
      ]);
  return { method, path, headers, ...(body !== undefined ? { body } : {}) };
}

describe('fuzz: websocket frames and REST requests (fixed seed)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(createTestServices(scriptedModel([{ text: 'fine' }])), { tools: {} });
  });
  after(() => server.close());

  test(`${WS_CASES} websocket frames: each is answered with a clear error or a normal frame, the socket stays usable`, async () => {
    const rng = createRng(SEED);
    const rssBefore = process.memoryUsage().rss;
    let socket = await open(server.wsUrl);
    let errors = 0;
    for (let n = 0; n < WS_CASES; n++) {
      const frame = wsFrame(rng, n);
      const answer = await exchange(socket, frame);
      const replay = `case ${n} (seed ${SEED}): ${JSON.stringify(String(frame.data).slice(0, 200))}`;
      if (answer.closed) {
        // Only a protocol-level refusal may close the socket (e.g. 1007 invalid UTF-8); then reconnect.
        assert.ok([1007, 1008, 1009].includes(answer.closed), `${replay}: closed with ${answer.closed}`);
        socket = await open(server.wsUrl);
        continue;
      }
      assert.ok(answer.frame, `${replay}: no answer within the time limit`);
      if (answer.frame.type === 'error') {
        errors += 1;
        assert.ok(answer.frame.code && answer.frame.errorText.length > 10, `${replay}: unclear error ${JSON.stringify(answer.frame)}`);
        assert.notEqual(answer.frame.code, 'internal', `${replay}: ${answer.frame.errorText}`);
      } else {
        assert.ok(['start', 'no-active', 'chunk', 'end'].includes(answer.frame.type), `${replay}: ${answer.frame.type}`);
      }
    }
    socket.close();
    assert.ok(errors > WS_CASES / 2, `most fuzzed frames are invalid (${errors})`);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    const grownMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    assert.ok(grownMb < 300, `RSS grew by ${grownMb.toFixed(0)} MB`);
  });

  test(`${REST_CASES} REST requests: never a 500, every error is JSON with a code and a message`, async () => {
    const rng = createRng(SEED + 1);
    const statuses = new Map<number, number>();
    for (let n = 0; n < REST_CASES; n++) {
      const c = restCase(rng);
      const res = await fetch(`${server.url}${c.path}`, { method: c.method, headers: c.headers, ...(c.body !== undefined ? { body: c.body } : {}) });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const replay = `case ${n} (seed ${SEED + 1}): ${c.method} ${c.path.slice(0, 120)} ${JSON.stringify(c.headers)} ${JSON.stringify(c.body?.slice(0, 120))}`;
      assert.ok(res.status < 500, `${replay}: HTTP ${res.status} ${text.slice(0, 300)}`);
      if (res.status >= 400 && c.method !== 'HEAD') {
        const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
        assert.ok(body.error?.code && (body.error.message ?? '').length > 5, `${replay}: ${text.slice(0, 300)}`);
      }
    }
    assert.ok((statuses.get(400) ?? 0) > 0 && (statuses.get(404) ?? 0) > 0, JSON.stringify([...statuses]));
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });
});

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends one frame and waits for the first server frame (or the close) after it, up to 5 s. */
function exchange(socket: WebSocket, frame: { data: string | Buffer; binary: boolean }): Promise<{ frame?: ServerFrame; closed?: number }> {
  return new Promise((resolve) => {
    const done = (result: { frame?: ServerFrame; closed?: number }) => {
      clearTimeout(timer);
      socket.off('message', onMessage);
      socket.off('close', onClose);
      resolve(result);
    };
    const onMessage = (data: WebSocket.RawData) => done({ frame: JSON.parse(String(data)) as ServerFrame });
    const onClose = (code: number) => done({ closed: code });
    const timer = setTimeout(() => done({}), 5000);
    socket.on('message', onMessage);
    socket.on('close', onClose);
    socket.send(frame.data, { binary: frame.binary });
  });
}
