import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatStore } from '../../../db/chat-store.ts';
import type { ServerFrame } from '../../../server/protocol.ts';
import { scriptedModel } from '../../support/mock-model.ts';
import { startTestServer, type TestServer } from '../../support/start-server.ts';
import { createTestServices } from '../../support/test-services.ts';
import { WsTestClient } from '../../support/ws-client.ts';

const LONG = Array.from({ length: 120 }, (_, i) => `w${i}`).join(' ');

type ChunkFrame = Extract<ServerFrame, { type: 'chunk' }>;

describe('websocket /ws', () => {
  let server: TestServer;
  const clients: WsTestClient[] = [];
  const connect = async () => {
    const c = await WsTestClient.connect(server.wsUrl);
    clients.push(c);
    return c;
  };

  before(async () => {
    // Each text-delta takes ~4 ms, so a 120-word answer streams for about half a second.
    server = await startTestServer(createTestServices(scriptedModel([{ text: LONG }], { chunkDelayInMs: 4 })), { tools: {} });
  });
  after(async () => {
    for (const c of clients) c.drop();
    await server.close();
  });

  test('send streams start, sequenced chunks and end, and stores the session', async () => {
    const client = await connect();
    client.send({ type: 'send', requestId: 'r1', id: null, text: 'tell me something' });
    const start = (await client.waitFor((f) => f.type === 'start' && f.requestId === 'r1')) as Extract<ServerFrame, { type: 'start' }>;
    await client.waitForEnd('r1');
    const chunks = client.chunks('r1');
    assert.deepEqual(chunks.map((c) => c.sequence), chunks.map((_, i) => i + 1));
    assert.equal(chunks[0]!.chunk.type, 'start');
    assert.equal(chunks.at(-1)!.chunk.type, 'finish');
    assert.equal(client.text('r1'), LONG);
    const store = new ChatStore(server.services.db);
    assert.equal(store.getSession(start.sessionId)?.title, 'tell me something');
    assert.equal(store.listChunks(start.sessionId).length, chunks.length);
  });

  test('a dropped socket does not stop the turn; resume replays after lastSequence then follows live, with no gap or duplicate', async () => {
    const first = await connect();
    first.send({ type: 'send', requestId: 'a', id: null, text: 'long answer please' });
    const start = (await first.waitFor((f) => f.type === 'start')) as Extract<ServerFrame, { type: 'start' }>;
    await first.waitFor((f) => f.type === 'chunk' && f.chunk.type === 'text-delta' && f.sequence >= 8);
    first.drop();
    const lastSeen = Math.max(...first.chunks('a').map((c) => c.sequence));

    await new Promise((r) => setTimeout(r, 40)); // the turn keeps streaming meanwhile
    const second = await connect();
    second.send({ type: 'resume', requestId: 'b', id: start.sessionId, lastSequence: lastSeen });
    const resumedStart = (await second.waitFor((f) => f.type === 'start' && f.requestId === 'b')) as Extract<ServerFrame, { type: 'start' }>;
    assert.equal(resumedStart.turnId, start.turnId);
    await second.waitForEnd('b');
    const resumed = second.chunks('b');
    assert.equal(resumed[0]!.sequence, lastSeen + 1);
    assert.deepEqual(resumed.map((c) => c.sequence), resumed.map((_, i) => lastSeen + 1 + i));
    const all = [...first.chunks('a'), ...resumed].map((c: ChunkFrame) => c.chunk);
    const text = all.filter((c) => c.type === 'text-delta').map((c) => String(c.delta)).join('');
    assert.equal(text, LONG);
    assert.equal(all.at(-1)!.type, 'finish');
  });

  test('resume of a finished session with nothing new answers no-active; with an old sequence it replays', async () => {
    const client = await connect();
    client.send({ type: 'send', requestId: 's', id: null, text: 'short' });
    const start = (await client.waitFor((f) => f.type === 'start' && f.requestId === 's')) as Extract<ServerFrame, { type: 'start' }>;
    await client.waitForEnd('s');
    const last = client.chunks('s').at(-1)!.sequence;
    client.send({ type: 'resume', requestId: 'r-none', id: start.sessionId, lastSequence: last });
    await client.waitFor((f) => f.type === 'no-active' && f.requestId === 'r-none');
    client.send({ type: 'resume', requestId: 'r-old', id: start.sessionId, lastSequence: last - 3 });
    await client.waitForEnd('r-old');
    assert.deepEqual(client.chunks('r-old').map((c) => c.sequence), [last - 2, last - 1, last]);
  });

  test('abort stops the turn server-side, emits an abort chunk and keeps the partial answer', async () => {
    const client = await connect();
    client.send({ type: 'send', requestId: 'x', id: null, text: 'go on and on' });
    const start = (await client.waitFor((f) => f.type === 'start')) as Extract<ServerFrame, { type: 'start' }>;
    await client.waitFor((f) => f.type === 'chunk' && f.requestId === 'x' && f.chunk.type === 'text-delta' && f.sequence > 6);
    client.send({ type: 'abort', requestId: 'x' });
    await client.waitForEnd('x');
    const chunks = client.chunks('x');
    assert.equal(chunks.at(-1)!.chunk.type, 'abort');
    const partial = client.text('x');
    assert.ok(partial.length > 0 && partial.length < LONG.length, partial);
    const messages = new ChatStore(server.services.db).listMessages(start.sessionId);
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant']);
    const saved = JSON.stringify(messages[1]!.message);
    assert.ok(saved.includes(partial.trim().split(' ').at(-1)!), 'the stored assistant message keeps the partial text');
    // The session stays usable.
    client.send({ type: 'send', requestId: 'x2', id: start.sessionId, text: 'again' });
    await client.waitForEnd('x2', 8000);
    assert.equal(client.chunks('x2').at(-1)!.chunk.type, 'finish');
  });

  test('two chats at once on one socket stream independently', async () => {
    const client = await connect();
    client.send({ type: 'send', requestId: 'one', id: null, text: 'first chat' });
    client.send({ type: 'send', requestId: 'two', id: null, text: 'second chat' });
    await Promise.all([client.waitForEnd('one', 8000), client.waitForEnd('two', 8000)]);
    const starts = client.frames.filter((f): f is Extract<ServerFrame, { type: 'start' }> => f.type === 'start' && (f.requestId === 'one' || f.requestId === 'two'));
    assert.equal(new Set(starts.map((s) => s.sessionId)).size, 2);
    assert.equal(client.text('one'), LONG);
    assert.equal(client.text('two'), LONG);
    // Both were interleaved on the wire, not run one after the other.
    const order = client.frames.filter((f) => f.type === 'chunk').map((f) => (f as ChunkFrame).requestId);
    const firstEndOfOne = order.lastIndexOf('one');
    assert.ok(order.indexOf('two') < firstEndOfOne, 'chunks of the two chats interleave');
  });

  test('malformed frames get an error frame and the connection stays usable', async () => {
    const client = await connect();
    client.send('not json {');
    const e1 = (await client.waitFor((f) => f.type === 'error')) as Extract<ServerFrame, { type: 'error' }>;
    assert.equal(e1.requestId, null);
    assert.equal(e1.code, 'invalid_argument');
    assert.match(e1.errorText, /not valid JSON/);
    client.send({ type: 'send', requestId: 'bad', id: null });
    const e2 = (await client.waitFor((f) => f.type === 'error' && f.requestId === 'bad')) as Extract<ServerFrame, { type: 'error' }>;
    assert.match(e2.errorText, /text/);
    client.send({ type: 'explode', requestId: 'q' });
    await client.waitFor((f) => f.type === 'error' && f.requestId === 'q');
    client.send({ type: 'send', requestId: 'ghost', id: 'no-such-session', text: 'hi' });
    const e3 = (await client.waitFor((f) => f.type === 'error' && f.requestId === 'ghost')) as Extract<ServerFrame, { type: 'error' }>;
    assert.equal(e3.code, 'not_found');
    client.send({ type: 'abort', requestId: 'nothing' });
    const e4 = (await client.waitFor((f) => f.type === 'error' && f.requestId === 'nothing')) as Extract<ServerFrame, { type: 'error' }>;
    assert.equal(e4.code, 'not_found');
    client.send({ type: 'send', requestId: 'ok', id: null, text: 'still works?' });
    await client.waitForEnd('ok');
    assert.equal(client.text('ok'), LONG);
  });

  test('a second turn in a session that is still running is refused with conflict', async () => {
    const client = await connect();
    client.send({ type: 'send', requestId: 'c1', id: null, text: 'busy' });
    const start = (await client.waitFor((f) => f.type === 'start' && f.requestId === 'c1')) as Extract<ServerFrame, { type: 'start' }>;
    client.send({ type: 'send', requestId: 'c2', id: start.sessionId, text: 'me too' });
    const error = (await client.waitFor((f) => f.type === 'error' && f.requestId === 'c2')) as Extract<ServerFrame, { type: 'error' }>;
    assert.equal(error.code, 'conflict');
    await client.waitForEnd('c1');
  });

  test('cross-site origins are refused', async () => {
    await assert.rejects(WsTestClient.connect(server.wsUrl, { origin: 'http://evil.example' }), /HTTP 403/);
  });
});
