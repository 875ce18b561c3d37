import { request as httpRequest, type Agent } from 'node:http';
import type { LookupFunction } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { estimateTokens } from './prompts.ts';

/** What one streamed completion produced, with monotonic timestamps (ms, performance.now()). */
export interface StreamOutcome {
  ok: boolean;
  error: string | null;
  sentAt: number;
  /** Times of chunks carrying non-empty text; the first one defines TTFT. */
  chunkTimes: number[];
  endAt: number;
  text: string;
  promptTokens: number | null;
  outputTokens: number | null;
}

export interface StreamRequestOptions {
  baseUrl: string;
  endpoint: 'chat' | 'completions';
  model: string;
  prompt: string;
  maxTokens: number;
  apiKey?: string;
  agent?: Agent;
  /** Answers the host with the checked addresses (tools/common/pinned-lookup.ts) instead of asking DNS. */
  lookup?: LookupFunction;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * POSTs one streaming request (`stream: true`, `stream_options.include_usage`) and reads the SSE stream:
 * `data: {json}` lines, blank lines and comments skipped, `data: [DONE]` ends it. Several events per read and
 * events split across reads are both handled. Text is `choices[0].delta.content` (chat) or `choices[0].text`.
 */
export function streamRequest(options: StreamRequestOptions): Promise<StreamOutcome> {
  const url = new URL(`${options.baseUrl.replace(/\/$/, '')}/${options.endpoint === 'chat' ? 'chat/completions' : 'completions'}`);
  const payload: Record<string, unknown> = {
    model: options.model,
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: options.maxTokens,
    // Ask for exactly max_tokens (vLLM's --ignore-eos); servers that do not know it ignore it.
    ignore_eos: true,
  };
  if (options.endpoint === 'chat') payload.messages = [{ role: 'user', content: options.prompt }];
  else payload.prompt = options.prompt;
  const body = JSON.stringify(payload);
  const outcome: StreamOutcome = { ok: false, error: null, sentAt: 0, chunkTimes: [], endAt: 0, text: '', promptTokens: null, outputTokens: null };
  return new Promise((resolve) => {
    let settled = false;
    const done = (error: string | null) => {
      if (settled) return;
      settled = true;
      outcome.endAt = performance.now();
      outcome.ok = error === null;
      outcome.error = error;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        accept: 'text/event-stream',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      },
      ...(options.agent ? { agent: options.agent } : {}),
      ...(options.lookup ? { lookup: options.lookup } : {}),
    });
    const timer = setTimeout(() => {
      req.destroy();
      done(`timeout after ${options.timeoutMs / 1000} s`);
    }, options.timeoutMs);
    const onAbort = () => {
      req.destroy();
      done('aborted');
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => done(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
        return;
      }
      let buffer = '';
      let finished = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const now = performance.now();
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) !== -1) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (!line.startsWith('data:')) continue;
          const data = line.slice(5).trim();
          if (data === '[DONE]') {
            finished = true;
            continue;
          }
          handleEvent(data, now);
        }
      });
      res.on('end', () => done(finished || outcome.chunkTimes.length > 0 ? null : 'stream ended without data'));
      res.on('error', (error) => done(error.message));
    });
    const handleEvent = (data: string, now: number) => {
      let event: { choices?: { delta?: { content?: string | null }; text?: string }[]; usage?: { prompt_tokens?: number; completion_tokens?: number } | null; error?: unknown };
      try {
        event = JSON.parse(data);
      } catch {
        return;
      }
      if (event.error) return done(`server error: ${JSON.stringify(event.error).slice(0, 200)}`);
      const choice = event.choices?.[0];
      const text = options.endpoint === 'chat' ? choice?.delta?.content : choice?.text;
      if (text) {
        outcome.chunkTimes.push(now);
        outcome.text += text;
      }
      if (event.usage) {
        if (typeof event.usage.prompt_tokens === 'number') outcome.promptTokens = event.usage.prompt_tokens;
        if (typeof event.usage.completion_tokens === 'number') outcome.outputTokens = event.usage.completion_tokens;
      }
    };
    outcome.sentAt = performance.now();
    req.end(body);
  });
}

/** Output token count: from `usage` when sent, else estimated from the text (flagged). */
export function outputTokens(outcome: StreamOutcome): { tokens: number; estimated: boolean } {
  if (outcome.outputTokens !== null) return { tokens: outcome.outputTokens, estimated: false };
  return { tokens: estimateTokens(outcome.text), estimated: true };
}
