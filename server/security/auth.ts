import type { Context, MiddlewareHandler } from 'hono';
import { ToolError } from '../../tools/common/errors.ts';
import { operatorPrincipal, userPrincipal } from '../../tools/iam/principals.ts';
import type { IamStoreApi, Principal, RequestOrigin, UserRecord } from '../../tools/iam/types.ts';
import type { Config } from '../config.ts';
import { errorResponse } from '../errors.ts';
import { clearAuthCookie, clientIp, presentedCredential, type CredentialSource } from './auth-credentials.ts';
import type { FailedLoginLimiter } from './auth-limiter.ts';
import { authRequired } from './auth-mode.ts';
import { isPage, isPublicRequest } from './auth-public.ts';

/** Who a request acts as, set by {@link authentication} on every request that is not public. */
export interface RequestAuth {
  principal: Principal;
  /** The authenticated user; null for the operator (authentication not required). */
  user: UserRecord | null;
  /** How the credential came: `none` when authentication was not required. */
  via: CredentialSource | 'none';
  /** The TCP peer's address (undefined in-process). */
  sourceIp: string | undefined;
  /** Whether authentication was required for this request. */
  required: boolean;
}

declare module 'hono' {
  interface ContextVariableMap {
    auth: RequestAuth;
  }
}

/** The part of the IAM store authentication reads. */
export type AuthIam = Pick<IamStoreApi, 'hasUsers' | 'authenticate'>;

export interface AuthenticationOptions {
  config: Pick<Config, 'host' | 'auth' | 'publicUrl'>;
  /** The IAM store (services.iam); absent: no users exist, and a required login always fails (fail closed). */
  iam: () => AuthIam | undefined;
  limiter: FailedLoginLimiter;
}

/**
 * Authenticates every request before the routes (after the Host/Origin guard): when authentication is required
 * (server/security/auth-mode.ts), a request that is not public (auth-public.ts) needs a valid token, as a bearer
 * header or the login cookie; the websocket upgrade goes through here too. Missing or wrong credentials: 401 JSON
 * `unauthenticated` for the API, a redirect to `/login` for a page. When authentication is not required every
 * request acts as the operator. The route reads the result with {@link requestAuth}.
 */
export function authentication(options: AuthenticationOptions): MiddlewareHandler {
  const secure = /^https:/i.test(options.config.publicUrl);
  return async (c, next) => {
    const iam = options.iam();
    const sourceIp = clientIp(c);
    if (!authRequired(options.config, () => iam?.hasUsers() ?? false)) {
      c.set('auth', { principal: operatorPrincipal(), user: null, via: 'none', sourceIp, required: false });
      return next();
    }
    if (isPublicRequest({ method: c.req.method, path: c.req.path, hasToken: c.req.query('token') !== undefined, metricsPublic: options.config.auth.metricsPublic })) return next();
    const credential = presentedCredential(c);
    if (!credential) return unauthenticated(c, 'authentication is required: send "Authorization: Bearer <token>" or log in at /login (a user gets a token from the operator: npx tunechat users add <name>)');
    const client = sourceIp ?? 'unknown';
    const wait = options.limiter.retryAfterMs(client);
    if (wait > 0) return tooManyFailures(c, wait, options.limiter);
    const user = credential.ok && iam ? iam.authenticate(credential.token) : null;
    if (!user) {
      options.limiter.fail(client);
      // A stale cookie (token rotated, user removed) is dropped so the browser stops sending it.
      if (credential.via === 'cookie') clearAuthCookie(c, secure);
      return unauthenticated(c, credential.ok ? `the ${credential.via === 'bearer' ? 'bearer token' : 'login cookie'} is not valid (unknown, rotated or disabled)` : credential.reason);
    }
    c.set('auth', { principal: userPrincipal(user), user, via: credential.via, sourceIp, required: true });
    return next();
  };
}

/** The request's authentication (set by {@link authentication}); undefined on a public path. */
export function requestAuth(c: Context): RequestAuth | undefined {
  return c.get('auth') as RequestAuth | undefined;
}

/** The policy origin of a REST request: a browser (cookie, or the operator's own UI) is `web`; a bearer client is `api`. */
export function requestOrigin(auth: RequestAuth): RequestOrigin {
  return { source: auth.via === 'bearer' ? 'api' : 'web', ...(auth.sourceIp ? { sourceIp: auth.sourceIp } : {}) };
}

function unauthenticated(c: Context, message: string): Response {
  if ((c.req.method === 'GET' || c.req.method === 'HEAD') && c.req.header('upgrade') === undefined && (isPage(c.req.path) || wantsHtml(c))) {
    const url = new URL(c.req.url);
    return c.redirect(`/login?next=${encodeURIComponent(`${url.pathname}${url.search}`)}`, 302);
  }
  c.header('www-authenticate', 'Bearer realm="tunechat"');
  return errorResponse(c, new ToolError('unauthenticated', message, { details: { login: '/login' } }));
}

/** 429 `busy` with Retry-After: this address failed too often (login, bearer or cookie alike). */
export function tooManyFailures(c: Context, waitMs: number, limiter: FailedLoginLimiter): Response {
  const seconds = Math.ceil(waitMs / 1000);
  c.header('retry-after', String(seconds));
  return errorResponse(c, new ToolError('busy', `too many failed logins from this address (${limiter.max} within ${limiter.windowMs / 1000} s); try again in ${seconds} s`, {
    details: { retryAfterSeconds: seconds, limit: limiter.max, windowSeconds: limiter.windowMs / 1000 },
  }));
}

/** A browser navigating (Accept lists text/html), not an API client or the page's own fetch. */
function wantsHtml(c: Context): boolean {
  return !c.req.path.startsWith('/api/') && /\btext\/html\b/i.test(c.req.header('accept') ?? '');
}
