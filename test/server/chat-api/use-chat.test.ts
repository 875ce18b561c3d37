import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isToolUIPart, type UIMessage, type UIMessageChunk } from 'ai';
import { createModel } from '../../../server/agent/model.ts';
import type { SessionJson } from '../../../server/protocol.ts';
import { scriptedModel } from '../../support/mock-model.ts';
import { PlainChat, RecordingTransport, chunkTypeCounts, readChunks } from '../../support/plain-chat.ts';
import { startTestServer, type TestServer } from '../../support/start-server.ts';
import { createTestServices } from '../../support/test-services.ts';

/**
 * Issue 19, the `useChat`-compatible endpoint, driven by the AI SDK's own client: `DefaultChatTransport` and the
 * `AbstractChat` machinery `useChat` wraps, against the real server on 127.0.0.1:0.
 */

const userMessage = (id: string, text: string): UIMessage => ({ id, role: 'user', parts: [{ type: 'text', text }] });
const textOf = (message: UIMessage | undefined): string => (message?.parts ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('');

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  assert.equal(res.status, 200, `${url}: ${res.status}`);
  return (await res.json()) as T;
}

async function storedChunks(server: TestServer, chatId: string): Promise<UIMessageChunk[]> {
  const { chunks } = await getJson<{ chunks: { chunk: UIMessageChunk }[] }>(`${server.url}/api/sessions/${chatId}/chunks`);
  return chunks.map((c) => c.chunk);
}

async function untilIdle(server: TestServer, chatId: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const { session } = await getJson<{ session: SessionJson }>(`${server.url}/api/sessions/${chatId}`);
    if (!session.active) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`chat ${chatId} still has a running turn after 20 s`);
}

describe('POST /api/chat with the offline model (the AI SDK client, unchanged)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(createTestServices(createModel({ kind: 'local' })));
  });
  after(() => server.close());

  test('useChat\'s machinery sends "tune branin with 10 trials" and gets the tool cards and the answer; the session is stored with the same chunks', async () => {
    const transport = new RecordingTransport({ api: `${server.url}/api/chat` });
    const chat = new PlainChat({ id: 'chat-branin', transport });
    await chat.sendMessage({ text: 'tune branin with 10 trials' });
    assert.equal(chat.error, undefined, String(chat.error));
    assert.equal(chat.status, 'ready');
    const [user, assistant] = chat.allMessages;
    assert.equal(user?.role, 'user');
    assert.equal(assistant?.role, 'assistant');
    const tools = assistant!.parts.filter(isToolUIPart);
    assert.deepEqual(tools.map((p) => [p.type, p.state]), [['tool-start_study', 'output-available'], ['tool-wait_for_study', 'output-available']]);
    assert.match(textOf(assistant), /ran 10 trials[\s\S]*Best value = /);

    const received = transport.responses[0]!;
    console.log(`DefaultChatTransport received ${received.length} chunks: ${JSON.stringify(chunkTypeCounts(received))}`);
    assert.equal(received[0]!.type, 'start');
    assert.equal(received.at(-1)!.type, 'finish');
    assert.deepEqual(received, await storedChunks(server, 'chat-branin'), 'the client got exactly the stored chunks');

    const { sessions } = await getJson<{ sessions: SessionJson[] }>(`${server.url}/api/sessions`);
    const session = sessions.find((s) => s.id === 'chat-branin');
    assert.deepEqual(session && { title: session.title, source: session.source, metadata: session.metadata, active: session.active }, {
      title: 'tune branin with 10 trials', source: 'web', metadata: { chatApi: true }, active: false,
    });
    const { messages } = await getJson<{ messages: UIMessage[] }>(`${server.url}/api/sessions/chat-branin/messages`);
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant']);
    assert.equal(messages[1]!.id, assistant!.id, 'the stored answer has the id the client holds');
    assert.equal(textOf(messages[0]), 'tune branin with 10 trials');

    // The next message: AbstractChat sends the whole conversation again; the stored history agrees, one turn is added.
    await chat.sendMessage({ text: 'run 5 more' });
    assert.equal(chat.error, undefined, String(chat.error));
    const next = chat.allMessages[3]!;
    assert.deepEqual(next.parts.filter(isToolUIPart).map((p) => [p.type, p.state]).slice(0, 1), [['tool-continue_study', 'output-available']]);
    const stored = await getJson<{ messages: UIMessage[] }>(`${server.url}/api/sessions/chat-branin/messages`);
    assert.deepEqual(stored.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
    assert.deepEqual([...received, ...transport.responses[1]!], await storedChunks(server, 'chat-branin'));
    // Nothing is running: the resume convention answers 204 and the transport returns null.
    assert.equal(await transport.reconnectToStream({ chatId: 'chat-branin' }), null);
  });

  test('a second chat id is a separate session', async () => {
    const transport = new RecordingTransport({ api: `${server.url}/api/chat` });
    const chat = new PlainChat({ id: 'chat-second', transport });
    await chat.sendMessage({ text: 'list my sessions' });
    assert.equal(chat.error, undefined, String(chat.error));
    const { sessions } = await getJson<{ sessions: SessionJson[] }>(`${server.url}/api/sessions`);
    assert.ok(sessions.some((s) => s.id === 'chat-second' && s.title === 'list my sessions'));
    const { messages } = await getJson<{ messages: UIMessage[] }>(`${server.url}/api/sessions/chat-second/messages`);
    assert.deepEqual(messages.map((m) => [m.role, m.role === 'user' ? textOf(m) : m.id]), [['user', 'list my sessions'], ['assistant', chat.allMessages[1]!.id]]);
    assert.deepEqual(transport.responses[0], await storedChunks(server, 'chat-second'));
  });
});

