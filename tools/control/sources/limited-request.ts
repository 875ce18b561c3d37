/**
 * One HTTP request to a URL the host policy admitted, with a cap on the response body. Like
 * tools/common/pinned-request.ts (fresh connection, only the checked addresses, no redirects), plus `maxBytes`:
 * a /metrics page or a control endpoint that answers more than that is cut off with `too_large` instead of being
 * buffered whole. The control loop calls this every period, so an unbounded body would be an unbounded cost.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ToolError } from '../../common/errors.ts';
import type { CheckedUrl } from '../../common/host-policy.ts';
import { pinnedLookup } from '../../common/pinned-lookup.ts';

export interface LimitedRequestOptions {
  target: CheckedUrl;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  /** Largest response body accepted, bytes. */
  maxBytes: number;
  signal?: AbortSignal;
}

export interface LimitedResponse {
  status: number;
  body: string;
}

/** Sends a request and reads at most `maxBytes` of the answer. Injected in tests as `HttpRequester`. */
export type HttpRequester = (options: LimitedRequestOptions) => Promise<LimitedResponse>;

export const limitedRequest: HttpRequester = (options) => {
  const { target, signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers = { ...options.headers, ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}) };
    const req = send(target.url, { method: options.method, headers, lookup: pinnedLookup(target.url.hostname, target.addresses), agent: false });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      req.destroy();
      finish(() => reject(signal!.reason));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => finish(() => reject(error)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > options.maxBytes) {
          req.destroy();
          finish(() =>
            reject(new ToolError('too_large', `${target.url.href} answered more than ${options.maxBytes} bytes (the limit for this request)`, { details: { url: target.url.href, limit: options.maxBytes } })),
          );
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => finish(() => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })));
      res.on('error', (error) => finish(() => reject(error)));
      res.on('close', () => {
        if (!res.complete) finish(() => reject(new Error('the connection closed before the response ended')));
      });
    });
    req.end(options.body);
  });
};
