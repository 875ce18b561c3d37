import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer of the fake endpoint: streamed text, or one streamed tool call. */
export type ScriptedReply = { text: string } | { toolCall: { name: string; arguments: Record<string, unknown> } };

export interface ScriptedSseServer {
  baseUrl: string;
  /** Request bodies and headers, in order. */
  requests: Array<{ body: Record<string, unknown>; authorization: string | undefined }>;
  close(): Promise<void>;
}

/**
 * A fake OpenAI-compatible `/v1/chat/completions` on 127.0.0.1 that plays `replies` in order, one per request,
 * as `text/event-stream` chunks the way OpenAI-compatible servers send them (role chunk, content or tool-call
 * argument fragments, finish_reason, usage, [DONE]). `hang: true` accepts requests and never answers.
 */
export async function startScriptedSseServer(replies: ScriptedReply[], options: { hang?: boolean } = {}): Promise<ScriptedSseServer> {
  const requests: ScriptedSseServer['requests'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    requests.push({ body: JSON.parse(raw || '{}') as Record<string, unknown>, authorization: req.headers.authorization });
    if (options.hang) return;
    const reply = replies[requests.length - 1] ?? { text: '(no more scripted replies)' };
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (delta: Record<string, unknown>, finish: string | null = null) =>
      res.write(`data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 0, model: 'fake-1', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
    send({ role: 'assistant', content: '' });
    if ('text' in reply) {
      for (const word of reply.text.match(/\S+\s*/g) ?? []) send({ content: word });
      send({}, 'stop');
    } else {
      const args = JSON.stringify(reply.toolCall.arguments);
      send({ tool_calls: [{ index: 0, id: `call_${requests.length}`, type: 'function', function: { name: reply.toolCall.name, arguments: '' } }] });
      for (let at = 0; at < args.length; at += 8) send({ tool_calls: [{ index: 0, function: { arguments: args.slice(at, at + 8) } }] });
      send({}, 'tool_calls');
    }
    res.write(`data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 0, model: 'fake-1', choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } })}\n\n`);
    res.end('data: [DONE]\n\n');
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
