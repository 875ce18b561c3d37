import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ToolError } from '../../tools/common/errors.ts';
import { errorResponse } from '../errors.ts';

/**
 * A request-body size limit for every route: `bytes` everywhere, `paths[path]` for the few routes that take
 * larger bodies (the session import). Built on hono's body-limit middleware, which refuses a too-large
 * `Content-Length` before reading anything and counts the streamed bytes of a body without one (chunked),
 * stopping at the limit; the handler reads the body only after that. Answers 413 with the project's error body:
 * `{ error: { code: 'too_large', message, details: { limit, contentLength? } } }`.
 */
export function requestBodyLimit(options: { bytes: number; paths?: Record<string, number> }): MiddlewareHandler {
  const general = limiter(options.bytes);
  const special = new Map(Object.entries(options.paths ?? {}).map(([path, bytes]) => [path, limiter(bytes)]));
  return (c, next) => (special.get(c.req.path) ?? general)(c, next);
}

function limiter(limit: number): MiddlewareHandler {
  return bodyLimit({ maxSize: limit, onError: (c) => tooLarge(c, limit) });
}

function tooLarge(c: Context, limit: number): Response {
  const header = c.req.header('content-length');
  const declared = header !== undefined && c.req.header('transfer-encoding') === undefined ? Number(header) : null;
  const size = declared !== null ? `is ${declared} bytes (Content-Length)` : `exceeded ${limit} bytes while streaming (no Content-Length)`;
  const message = `request body ${size}; the limit for ${c.req.method} ${c.req.path} is ${limit} bytes`;
  const details = { limit, ...(declared !== null ? { contentLength: declared } : {}) };
  // The unread rest of the body may still be arriving: close the connection rather than read it to keep it alive.
  c.header('connection', 'close');
  return errorResponse(c, new ToolError('too_large', message, { details }));
}