// A 120-word answer at ~4 ms per part streams for about half a second: long enough to reconnect or stop mid-turn.
const LONG = Array.from({ length: 120 }, (_, i) => `w${i}`).join(' ');

describe('resumable streams and stopping (GET /api/chat/:id/stream; a scripted slow model)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(createTestServices(scriptedModel([{ text: LONG }], { chunkDelayInMs: 4 })), { tools: {} });
  });
  after(() => server.close());

  test('reconnectToStream on a running turn replays it from its start and follows it live; 204 (null) once it ended', async () => {
    const transport = new RecordingTransport({ api: `${server.url}/api/chat` });
    const live = await transport.sendMessages({ chatId: 'resume-1', trigger: 'submit-message', messageId: undefined, messages: [userMessage('u1', 'a long answer please')], abortSignal: undefined });
    const reader = live.getReader();
    const firstPart: UIMessageChunk[] = [];
    while (firstPart.length < 10) firstPart.push((await reader.read()).value!);

    const resumed = await transport.reconnectToStream({ chatId: 'resume-1' });
    assert.ok(resumed, 'a running turn is resumable');
    const replay = await readChunks(resumed);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      firstPart.push(value);
    }
    assert.equal(replay[0]!.type, 'start');
    assert.equal(replay.at(-1)!.type, 'finish');
    assert.deepEqual(replay, firstPart, 'the replay and the live stream are the same turn, chunk for chunk');
    assert.equal(replay.filter((c) => c.type === 'text-delta').map((c) => c.delta).join(''), LONG);
    assert.deepEqual(replay, await storedChunks(server, 'resume-1'));
    assert.equal(await transport.reconnectToStream({ chatId: 'resume-1' }), null);
    assert.equal(await transport.reconnectToStream({ chatId: 'no-such-chat' }), null);
  });

  test('a reloaded page (AbstractChat.resumeStream) rebuilds the running answer, with the same message id', async () => {
    const sender = new PlainChat({ id: 'resume-2', transport: new RecordingTransport({ api: `${server.url}/api/chat` }) });
    const sending = sender.sendMessage({ text: 'a long answer please' });
    await untilStreaming(sender);
    const reloaded = new PlainChat({ id: 'resume-2', transport: new RecordingTransport({ api: `${server.url}/api/chat` }), messages: [userMessage('u1', 'a long answer please')] });
    await reloaded.resumeStream();
    await sending;
    assert.equal(reloaded.error, undefined, String(reloaded.error));
    assert.deepEqual(reloaded.allMessages.map((m) => m.role), ['user', 'assistant']);
    assert.equal(textOf(reloaded.allMessages[1]), LONG);
    assert.equal(reloaded.allMessages[1]!.id, sender.allMessages[1]!.id);
  });

  test('stop() closes the response and stops the turn: the partial answer is stored, ending with an abort chunk', async () => {
    const chat = new PlainChat({ id: 'stop-1', transport: new RecordingTransport({ api: `${server.url}/api/chat` }) });
    const sending = chat.sendMessage({ text: 'a long answer please' });
    await untilStreaming(chat);
    await chat.stop();
    await sending;
    await untilIdle(server, 'stop-1');
    const stored = await storedChunks(server, 'stop-1');
    assert.equal(stored.at(-1)!.type, 'abort');
    const { messages } = await getJson<{ messages: UIMessage[] }>(`${server.url}/api/sessions/stop-1/messages`);
    assert.equal((messages[1]!.metadata as { aborted?: boolean }).aborted, true);
    assert.ok(textOf(messages[1]).length < LONG.length, 'the answer was cut');
  });

  test('with continueOnDisconnect the turn runs on after stop(), and resumeStream() picks it up to the end', async () => {
    const transport = new RecordingTransport({ api: `${server.url}/api/chat`, body: { continueOnDisconnect: true } });
    const chat = new PlainChat({ id: 'detach-1', transport });
    const sending = chat.sendMessage({ text: 'a long answer please' });
    await untilStreaming(chat);
    await chat.stop();
    await sending;
    assert.ok(textOf(chat.allMessages[1]).length < LONG.length, 'the client stopped reading mid-answer');
    await chat.resumeStream();
    assert.equal(chat.error, undefined, String(chat.error));
    assert.equal(textOf(chat.allMessages.at(-1)), LONG);
    assert.equal(chat.allMessages.length, 2, 'the replay rebuilt the same assistant message');
    await untilIdle(server, 'detach-1');
    assert.equal((await storedChunks(server, 'detach-1')).at(-1)!.type, 'finish');
  });

  test('POST /api/chat/:id/stop stops a turn no response is reading any more; 404 when none runs', async () => {
    const transport = new RecordingTransport({ api: `${server.url}/api/chat`, body: { continueOnDisconnect: true } });
    const controller = new AbortController();
    const live = await transport.sendMessages({ chatId: 'stop-2', trigger: 'submit-message', messageId: undefined, messages: [userMessage('u1', 'a long answer please')], abortSignal: controller.signal });
    await readChunks(live, (chunks) => chunks.length >= 5);
    controller.abort();
    const stop = () => fetch(`${server.url}/api/chat/stop-2/stop`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const stopped = await stop();
    assert.equal(stopped.status, 200);
    assert.deepEqual(await stopped.json(), { stopped: 'stop-2' });
    await untilIdle(server, 'stop-2');
    assert.equal((await storedChunks(server, 'stop-2')).at(-1)!.type, 'abort');
    const again = await stop();
    assert.equal(again.status, 404);
    assert.equal(((await again.json()) as { error: { code: string } }).error.code, 'not_found');
  });
});

async function untilStreaming(chat: PlainChat): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (textOf(chat.allMessages[1]).split(' ').length < 10) {
    assert.ok(Date.now() < deadline, `no streamed text after 20 s (status ${chat.status})`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
