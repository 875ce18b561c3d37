import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tool, type UIMessageChunk } from 'ai';
import { z } from 'zod';
import { createModel } from '../../../server/agent/model.ts';
import { runChatTurn } from '../../../server/chat/run-turn.ts';
import { createTestServices } from '../../support/test-services.ts';

/** SSE lines of an OpenAI chat.completion.chunk stream. */
const sse = (choices: unknown[], extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'fake-1', choices, ...extra })}\n\n`;

/**
 * A fake OpenAI-compatible server: the first request gets a streamed tool call (arguments in fragments),
 * the follow-up (which carries the tool result) gets streamed text.
 */
function fakeServer(requests: any[]): Server {
  return createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw);
    requests.push({ body, authorization: req.headers.authorization, url: req.url });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const hasToolResult = body.messages.some((m: any) => m.role === 'tool');
    if (!hasToolResult) {
      res.write(sse([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
      res.write(sse([{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_abc', type: 'function', function: { name: 'multiply', arguments: '' } }] }, finish_reason: null }]));
      for (const fragment of ['{"a"', ': 6, "b"', ': 7}']) {
        res.write(sse([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: fragment } }] }, finish_reason: null }]));
      }
      res.write(sse([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]));
    } else {
      res.write(sse([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
      for (const word of ['The ', 'product ', 'is ', '42.']) res.write(sse([{ index: 0, delta: { content: word }, finish_reason: null }]));
      res.write(sse([{ index: 0, delta: {}, finish_reason: 'stop' }]));
    }
    res.write(sse([], { usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } }));
    res.end('data: [DONE]\n\n');
  });
}

const multiply = tool({
  description: 'multiplies two numbers',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => ({ product: a * b }),
});

describe('chat turn over an OpenAI-compatible endpoint', () => {
  const requests: any[] = [];
  let server: Server;
  let baseUrl = '';
  before(async () => {
    server = fakeServer(requests);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  test('a streamed tool call runs the tool, and the follow-up text streams into the chat', async () => {
    const model = createModel({ kind: 'openai-compatible', baseUrl, modelId: 'fake-1', apiKey: 'sk-test' });
    const services = createTestServices(model);
    const chunks: UIMessageChunk[] = [];
    const result = await runChatTurn({ services, text: 'what is 6 times 7?', tools: { multiply }, onChunk: (c) => chunks.push(c) });
    const input = chunks.find((c) => c.type === 'tool-input-available') as { toolName: string; input: unknown } | undefined;
    assert.deepEqual([input?.toolName, input?.input], ['multiply', { a: 6, b: 7 }]);
    assert.ok(chunks.some((c) => c.type === 'tool-input-delta'), 'tool arguments stream');
    const output = chunks.find((c) => c.type === 'tool-output-available') as { output: unknown } | undefined;
    assert.deepEqual(output?.output, { product: 42 });
    const text = chunks.filter((c) => c.type === 'text-delta').map((c) => (c as { delta: string }).delta).join('');
    assert.equal(text, 'The product is 42.');
    assert.equal(result.aborted, false);
    assert.equal(requests.length, 2);
    assert.equal(requests[0].url, '/v1/chat/completions');
    assert.equal(requests[0].authorization, 'Bearer sk-test');
    assert.equal(requests[0].body.stream, true);
    assert.equal(requests[0].body.tools[0].function.name, 'multiply');
    const toolMessage = requests[1].body.messages.find((m: any) => m.role === 'tool');
    assert.deepEqual(JSON.parse(toolMessage.content), { product: 42 });
  });

  test('an endpoint that is down gives a clear error in the chat, quickly', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const model = createModel({ kind: 'openai-compatible', baseUrl: `http://127.0.0.1:${port}/v1`, modelId: 'fake-1', apiKey: null });
    const chunks: UIMessageChunk[] = [];
    const started = Date.now();
    await runChatTurn({ services: createTestServices(model), text: 'hi', tools: {}, onChunk: (c) => chunks.push(c) });
    const error = chunks.find((c) => c.type === 'error') as { errorText: string } | undefined;
    assert.match(error?.errorText ?? '', new RegExp(`not reachable.*127\\.0\\.0\\.1:${port}|127\\.0\\.0\\.1:${port}.*not reachable`));
    // One retry after the SDK's 2 s backoff takes about 2 s; this only bounds a hang (e.g. waiting for the 60 s response timeout).
    assert.ok(Date.now() - started < 30_000, 'no hang');
  });
});
