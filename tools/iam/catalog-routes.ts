/**
 * The REST routes and their actions, with paths as mounted in server/app.ts (Hono syntax), and the routes that get
 * no policy decision (PUBLIC_ROUTES, each with why: static assets, the login flow, share links, health). A test
 * walks `createApp(...).app.routes` and requires every route to be in one of the two lists, so a new route cannot
 * run without a decision. (Authentication is separate: server/security/auth-public.ts says what needs no token.)
 */
import { named } from './catalog-resources.ts';

export interface RouteAction {
  method: string;
  /** As mounted, e.g. `/api/sessions/:id`. */
  path: string;
  action: string;
  /** The resource from the route's path parameters. */
  resource: (params: Record<string, string>) => string;
}

export interface PublicRoute {
  /** An HTTP method, or ALL for middleware-style handlers (`app.use`). */
  method: string;
  path: string;
  reason: string;
}

const all = (): string => '*';
const session = (params: Record<string, string>): string => named('session', params.id ?? null);
const study = (params: Record<string, string>): string => named('study', params.id ?? null);

/** Literal paths before parameterized ones (a first-match resolver must see `/api/sessions/import` before `/api/sessions/:id`). */
export const ROUTE_ACTIONS: readonly RouteAction[] = Object.freeze([
  { method: 'GET', path: '/ws', action: 'sessions:Connect', resource: all },
  // The AI SDK useChat endpoint (server/routes/chat-api.ts): sending is what the websocket's send is; reconnecting reads
  // one session's stored and live chunks, like /api/sessions/:id/chunks; stopping ends the session's running turn.
  { method: 'POST', path: '/api/chat', action: 'sessions:Connect', resource: all },
  { method: 'GET', path: '/api/chat/:id/stream', action: 'sessions:Read', resource: session },
  { method: 'POST', path: '/api/chat/:id/stop', action: 'sessions:Write', resource: session },
  // The MCP endpoint (server/mcp): opening and using a session is connecting; each tool call and resource read inside is authorized on its own.
  { method: 'POST', path: '/mcp', action: 'sessions:Connect', resource: all },
  { method: 'GET', path: '/mcp', action: 'sessions:Connect', resource: all },
  { method: 'DELETE', path: '/mcp', action: 'sessions:Connect', resource: all },
  { method: 'GET', path: '/api/sessions', action: 'sessions:List', resource: all },
  { method: 'POST', path: '/api/sessions/import', action: 'sessions:Import', resource: all },
  { method: 'GET', path: '/api/sessions/:id', action: 'sessions:Read', resource: session },
  { method: 'PATCH', path: '/api/sessions/:id', action: 'sessions:Write', resource: session },
  { method: 'DELETE', path: '/api/sessions/:id', action: 'sessions:Delete', resource: session },
  { method: 'GET', path: '/api/sessions/:id/messages', action: 'sessions:Read', resource: session },
  { method: 'GET', path: '/api/sessions/:id/chunks', action: 'sessions:Read', resource: session },
  // The sharing state includes the link (a capability): reading it is as strong as sharing.
  { method: 'GET', path: '/api/sessions/:id/share', action: 'sessions:Share', resource: session },
  { method: 'POST', path: '/api/sessions/:id/share', action: 'sessions:Share', resource: session },
  { method: 'DELETE', path: '/api/sessions/:id/share', action: 'sessions:Share', resource: session },
  { method: 'GET', path: '/api/sessions/:id/export', action: 'sessions:Export', resource: session },
  { method: 'GET', path: '/api/studies', action: 'optimizer:ListStudies', resource: all },
  { method: 'GET', path: '/api/studies/:id', action: 'optimizer:ReadStudy', resource: study },
  { method: 'GET', path: '/api/studies/:id/trials', action: 'optimizer:ReadStudy', resource: study },
  { method: 'GET', path: '/api/studies/:id/importance', action: 'optimizer:ReadStudy', resource: study },
  { method: 'POST', path: '/api/studies/:id/stop', action: 'optimizer:StopStudy', resource: study },
  { method: 'POST', path: '/api/studies/:id/resume', action: 'optimizer:ResumeStudy', resource: study },
  { method: 'GET', path: '/api/studies/:id/charts/:file', action: 'charts:Render', resource: study },
]);

const STATIC = 'static web UI asset (no data; every API call the page makes is authorized)';
const PAGE = 'the web UI page (no data; it needs a login when authentication is on, and every API call it makes is authorized)';
const SHARED = 'public read-only capability link: the share token in the URL is the credential, checked by the route, scoped to one session (and its studies), revoked by turning sharing off';
const LOGIN = 'the login flow: it is how a token is presented, so it cannot require one';

export const PUBLIC_ROUTES: readonly PublicRoute[] = Object.freeze([
  { method: 'GET', path: '/healthz', reason: 'liveness probe for load balancers: says only whether the server and its database answer' },
  { method: 'GET', path: '/metrics', reason: 'Prometheus scrape endpoint (counts and latencies, no session content): needs a login unless TUNECHAT_METRICS_PUBLIC=1; no policy decision' },
  { method: 'GET', path: '/', reason: PAGE },
  { method: 'GET', path: '/s/:id', reason: `${PAGE}: deep link to a session, whose data comes from the authorized /api/sessions routes` },
  { method: 'GET', path: '/replay/:id', reason: `${PAGE}: a local replay (without ?token), whose data comes from the authorized /api/sessions routes` },
  { method: 'GET', path: '/app.js', reason: STATIC },
  { method: 'GET', path: '/styles.css', reason: STATIC },
  { method: 'GET', path: '/charts.css', reason: STATIC },
  { method: 'GET', path: '/favicon.ico', reason: STATIC },
  { method: 'GET', path: '/replay-assets/replay.js', reason: STATIC },
  { method: 'GET', path: '/replay-assets/replay.css', reason: STATIC },
  { method: 'ALL', path: '/replay/:id', reason: `${SHARED}: the shared replay page (?token=…)` },
  { method: 'GET', path: '/replay/:id/data', reason: `${SHARED}: the shared replay's data` },
  { method: 'GET', path: '/replay/:id/charts/:studyId/:file', reason: `${SHARED}: the charts of the shared session's studies` },
  { method: 'GET', path: '/login', reason: LOGIN },
  { method: 'GET', path: '/login.js', reason: LOGIN },
  { method: 'GET', path: '/login.css', reason: LOGIN },
  { method: 'POST', path: '/api/login', reason: `${LOGIN} (checks the token, sets the HttpOnly cookie; failed attempts are rate-limited)` },
  { method: 'POST', path: '/api/logout', reason: 'clears the login cookie' },
  { method: 'GET', path: '/api/me', reason: 'who the request acts as (like AWS GetCallerIdentity): needs a login when authentication is on, no permission' },
  { method: 'POST', path: '/slack/events', reason: "Slack's signed requests (the signing secret is the credential); each member's tool calls are authorized as the principal they map to (or slack-guest)" },
]);

/** Whether a method and mounted path is a public route (methods compare case-insensitively; ALL covers any). */
export function publicRoute(method: string, path: string): PublicRoute | null {
  const upper = method.toUpperCase();
  return PUBLIC_ROUTES.find((r) => r.path === path && (r.method === upper || r.method === 'ALL')) ?? null;
}

/** The route action of a method and mounted path, or null. */
export function routeAction(method: string, path: string): RouteAction | null {
  const upper = method.toUpperCase();
  return ROUTE_ACTIONS.find((r) => r.path === path && r.method === upper) ?? null;
}
