import type { MiddlewareHandler } from 'hono';
import { ToolError } from '../../tools/common/errors.ts';
import { errorResponse } from '../errors.ts';
import type { RequestOrigins } from './request-origins.ts';

/** Methods that change state: they must come from an allowed origin and carry a JSON body type. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Keeps other web sites out of the API, the websocket and the pages (see docs/security.md):
 * - **Host** must name this server (its listen address, `localhost`, the public URL, an allowed origin): a page
 *   on `evil.example` whose name was rebound to 127.0.0.1 sends `Host: evil.example:8787` and is refused
 *   (DNS rebinding).
 * - **Origin**, when a browser sends one (every websocket, every cross-site fetch, every POST), must be this
 *   server's own origin or an allowed one; `Sec-Fetch-Site: cross-site` is refused for state changes and upgrades.
 * - **Content type**: POST/PUT/PATCH/DELETE need `application/json`, which a cross-site page can only send after a
 *   CORS preflight that this server never grants; "simple" `text/plain` or form posts change nothing.
 * Exempt paths (Slack's signed webhook) skip all three: Slack calls from its own servers with its own types.
 * `bodilessDeletes` paths (the MCP session end, `DELETE /mcp`: MCP clients send no body and no type) skip only the
 * content-type rule for a DELETE without a body: DELETE is never a CORS-safelisted method (Fetch standard), so a
 * cross-site page cannot send one without the preflight this server never grants, and Host and Origin still apply.
 */
export function requestGuard(options: { origins: RequestOrigins; exempt?: readonly string[]; bodilessDeletes?: readonly string[] }): MiddlewareHandler {
  const exempt = new Set(options.exempt ?? []);
  const bodilessDeletes = new Set(options.bodilessDeletes ?? []);
  return async (c, next) => {
    if (exempt.has(c.req.path)) return next();
    // The Host header, not the URL: @hono/node-ws hands upgrades to the app with a fixed http://localhost base URL.
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!options.origins.isAllowedHost(host)) {
      return refuse(c, 'host', host, `the Host header "${host}" does not name this server (allowed: ${options.origins.describeHosts()}); a page on another name that resolves here is refused (DNS rebinding). To serve under this name, set TUNECHAT_PUBLIC_URL or TUNECHAT_ALLOWED_ORIGINS.`);
    }
    const upgrade = c.req.header('upgrade')?.toLowerCase() === 'websocket';
    const changing = STATE_CHANGING.has(c.req.method) || upgrade;
    const origin = c.req.header('origin');
    if (origin !== undefined && !options.origins.isAllowedOrigin(origin, host)) {
      return refuse(c, 'origin', origin, `requests from the origin "${origin}" are not accepted (allowed: this server's own origin${options.origins.describeExtraOrigins()}). To allow another site, add it to TUNECHAT_ALLOWED_ORIGINS.`);
    }
    if (changing && c.req.header('sec-fetch-site') === 'cross-site' && origin === undefined) {
      return refuse(c, 'sec-fetch-site', 'cross-site', 'cross-site requests may not change anything here (Sec-Fetch-Site: cross-site without an allowed Origin)');
    }
    if (STATE_CHANGING.has(c.req.method) && !(c.req.method === 'DELETE' && bodilessDeletes.has(c.req.path) && hasNoBody(c))) {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') {
        return errorResponse(c, new ToolError('invalid_argument', `${c.req.method} ${c.req.path} needs "content-type: application/json", got ${type ? `"${type}"` : 'none'}: requests that change state must be JSON (a cross-site form or text/plain post is refused)`, {
          details: { parameter: 'content-type', value: type || null, expected: 'application/json' },
        }));
      }
    }
    return next();
  };
}

function refuse(c: Parameters<MiddlewareHandler>[0], header: string, value: string, message: string): Response {
  return errorResponse(c, new ToolError('forbidden', message, { details: { parameter: header, value } }));
}

/** No request body: no Content-Length (or 0) and no Transfer-Encoding. */
function hasNoBody(c: Parameters<MiddlewareHandler>[0]): boolean {
  const length = c.req.header('content-length');
  return c.req.header('transfer-encoding') === undefined && (length === undefined || length.trim() === '0');
}
