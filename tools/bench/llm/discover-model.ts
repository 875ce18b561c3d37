import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

/**
 * The first model an OpenAI-compatible server lists at `GET {base}/models` (vLLM, llama.cpp and Ollama serve
 * it), or null when the server does not answer it. Used when the user gives no model.
 */
export function discoverModel(options: { baseUrl: string; apiKey?: string; timeoutMs?: number; signal?: AbortSignal; lookup?: LookupFunction }): Promise<string | null> {
  const url = new URL(`${options.baseUrl.replace(/\/$/, '')}/models`);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(url, {
      method: 'GET',
      headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
      timeout: options.timeoutMs ?? 5000,
      ...(options.signal ? { signal: options.signal } : {}),
      // A fresh connection: a pooled socket of the global agent may lead to an address nobody checked.
      ...(options.lookup ? { lookup: options.lookup, agent: false } : {}),
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        try {
          const id = (JSON.parse(body) as { data?: { id?: unknown }[] }).data?.[0]?.id;
          resolve(res.statusCode === 200 && typeof id === 'string' ? id : null);
        } catch {
          resolve(null);
        }
      });
    });
    req.end();
  });
}
