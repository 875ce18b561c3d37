import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import type { UIMessageChunk } from 'ai';
import { createModel } from '../../server/agent/model.ts';
import { runChatTurn } from '../../server/chat/run-turn.ts';
import { createTestServices } from '../support/test-services.ts';
import { startScriptedSseServer } from './support/scripted-sse-server.ts';
import { messageText, toolCalls } from './support/turns.ts';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('OpenAI-compatible model through the real turn loop', () => {
  test('plays a scripted tool-calling conversation: tool call → real tool → tool result sent back → streamed answer', async () => {
    const server = await startScriptedSseServer([
      { toolCall: { name: 'list_targets', arguments: {} } },
      { text: 'You can tune xgboost and the builtin problems.' },
    ]);
    try {
      const model = createModel({ kind: 'openai-compatible', baseUrl: server.baseUrl, modelId: 'fake-1', apiKey: 'sk-test' });
      const services = createTestServices(model);
      const chunks: UIMessageChunk[] = [];
      const result = await runChatTurn({ services, text: 'what can you tune?', onChunk: (c) => chunks.push(c) });
      assert.deepEqual(toolCalls(result.message).map((c) => c.tool), ['list_targets']);
      assert.equal(messageText(result.message), 'You can tune xgboost and the builtin problems.');
      assert.equal(server.requests.length, 2);
      const first = server.requests[0]!;
      assert.equal(first.authorization, 'Bearer sk-test');
      assert.equal(first.body.stream, true);
      assert.deepEqual(first.body.stream_options, { include_usage: true });
      const toolNames = (first.body.tools as Array<{ function: { name: string } }>).map((t) => t.function.name);
      for (const name of ['list_targets', 'register_target', 'list_sessions', 'replay_session']) assert.ok(toolNames.includes(name), name);
      const messages = server.requests[1]!.body.messages as Array<{ role: string; content: unknown }>;
      assert.equal(messages[0]!.role, 'system');
      assert.match(String(messages[0]!.content), /You are tunechat/);
      assert.match(String(messages[0]!.content), /start_study, then wait_for_study/);
      const toolMessage = messages.find((m) => m.role === 'tool');
      assert.match(String(toolMessage?.content), /"name":"xgboost"/);
      assert.ok(chunks.some((c) => c.type === 'tool-output-available'));
    } finally {
      await server.close();
    }
  });

  test('TUNECHAT_MODEL=openai uses the chat completions API (not the Responses API) and plays the same conversation', async () => {
    const server = await startScriptedSseServer([{ toolCall: { name: 'list_sessions', arguments: {} } }, { text: 'One session so far.' }]);
    try {
      const model = createModel({ kind: 'openai', baseUrl: server.baseUrl, modelId: 'gpt-test', apiKey: 'sk-openai' });
      const result = await runChatTurn({ services: createTestServices(model), text: 'show my sessions' });
      assert.deepEqual(toolCalls(result.message).map((c) => c.tool), ['list_sessions']);
      assert.equal(messageText(result.message), 'One session so far.');
      assert.equal(server.requests[0]!.authorization, 'Bearer sk-openai');
      assert.equal(server.requests[0]!.body.model, 'gpt-test');
    } finally {
      await server.close();
    }
  });

  test('TUNECHAT_MODEL=anthropic builds the Anthropic messages model', () => {
    const model = createModel({ kind: 'anthropic', modelId: 'claude-test', apiKey: 'sk-ant', baseUrl: null });
    assert.equal(typeof model, 'object');
    assert.equal((model as { modelId: string }).modelId, 'claude-test');
    assert.match((model as { provider: string }).provider, /anthropic/);
  });

  test('a down endpoint ends the turn with a clear error in the chat, quickly', async () => {
    const port = await closedPort();
    const services = createTestServices(createModel({ kind: 'openai-compatible', baseUrl: `http://127.0.0.1:${port}/v1`, modelId: 'm', apiKey: null }));
    const chunks: UIMessageChunk[] = [];
    const started = Date.now();
    await runChatTurn({ services, text: 'minimize branin', onChunk: (c) => chunks.push(c) });
    const error = chunks.find((c) => c.type === 'error') as { errorText: string } | undefined;
    assert.ok(error, 'an error chunk');
    assert.match(error.errorText, /not reachable|ECONNREFUSED/);
    // One retry after the SDK's 2 s backoff takes about 2 s; this only bounds a hang (e.g. waiting for the 60 s response timeout).
    assert.ok(Date.now() - started < 30_000, 'no hang');
  });

  test('an endpoint that accepts but never answers is cut off by the response timeout', async () => {
    const server = await startScriptedSseServer([], { hang: true });
    try {
      const model = createModel({ kind: 'openai-compatible', baseUrl: server.baseUrl, modelId: 'm', apiKey: null }, { responseTimeoutMs: 300 });
      const chunks: UIMessageChunk[] = [];
      await runChatTurn({ services: createTestServices(model), text: 'hello', onChunk: (c) => chunks.push(c) });
      const error = chunks.find((c) => c.type === 'error') as { errorText: string } | undefined;
      assert.ok(error);
      assert.match(error.errorText, /did not answer within 300 ms/);
    } finally {
      await server.close();
    }
  });
});
