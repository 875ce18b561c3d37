import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Hono } from 'hono';
import { z } from 'zod';
import { ToolError } from '../../tools/common/errors.ts';
import { userPrincipal } from '../../tools/iam/principals.ts';
import type { Config } from '../config.ts';
import { errorResponse } from '../errors.ts';
import { requestAuth, tooManyFailures, type AuthIam } from '../security/auth.ts';
import { clearAuthCookie, clientIp, MAX_CREDENTIAL_LENGTH, secureCookies, setAuthCookie } from '../security/auth-credentials.ts';
import type { FailedLoginLimiter } from '../security/auth-limiter.ts';
import { authRequired } from '../security/auth-mode.ts';

const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

const loginSchema = z.object({ token: z.string().min(1).max(MAX_CREDENTIAL_LENGTH) }).strict();

/**
 * Login for the web UI (issue 16):
 * - `GET /login`: a page with one token field (web/login.html; its script `/login.js` is bundled from web/login.ts,
 *   no inline script, so a strict CSP can forbid inline code).
 * - `POST /api/login` `{token}`: verifies the token (services.iam.authenticate, constant-time) and sets the login
 *   cookie (HttpOnly, SameSite=Strict, Path=/, Secure on https). JSON only, like every state change (the request
 *   guard), so a cross-site form cannot log a victim in as the attacker. Failures count toward the per-address limit
 *   (10 per minute by default; then 429 `busy` with Retry-After) shared with bearer and cookie checks.
 * - `POST /api/logout`: clears the cookie (the token itself stays valid until rotated: `npx tunechat users rotate-token`).
 * - `GET /api/me`: who the request acts as, and whether a login is required (the UI shows it; needs no permission).
 */
export function loginRoutes(deps: { config: Pick<Config, 'host' | 'auth' | 'publicUrl'>; iam: () => AuthIam | undefined; limiter: FailedLoginLimiter }): Hono {
  const app = new Hono();
  const secure = secureCookies(deps.config.publicUrl);
  let bundle: Promise<string> | null = null;
  const bundleScript = () =>
    (bundle ??= build({ entryPoints: [join(WEB_DIR, 'login.ts')], bundle: true, format: 'esm', target: 'es2022', minify: true, write: false, logLevel: 'silent' })
      .then((r) => r.outputFiles[0]!.text)
      .catch((error: unknown) => {
        bundle = null;
        throw error;
      }));

  app.get('/login', async (c) => {
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    return c.html(await readFile(join(WEB_DIR, 'login.html'), 'utf8'));
  });
  app.get('/login.js', async (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'no-cache');
    return c.body(await bundleScript());
  });
  app.get('/login.css', async (c) => {
    c.header('content-type', 'text/css; charset=utf-8');
    c.header('cache-control', 'no-cache');
    return c.body(await readFile(join(WEB_DIR, 'login.css'), 'utf8'));
  });

  app.post('/api/login', async (c) => {
    const client = clientIp(c) ?? 'unknown';
    const wait = deps.limiter.retryAfterMs(client);
    if (wait > 0) return tooManyFailures(c, wait, deps.limiter);
    const body = loginSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) {
      deps.limiter.fail(client);
      return errorResponse(c, new ToolError('invalid_argument', `POST /api/login needs {"token": "<API token>"} (a string of 1 to ${MAX_CREDENTIAL_LENGTH} characters)`, { details: { parameter: 'token' } }));
    }
    const user = deps.iam()?.authenticate(body.data.token) ?? null;
    if (!user) {
      deps.limiter.fail(client);
      return errorResponse(c, new ToolError('unauthenticated', 'this token is not valid (unknown, rotated or its user disabled); ask the operator for one: npx tunechat users add <name>, or users rotate-token <name>', { details: { parameter: 'token' } }));
    }
    setAuthCookie(c, body.data.token, secure);
    const principal = userPrincipal(user);
    return c.json({ user: { name: principal.name, arn: principal.arn, groups: principal.groups } });
  });

  app.post('/api/logout', (c) => {
    clearAuthCookie(c, secure);
    return c.json({ loggedOut: true });
  });

  app.get('/api/me', (c) => {
    const auth = requestAuth(c);
    if (!auth) throw new ToolError('unauthenticated', 'not logged in');
    const { principal } = auth;
    return c.json({
      principal: { type: principal.type, name: principal.name, arn: principal.arn, groups: principal.groups },
      via: auth.via,
      authRequired: authRequired(deps.config, () => deps.iam()?.hasUsers() ?? false),
    });
  });
  return app;
}
