import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { CheckedUrl } from './host-policy.ts';
import { pinnedLookup } from './pinned-lookup.ts';

export interface PinnedRequestOptions {
  /** A URL the host policy admitted; the request connects only to its `addresses`. */
  target: CheckedUrl;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** Status and the whole body (UTF-8) of one response. */
export interface PinnedResponse {
  status: number;
  body: string;
}

/**
 * One HTTP(S) request to a checked URL over a fresh connection (no pooled socket that an unchecked request could
 * have opened), connecting only to the checked addresses. Redirects are not followed: a 3xx is returned like any
 * status, so a server cannot bounce the request to a host the policy would refuse. Rejects on connection errors,
 * a response cut short, or `signal` (with its reason).
 */
export function pinnedRequest(options: PinnedRequestOptions): Promise<PinnedResponse> {
  const { target, signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target.url, {
      method: options.method,
      headers: { ...options.headers, ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}) },
      lookup: pinnedLookup(target.url.hostname, target.addresses),
      agent: false,
    });
    const onAbort = () => {
      req.destroy();
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = <T>(fn: (value: T) => void) => (value: T) => {
      signal?.removeEventListener('abort', onAbort);
      fn(value);
    };
    req.on('error', settle(reject));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => settle(resolve)({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', settle(reject));
      res.on('close', () => {
        if (!res.complete) settle(reject)(new Error('the connection closed before the response ended'));
      });
    });
    req.end(options.body);
  });
}
