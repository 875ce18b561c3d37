import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** The login cookie: the user's API token, HttpOnly so page scripts (and an XSS) cannot read it. */
export const AUTH_COOKIE = 'tunechat_token';

/** How long a browser keeps the login (7 days); the token itself lives until it is rotated or the user removed. */
export const AUTH_COOKIE_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/** Longer credentials are not tokens: refused before any lookup (tools/iam/tokens.ts tokens are 65 characters). */
export const MAX_CREDENTIAL_LENGTH = 512;

export type CredentialSource = 'bearer' | 'cookie';

export type PresentedCredential =
  | { ok: true; token: string; via: CredentialSource }
  | { ok: false; via: CredentialSource; reason: string };

/**
 * The credential a request presents, if any: `Authorization: Bearer <token>` first (API clients, the CLI), else the
 * login cookie (the web UI, its websocket). An Authorization header of another scheme or an oversize value is a
 * presented-but-bad credential, so it counts toward the failed-login limit like a wrong token.
 */
export function presentedCredential(c: Context): PresentedCredential | null {
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match) return { ok: false, via: 'bearer', reason: 'the Authorization header must be "Bearer <token>"' };
    if (match[1]!.length > MAX_CREDENTIAL_LENGTH) return { ok: false, via: 'bearer', reason: `the bearer token is longer than ${MAX_CREDENTIAL_LENGTH} characters` };
    return { ok: true, token: match[1]!, via: 'bearer' };
  }
  let cookie: string | undefined;
  try {
    cookie = getCookie(c, AUTH_COOKIE);
  } catch {
    return { ok: false, via: 'cookie', reason: 'the login cookie is malformed' };
  }
  if (cookie === undefined || cookie === '') return null;
  if (cookie.length > MAX_CREDENTIAL_LENGTH) return { ok: false, via: 'cookie', reason: `the login cookie is longer than ${MAX_CREDENTIAL_LENGTH} characters` };
  return { ok: true, token: cookie, via: 'cookie' };
}

/** Sets the login cookie: HttpOnly, SameSite=Strict (never sent by another site's page or link), Path=/, Secure on https. */
export function setAuthCookie(c: Context, token: string, secure: boolean): void {
  setCookie(c, AUTH_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', secure, maxAge: AUTH_COOKIE_MAX_AGE_SECONDS });
}

/** Clears the login cookie (same attributes, so the browser matches and drops it). */
export function clearAuthCookie(c: Context, secure: boolean): void {
  deleteCookie(c, AUTH_COOKIE, { httpOnly: true, sameSite: 'Strict', path: '/', secure });
}

/** Whether cookies must be `Secure`: the public URL the browser uses is https. */
export function secureCookies(publicUrl: string): boolean {
  return /^https:/i.test(publicUrl);
}

/**
 * The client's address from the TCP connection (`@hono/node-server` and `@hono/node-ws` pass the Node request as
 * `c.env.incoming`), IPv4-mapped addresses unwrapped. Forwarded headers are not trusted: any client can send them.
 * Undefined in-process (`app.request` in tests).
 */
export function clientIp(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const address = env?.incoming?.socket?.remoteAddress;
  if (!address) return undefined;
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
