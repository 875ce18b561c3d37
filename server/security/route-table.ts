import { ROUTE_ACTIONS } from '../../tools/iam/catalog.ts';
import { routeResolver, type RouteActionEntry, type RouteCallResolver } from './auth-routes.ts';

/**
 * The catalog's REST routes (tools/iam/catalog.ts ROUTE_ACTIONS: method, mounted path, action, resource from the
 * path parameters) as a resolver for {@link routeAuthorization} (server/security/auth-routes.ts). Routes with fewer
 * parameters come first, so a literal route (`POST /api/sessions/import`) wins over a parameterized one. The
 * catalog's PUBLIC_ROUTES (share links, login, health, pages, static assets, `/api/me`) perform no action: the
 * resolver returns null for them, and authentication (server/security/auth-public.ts) decides who may reach them.
 */
export function restRouteResolver(): RouteCallResolver {
  const params = (path: string) => path.split('/').filter((s) => s.startsWith(':')).length;
  const entries: RouteActionEntry[] = [...ROUTE_ACTIONS]
    .sort((a, b) => params(a.path) - params(b.path))
    .map((route) => ({ route: `${route.method} ${route.path}`, call: (p) => ({ action: route.action, resource: route.resource({ ...p }), context: {} }) }));
  return routeResolver(entries);
}
