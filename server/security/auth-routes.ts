import type { MiddlewareHandler } from 'hono';
import type { AuthorizerApi, CallAuthorization } from '../../tools/iam/types.ts';
import { requestAuth, requestOrigin } from './auth.ts';

/**
 * Which action a REST call performs: the catalog's ROUTE_ACTIONS (tools/iam/catalog.ts) turned into a function of the
 * method and the path. Null: the path performs no action (a page, a static asset, `/api/me`, a 404).
 */
export type RouteCallResolver = (method: string, path: string) => CallAuthorization | null;

/**
 * Authorizes every REST call that performs an action (after {@link authentication}), as tool calls are: the
 * principal of the request, its origin (`web` for a browser, `api` for a bearer client, with the source IP) and the
 * call the resolver builds from the route. A denial is a 403 `access_denied` naming the action, the resource and why
 * (thrown by `authorizer.require`, answered by server/errors.ts); every decision is audited by the authorizer.
 * Public paths (share links, login, health) carry no principal and perform no catalogued action; they pass.
 * Without an authorizer (services built without IAM) nothing is checked.
 */
export function routeAuthorization(deps: { resolve: RouteCallResolver; authorizer: () => AuthorizerApi | undefined }): MiddlewareHandler {
  return async (c, next) => {
    const auth = requestAuth(c);
    const authorizer = deps.authorizer();
    if (!auth || !authorizer) return next();
    const call = deps.resolve(c.req.method === 'HEAD' ? 'GET' : c.req.method, c.req.path);
    if (call) authorizer.require(auth.principal, requestOrigin(auth), call);
    return next();
  };
}

/** One row of a route table: `"POST /api/studies/:id/stop"` and how to build the call from the path parameters. */
export interface RouteActionEntry {
  route: string;
  call: (params: Readonly<Record<string, string>>) => CallAuthorization;
}

/**
 * A resolver over a route table. Patterns are `METHOD /literal/:param/…`; a parameter matches one non-empty path
 * segment (percent-decoded); the first matching row wins, so list literal routes (`/api/sessions/import`) before
 * parameterized ones (`/api/sessions/:id`).
 */
export function routeResolver(entries: readonly RouteActionEntry[]): RouteCallResolver {
  const compiled = entries.map((entry) => {
    const [method, path] = entry.route.split(' ') as [string, string];
    const names: string[] = [];
    const source = path.split('/').map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    }).join('/');
    return { method: method.toUpperCase(), re: new RegExp(`^${source}$`), names, call: entry.call };
  });
  return (method, path) => {
    for (const row of compiled) {
      if (row.method !== method) continue;
      const match = row.re.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      row.names.forEach((name, i) => (params[name] = safeDecode(match[i + 1]!)));
      return row.call(params);
    }
    return null;
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
