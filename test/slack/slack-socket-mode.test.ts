import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { WebSocketServer, type WebSocket } from 'ws';
import { ChatStore } from '../../db/chat-store.ts';
import { runChatTurn } from '../../server/chat/run-turn.ts';
import { closeServices } from '../../server/services.ts';
import { createSlackBridge } from '../../server/slack/slack-bridge.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { createTestServices } from '../support/test-services.ts';
import { SlackStub } from './support/slack-stub.ts';
import { testTools } from './support/slack-harness.ts';

/** Socket Mode against a stub: apps.connections.open → a websocket on 127.0.0.1 that sends hello + an events_api envelope. */
test('Socket Mode: events arrive over the websocket, are acked by envelope id, and answered in the thread (retries deduped)', async () => {
  const stub = await SlackStub.start();
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  stub.socketUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
  const acks: string[] = [];
  const connected = new Promise<WebSocket>((resolve) => {
    wss.on('connection', (socket) => {
      socket.on('message', (data) => acks.push((JSON.parse(String(data)) as { envelope_id: string }).envelope_id));
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' }, debug_info: { host: 'stub' } }));
      resolve(socket);
    });
  });
  const services = createTestServices(scriptedModel([{ text: 'hello from socket mode' }]));
  const bridge = createSlackBridge({
    services,
    config: { botToken: 'xoxb-sm', signingSecret: '', appToken: 'xapp-sm', apiUrl: stub.url, allowedUsers: [], allowTypedCommands: false },
    publicUrl: 'http://tunechat.test',
    runTurn: (o) => runChatTurn({ ...o, tools: testTools }),
    options: { replyIntervalMs: 20 },
    logger: { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error' as never, setName() {} },
  });
  try {
    assert.equal(bridge.mode, 'socket');
    assert.equal(bridge.handle, null);
    await bridge.start();
    const socket = await connected;
    const payload = { type: 'event_callback', team_id: 'T1', event_id: 'Ev-sm', event: { type: 'app_mention', user: 'U1', team: 'T1', channel: 'C1', ts: '6000.0001', text: '<@UBOT> hi' } };
    socket.send(JSON.stringify({ envelope_id: 'env-1', type: 'events_api', accepts_response_payload: false, retry_attempt: 0, payload }));
    socket.send(JSON.stringify({ envelope_id: 'env-2', type: 'events_api', accepts_response_payload: false, retry_attempt: 1, retry_reason: 'timeout', payload }));
    const deadline = Date.now() + 10_000;
    while ((stub.of('chat.stopStream').length === 0 || acks.length < 2) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await bridge.idle();
    assert.deepEqual(acks.sort(), ['env-1', 'env-2']);
    assert.equal(stub.of('chat.startStream').length, 1, 'the retried envelope did not start a second run');
    assert.equal(stub.of('chat.startStream')[0]!.args.thread_ts, '6000.0001');
    assert.match(stub.calls.map((c) => c.args.markdown_text ?? '').join(''), /hello from socket mode/);
    assert.equal(new ChatStore(services.db).listSessions()[0]!.source, 'slack');
  } finally {
    await bridge.stop();
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await stub.close();
    await closeServices(services);
    services.db.close();
  }
});

test('Socket Mode: an unreachable websocket is retried with backoff until it answers; a drop while the Web API is down is retried too, never an unhandled rejection', async () => {
  const escaped: unknown[] = [];
  const onEscape = (error: unknown) => escaped.push(error);
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
  const stub = await SlackStub.start();
  const closed = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => closed.once('listening', () => resolve()));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  stub.socketUrl = `ws://127.0.0.1:${closedPort}/`;
  const services = createTestServices(scriptedModel([{ text: 'never' }]));
  const bridge = createSlackBridge({
    services,
    config: { botToken: 'xoxb-sm', signingSecret: '', appToken: 'xapp-sm', apiUrl: stub.url, allowedUsers: [], allowTypedCommands: false },
    publicUrl: 'http://tunechat.test',
    runTurn: (o) => runChatTurn({ ...o, tools: testTools }),
    options: { connect: { attemptTimeoutMs: 2000, minBackoffMs: 20, maxBackoffMs: 80, factor: 2 } },
    logger: { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error' as never, setName() {} },
  });
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  try {
    await bridge.start(); // returns after the first failed connect instead of waiting for the websocket forever
    assert.equal(bridge.status().state, 'retrying');
    const deadline = Date.now() + 10_000;
    while (stub.of('apps.connections.open').length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.ok(stub.of('apps.connections.open').length >= 4, 'kept retrying');
    assert.equal(stub.of('auth.test').length, 1);

    wss.on('connection', (socket) => socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' }, debug_info: { host: 'stub' } })));
    stub.socketUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
    while (bridge.status().state !== 'up' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(bridge.status().state, 'up');

    // Slack goes away entirely: the websocket drops and apps.connections.open cannot be reached.
    await stub.close();
    for (const client of wss.clients) client.terminate();
    while (bridge.status().error !== 'ECONNREFUSED' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(bridge.status().state, 'retrying');
    assert.equal(bridge.status().error, 'ECONNREFUSED');
    await new Promise((r) => setTimeout(r, 300)); // several more failed attempts
    assert.deepEqual(escaped, []);
  } finally {
    await bridge.stop();
    assert.equal(bridge.status().state, 'stopped');
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await stub.close();
    await closeServices(services);
    services.db.close();
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);
  }
});
