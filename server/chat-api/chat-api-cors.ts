import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { Config } from '../config.ts';

/** Whether a path belongs to the `useChat` endpoint (`/api/chat`, `/api/chat/:id/stream`). */
export function isChatApiPath(path: string): boolean {
  return path === '/api/chat' || path.startsWith('/api/chat/');
}

/**
 * CORS for `/api/chat` only, and only for the origins the operator named (TUNECHAT_ALLOWED_ORIGINS and the origin of
 * TUNECHAT_PUBLIC_URL): an AI SDK app served from another origin (a Next.js dev server on :3001) can then POST JSON
 * and read the stream. Every other origin gets no CORS headers, so a browser keeps refusing the JSON POST's preflight;
 * the request guard (server/security/request-guard.ts), which runs first, already answers 403 to an Origin not
 * allowed. These origins can open the websocket already, so this grants no new power. No
 * `Access-Control-Allow-Credentials`: a cross-origin app authenticates with `Authorization: Bearer`, never with the
 * login cookie. Runs before authentication: a preflight carries no credentials.
 */
export function chatApiCors(config: Pick<Config, 'publicUrl' | 'allowedOrigins'>): MiddlewareHandler {
  const origins = new Set([config.publicUrl, ...config.allowedOrigins].flatMap((raw) => originOf(raw) ?? []));
  const handler = cors({
    origin: (origin) => (origins.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['content-type', 'authorization'],
    maxAge: 600,
  });
  return (c, next) => (isChatApiPath(c.req.path) ? handler(c, next) : next());
}

function originOf(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}
