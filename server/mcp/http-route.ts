import type { Context } from 'hono';
import { ToolError } from '../../tools/common/errors.ts';
import { requestAuth } from '../security/auth.ts';
import type { McpHttpSessions } from './http-sessions.ts';
import { rpcError } from './rpc-error.ts';

/**
 * `GET|POST|DELETE /mcp`: MCP over Streamable HTTP. It runs after the app's middleware like every route: the
 * request guard (Host and Origin, so a web page elsewhere cannot drive it), the body limit, authentication (a
 * token when authentication is on) and the route's policy decision (`sessions:Connect`). The caller's principal
 * then acts in the session; each tool call and resource read is decided again by the policies.
 */
export function mcpRoute(sessions: McpHttpSessions): (c: Context) => Promise<Response> {
  return async (c) => {
    const auth = requestAuth(c);
    // Never public (server/security/auth-public.ts), so authentication set who asks; fail closed regardless.
    if (!auth) throw new ToolError('unauthenticated', '/mcp needs a token when authentication is on', { details: { login: '/login' } });
    let body: unknown;
    if (c.req.method === 'POST') {
      const text = await c.req.text(); // a body over the limit throws here, and the body-limit middleware answers 413
      try {
        body = JSON.parse(text);
      } catch {
        return rpcError(400, -32700, 'Parse error: the request body is not JSON');
      }
    }
    return sessions.handle(c.req.raw, { principal: auth.principal, sourceIp: auth.sourceIp }, body);
  };
}
