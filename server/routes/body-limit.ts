import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * A request-body size limit for every route: `bytes` everywhere, `paths[path]` for the few routes that take
 * larger bodies (the session import). Built on hono's body-limit middleware, which refuses a too-large
 * `Content-Length` before reading anything and counts the streamed bytes of a body without one (chunked),
 * stopping at the limit; the handler reads the body only after that. Answers 413 with the project's error body:
 * `{ error: { code: 'invalid_argument', message, details: { limit, contentLength? } } }`.
 * 413 is HTTP's own status for this; it is not a ToolError, so it does not go through server/errors.ts.
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
  return c.json({ error: { code: 'invalid_argument', message, details } }, 413);
}
