import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tool, type UIMessageChunk } from 'ai';
import { z } from 'zod';
import { ChatStore } from '../../../db/chat-store.ts';
import { runChatTurn } from '../../../server/chat/run-turn.ts';
import { failingModel, scriptedModel } from '../../support/mock-model.ts';
import { createTestServices } from '../../support/test-services.ts';

const add = tool({
  description: 'adds two numbers',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => ({ sum: a + b }),
});
const explode = tool({
  description: 'always fails',
  inputSchema: z.object({}),
  execute: async (): Promise<{ never: true }> => {
    throw new Error('the tool blew up: disk full');
  },
});

describe('runChatTurn', () => {
  test('creates a session, runs a tool step and a text step, stores chunks and messages', async () => {
    const model = scriptedModel([{ toolCalls: [{ toolName: 'add', input: { a: 2, b: 3 } }] }, { text: 'The sum is 5.' }]);
    const services = createTestServices(model);
    const seen: [string, number][] = [];
    const result = await runChatTurn({
      services,
      text: '  add 2 and 3 please  ',
      source: 'cli',
      tools: { add },
      onChunk: (chunk, sequence) => seen.push([chunk.type, sequence]),
    });
    assert.equal(result.aborted, false);
    const store = new ChatStore(services.db);
    const session = store.getSession(result.sessionId);
    assert.equal(session?.title, 'add 2 and 3 please');
    assert.equal(session?.source, 'cli');
    // Sequences are 1..n without gaps, and every chunk was stored.
    assert.deepEqual(seen.map(([, s]) => s), seen.map((_, i) => i + 1));
    const stored = store.listChunks<UIMessageChunk>(result.sessionId);
    assert.deepEqual(stored.map((c) => c.chunk.type), seen.map(([t]) => t));
    assert.ok(stored.every((c) => c.turnId === result.turnId && c.tMs >= 0));
    const types = seen.map(([t]) => t);
    assert.ok(types.includes('tool-input-available') && types.includes('tool-output-available') && types.at(-1) === 'finish');
    const output = stored.find((c) => c.chunk.type === 'tool-output-available')!.chunk as { output: unknown };
    assert.deepEqual(output.output, { sum: 5 });

    const messages = store.listMessages(result.sessionId);
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant']);
    const text = result.message.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('');
    assert.equal(text, 'The sum is 5.');
    assert.deepEqual(messages[1]!.message, result.message);
    // The model's second step saw the tool result.
    assert.equal(model.doStreamCalls.length, 2);
  });

  test('continues a session: the model sees the history and sequences keep growing', async () => {
    const model = scriptedModel([{ text: 'first answer' }]);
    const services = createTestServices(model);
    const first = await runChatTurn({ services, text: 'hello', tools: {} });
    const model2 = scriptedModel([{ text: 'second answer' }]);
    const second = await runChatTurn({ services: { ...services, model: model2 }, sessionId: first.sessionId, text: 'again', tools: {} });
    assert.equal(second.sessionId, first.sessionId);
    assert.notEqual(second.turnId, first.turnId);
    const prompt = model2.doStreamCalls[0]!.prompt;
    assert.deepEqual(prompt.filter((m) => m.role !== 'system').map((m) => m.role), ['user', 'assistant', 'user']);
    const store = new ChatStore(services.db);
    const chunks = store.listChunks(first.sessionId);
    assert.deepEqual(chunks.map((c) => c.sequence), chunks.map((_, i) => i + 1));
    assert.equal(store.listChunks(first.sessionId, { turnId: second.turnId })[0]!.sequence > 1, true);
    assert.equal(store.listMessages(first.sessionId).length, 4);
  });

  test('a tool that throws ends the tool call with its real error and the turn still finishes', async () => {
    const model = scriptedModel([{ toolCalls: [{ toolName: 'explode', input: {} }] }, { text: 'Sorry, the tool failed.' }]);
    const services = createTestServices(model);
    const chunks: UIMessageChunk[] = [];
    const result = await runChatTurn({ services, text: 'do it', tools: { explode }, onChunk: (c) => chunks.push(c) });
    const failure = chunks.find((c) => c.type === 'tool-output-error') as { errorText: string } | undefined;
    assert.match(failure?.errorText ?? '', /disk full/);
    assert.equal(chunks.at(-1)?.type, 'finish');
    assert.equal(result.aborted, false);
    const next = await runChatTurn({ services: { ...services, model: scriptedModel([{ text: 'still here' }]) }, sessionId: result.sessionId, text: 'ok?', tools: {} });
    assert.equal(next.message.parts.some((p) => p.type === 'text'), true);
  });

  test('a model endpoint that is down gives a readable error chunk, not a throw or a hang', async () => {
    const services = createTestServices(failingModel(new Error('connect ECONNREFUSED 127.0.0.1:9')));
    const chunks: UIMessageChunk[] = [];
    const result = await runChatTurn({ services, text: 'hi', tools: {}, onChunk: (c) => chunks.push(c) });
    const error = chunks.find((c) => c.type === 'error') as { errorText: string } | undefined;
    assert.match(error?.errorText ?? '', /ECONNREFUSED/);
    assert.equal(new ChatStore(services.db).listMessages(result.sessionId).length, 2);
  });

  test('abort stops the turn, emits an abort chunk and keeps the partial answer', async () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const services = createTestServices(scriptedModel([{ text: words }], { chunkDelayInMs: 5 }));
    const controller = new AbortController();
    const chunks: UIMessageChunk[] = [];
    const result = await runChatTurn({
      services,
      text: 'talk',
      tools: {},
      signal: controller.signal,
      onChunk: (c) => {
        chunks.push(c);
        if (chunks.filter((x) => x.type === 'text-delta').length === 5) controller.abort();
      },
    });
    assert.equal(result.aborted, true);
    assert.equal(chunks.at(-1)?.type, 'abort');
    const text = result.message.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('');
    assert.ok(text.startsWith('word0 word1 word2 word3 word4'), text);
    assert.ok(text.length < words.length);
    const stored = new ChatStore(services.db).listMessages(result.sessionId);
    assert.deepEqual(stored[1]!.message, result.message);
  });

  test('rejects unknown sessions and empty text', async () => {
    const services = createTestServices(scriptedModel([{ text: 'x' }]));
    await assert.rejects(runChatTurn({ services, sessionId: 'nope', text: 'hi' }), /session "nope" does not exist/);
    await assert.rejects(runChatTurn({ services, text: '   ' }), /text must be a non-empty message/);
  });
});

describe('runChatTurn when the session is deleted mid-turn', () => {
  test('the turn winds down without throwing and stores nothing more', async () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    const services = createTestServices(scriptedModel([{ text: words }], { chunkDelayInMs: 2 }));
    const store = new ChatStore(services.db);
    let deleted = false;
    const result = await runChatTurn({
      services,
      text: 'talk',
      tools: {},
      onChunk: (chunk, sequence) => {
        if (!deleted && sequence === 5) {
          deleted = store.deleteSession(store.listSessions()[0]!.id);
        }
      },
    });
    assert.equal(deleted, true);
    assert.equal(store.getSession(result.sessionId), null);
    assert.equal(services.db.prepare('SELECT COUNT(*) FROM stream_chunks').pluck().get(), 0);
    assert.equal(services.db.prepare('SELECT COUNT(*) FROM messages').pluck().get(), 0);
  });
});
