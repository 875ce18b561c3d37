import type { CallAuthorization } from '../../tools/iam/types.ts';
import { routeResolver, type RouteActionEntry, type RouteCallResolver } from './auth-routes.ts';

/**
 * The REST routes and the action each performs, for {@link routeAuthorization} (server/security/auth-routes.ts).
 * The catalog (tools/iam/catalog.ts ROUTE_ACTIONS) is the reference; this table follows its names. Literal routes
 * come before parameterized ones. Share-link routes (`/replay/…`) are not here: their token is the credential and
 * they only read one session. `GET /api/me` is not here: anyone may ask who they are (like AWS's GetCallerIdentity).
 */
const session = (action: string) => (p: Readonly<Record<string, string>>): CallAuthorization => ({ action, resource: `tunechat:session/${p.id}`, context: {} });
const study = (action: string) => (p: Readonly<Record<string, string>>): CallAuthorization => ({ action, resource: `tunechat:study/${p.id}`, context: {} });
const list = (action: string) => (): CallAuthorization => ({ action, resource: '*', context: {} });

export const REST_ROUTE_ACTIONS: readonly RouteActionEntry[] = [
  { route: 'GET /api/sessions', call: list('sessions:Read') },
  { route: 'POST /api/sessions/import', call: list('sessions:Import') },
  { route: 'GET /api/sessions/:id', call: session('sessions:Read') },
  { route: 'PATCH /api/sessions/:id', call: session('sessions:Write') },
  { route: 'DELETE /api/sessions/:id', call: session('sessions:Delete') },
  { route: 'GET /api/sessions/:id/messages', call: session('sessions:Read') },
  { route: 'GET /api/sessions/:id/chunks', call: session('sessions:Read') },
  // The sharing state includes the link (a capability): reading it is as strong as sharing.
  { route: 'GET /api/sessions/:id/share', call: session('sessions:Share') },
  { route: 'POST /api/sessions/:id/share', call: session('sessions:Share') },
  { route: 'DELETE /api/sessions/:id/share', call: session('sessions:Share') },
  { route: 'GET /api/sessions/:id/export', call: session('sessions:Export') },
  { route: 'GET /api/studies', call: list('optimizer:ReadStudy') },
  { route: 'GET /api/studies/:id', call: study('optimizer:ReadStudy') },
  { route: 'GET /api/studies/:id/trials', call: study('optimizer:ReadStudy') },
  { route: 'GET /api/studies/:id/importance', call: study('optimizer:ReadStudy') },
  { route: 'GET /api/studies/:id/charts/:file', call: study('optimizer:ReadStudy') },
  { route: 'POST /api/studies/:id/stop', call: study('optimizer:StopStudy') },
  { route: 'POST /api/studies/:id/resume', call: study('optimizer:ContinueStudy') },
];

/** The resolver over {@link REST_ROUTE_ACTIONS}. */
export function restRouteResolver(): RouteCallResolver {
  return routeResolver(REST_ROUTE_ACTIONS);
}
