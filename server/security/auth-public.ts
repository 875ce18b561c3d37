/**
 * What anyone may reach without a token when authentication is on. Everything else needs one: a path is public
 * only when it matches one of these exactly (method and whole path), so a new route is protected by default.
 *
 * - `GET /healthz`: liveness for load balancers (no data beyond "ok" and component states).
 * - The login page and what it loads: `GET /login`, `/login.js`, `/login.css`, `/favicon.ico`; `POST /api/login`,
 *   `POST /api/logout`.
 * - Share links (capabilities: the unguessable token in the URL is the credential, verified by the route itself,
 *   server/routes/replay-share.ts): `GET /replay/:id?token=…`, `/replay/:id/data?token=…`,
 *   `/replay/:id/charts/:studyId/:file?token=…`, and the replay page's script and style `/replay-assets/replay.{js,css}`.
 *   They read one session (a study of another session is 404 whatever the token) and write nothing. `/replay/:id`
 *   without a token is the web UI's own replay of a local session, so it needs a login like `/`. `/s/:id` is the web
 *   UI's deep link to a session (not a capability): it needs a login too.
 * - `POST /slack/events`: Slack's request signature is its credential (server/slack/hono-receiver.ts).
 * - `GET /metrics` only with TUNECHAT_METRICS_PUBLIC=1 (a Prometheus scraper); otherwise it follows authentication
 *   (or protect it at the network level).
 */
const PUBLIC_GET = new Set(['/healthz', '/login', '/login.js', '/login.css', '/favicon.ico', '/replay-assets/replay.js', '/replay-assets/replay.css']);
const PUBLIC_POST = new Set(['/api/login', '/api/logout', '/slack/events']);
/** Replay data and charts check the share token themselves (404 without a valid one). */
const SHARE_DATA = [/^\/replay\/[^/]+\/data$/, /^\/replay\/[^/]+\/charts\/[^/]+\/[^/]+$/];
const SHARE_PAGE = /^\/replay\/[^/]+$/;

export function isPublicRequest(input: { method: string; path: string; hasToken: boolean; metricsPublic: boolean }): boolean {
  const { path } = input;
  const method = input.method === 'HEAD' ? 'GET' : input.method;
  if (method === 'POST') return PUBLIC_POST.has(path);
  if (method !== 'GET') return false;
  if (PUBLIC_GET.has(path)) return true;
  if (path === '/metrics') return input.metricsPublic;
  if (SHARE_DATA.some((re) => re.test(path))) return true;
  return input.hasToken && SHARE_PAGE.test(path);
}

/** Paths a browser navigates to: an unauthenticated GET of one is redirected to the login page instead of a 401. */
export function isPage(path: string): boolean {
  return path === '/' || /^\/s\/[^/]+$/.test(path) || SHARE_PAGE.test(path);
}
