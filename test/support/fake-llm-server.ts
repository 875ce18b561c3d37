import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake OpenAI-compatible streaming server on 127.0.0.1 with known timings, for tests of anything that
 * talks to `/v1/chat/completions` or `/v1/completions` (the LLM benchmark, model providers).
 * Each request: wait `ttftMs`, send the first text chunk, then one chunk every `itlMs` until
 * `max_tokens` (or `outputTokens`) tokens are out, `tokensPerChunk` tokens per chunk; a role-only chunk
 * first for chat; a usage chunk when asked (`stream_options.include_usage`) and `sendUsage`.
 */
export interface FakeLlmOptions {
  ttftMs?: number;
  itlMs?: number;
  /** Tokens per response when the request has no max_tokens. */
  outputTokens?: number;
  tokensPerChunk?: number;
  sendUsage?: boolean;
  /** Fail every n-th request with HTTP 500 (0 = never). */
  failEvery?: number;
  /** The model `GET /v1/models` lists (default `fake-model`). */
  modelId?: string;
}

export interface FakeLlmServer {
  baseUrl: string;
  /** Bodies of the requests received. */
  requests: Record<string, unknown>[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startFakeLlmServer(options: FakeLlmOptions = {}): Promise<FakeLlmServer> {
  const ttft = options.ttftMs ?? 50;
  const itl = options.itlMs ?? 10;
  const perChunk = options.tokensPerChunk ?? 1;
  const requests: Record<string, unknown>[] = [];
  let count = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: options.modelId ?? 'fake-model', object: 'model' }] }));
      return;
    }
    const chat = req.url === '/v1/chat/completions';
    if (req.method !== 'POST' || (!chat && req.url !== '/v1/completions')) {
      res.writeHead(404).end('not found');
      return;
    }
    const body = JSON.parse(raw) as { max_tokens?: number; messages?: { content: string }[]; prompt?: string; stream_options?: { include_usage?: boolean } };
    requests.push(body);
    count++;
    if (options.failEvery && count % options.failEvery === 0) {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"injected failure"}}');
      return;
    }
    const total = body.max_tokens ?? options.outputTokens ?? 16;
    const prompt = chat ? (body.messages ?? []).map((m) => m.content).join(' ') : (body.prompt ?? '');
    const promptTokens = prompt.split(/\s+/).filter(Boolean).length;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
    const choice = (text: string, finish: string | null) =>
      chat ? { index: 0, delta: { content: text }, finish_reason: finish } : { index: 0, text, finish_reason: finish };
    if (chat) send({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    await sleep(ttft);
    let sent = 0;
    while (sent < total) {
      if (sent > 0) await sleep(itl);
      const n = Math.min(perChunk, total - sent);
      send({ object: chat ? 'chat.completion.chunk' : 'text_completion', choices: [choice(Array.from({ length: n }, () => 'tok ').join(''), null)] });
      sent += n;
    }
    send({ choices: [choice('', 'length')] });
    if (body.stream_options?.include_usage && options.sendUsage !== false) {
      send({ choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: total, total_tokens: promptTokens + total } });
    }
    res.end('data: [DONE]\n\n');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => res.destroy(error));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
