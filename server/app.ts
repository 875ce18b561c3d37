import { createNodeWebSocket } from '@hono/node-ws';
import { Hono, type Context } from 'hono';
import type { ToolSet } from 'ai';
import { runChatTurn } from './chat/run-turn.ts';
import { TurnHub } from './chat/turn-hub.ts';
import { notFound, onError } from './errors.ts';
import { AppMetrics, type MetricSources } from './metrics.ts';
import type { RuleSource } from './metrics/rule-metrics.ts';
import type { AlertJson } from './protocol.ts';
import type { McpLimits } from './mcp/defaults.ts';
import { mcpRoute } from './mcp/http-route.ts';
import { McpHttpSessions } from './mcp/http-sessions.ts';
import { CHAT_REQUEST_LIMITS } from './chat-api/chat-request.ts';
import { chatApiCors } from './chat-api/chat-api-cors.ts';
import { requestBodyLimit } from './routes/body-limit.ts';
import { chatApiRoutes } from './routes/chat-api.ts';
import { opsRoutes, type SlackHealthSource } from './routes/health.ts';
import { replayShareRoutes } from './routes/replay-share.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { studyRoutes } from './routes/studies.ts';
import { studyChartRoutes } from './routes/study-charts.ts';
import { webRoutes } from './routes/web.ts';
import { loginRoutes } from './routes/login.ts';
import { authentication } from './security/auth.ts';
import { FailedLoginLimiter } from './security/auth-limiter.ts';
import { routeAuthorization, type RouteCallResolver } from './security/auth-routes.ts';
import { requestGuard } from './security/request-guard.ts';
import { restRouteResolver } from './security/route-table.ts';
import { RequestOrigins } from './security/request-origins.ts';
import type { Services } from './services.ts';
import { ChatConnection, MAX_FRAME_BYTES } from './ws/chat-connection.ts';
import type { ControllerFeedSource } from './ws/controller-watch.ts';
import type { StudyWatchOptions } from './ws/study-watch.ts';
import { websocketRoute } from './ws/websocket-route.ts';

export interface AppOptions {
  services: Services;
  /** Metrics registry (a fresh one by default). */
  metrics?: AppMetrics;
  /** With a fresh registry: also Node.js process metrics (CPU, memory, event loop; default false, the real server sets it). */
  processMetrics?: boolean;
  /** Slack bridge in HTTP mode: its handler is mounted at `POST /slack/events` (see server/slack/slack-bridge.ts); its status shows in `/healthz`. */
  slack?: ({ handle: ((c: Context) => Promise<Response>) | null } & SlackHealthSource) | null;
  /** Replaces the agent's toolset for every turn (tests). */
  tools?: ToolSet;
  /** Websocket ping period in ms (default 30 s; tests use less). */
  heartbeatMs?: number;
  /** The websocket study feed's coalescing delay and timers (default 250 ms, real timers; tests inject them). */
  studyWatch?: StudyWatchOptions;
  /** The failed-login limit per client address (default 10 per minute on the services' clock; tests inject one). */
  loginLimiter?: FailedLoginLimiter;
  /** Which action each REST route performs (default: server/security/route-table.ts; tests inject fakes). */
  routeActions?: RouteCallResolver;
  /** Limits of the MCP endpoint `/mcp` (sessions open at once, idle time; default server/mcp/defaults.ts). */
  mcp?: Partial<McpLimits>;
}

export interface TunechatApp {
  app: Hono;
  /** Attach the websocket upgrade handler to the listening server (after `serve`). */
  injectWebSocket: ReturnType<typeof createNodeWebSocket>['injectWebSocket'];
  hub: TurnHub;
  metrics: AppMetrics;
  /** The MCP sessions of `/mcp` (server/mcp/http-sessions.ts). */
  mcp: McpHttpSessions;
  /** Aborts running turns (their partial answers are stored) and stops pushing alerts. */
  shutdown(): Promise<void>;
}

interface AlertSource {
  onAlert(listener: (alert: AlertJson) => void): () => void;
}

/**
 * Builds the HTTP + websocket app over the injected services, without listening (`server/main.ts` listens;
 * tests use `app.request` or port 0). Routes: `/` web UI, `/ws` chat protocol (and study feed), `/api/chat` (AI SDK useChat), `/api/sessions…`, `/api/studies…`, `/healthz`, `/metrics`, `/mcp` (MCP),
 * `/login`, `/api/login`, `/api/logout`, `/api/me` (server/routes/login.ts; what is public without a token: server/security/auth-public.ts).
 */
export function createApp(options: AppOptions): TunechatApp {
  const { services } = options;
  const metrics = options.metrics ?? new AppMetrics({ processMetrics: options.processMetrics === true });
  // Studies, benchmarks, rules and (once services has a ControllerManager) controllers feed /metrics. Alerts are
  // counted by the one alert subscription below, which also pushes them to the sockets.
  const controllers = (services as Services & { controllers?: MetricSources['controllers'] }).controllers;
  const rules = (services as Services & { rules?: Partial<AlertSource & RuleSource> }).rules;
  const ruleMetrics: RuleSource = { ...(rules?.onFire ? { onFire: (listener) => rules.onFire!(listener) } : {}), ...(rules?.engine ? { engine: rules.engine } : {}) };
  const unwatchMetrics = metrics.watch({ studies: services.studies, bench: services.bench, rules: ruleMetrics, ...(controllers ? { controllers } : {}), ...(services.queue ? { queue: services.queue } : {}) });
  const startedAt = services.clock.now();
  const hub = new TurnHub(services, {
    turnStart: () => metrics.chunkObserver(() => services.clock.monotonic()),
    turnEnd: (outcome) => metrics.chatTurns.inc({ outcome }),
  }, options.tools ? (turn) => runChatTurn({ ...turn, tools: options.tools! }) : runChatTurn);
  const connections = new Set<ChatConnection>();
  const app = new Hono();
  const { injectWebSocket, upgradeWebSocket, wss } = createNodeWebSocket({ app });
  // ws reads `options.maxPayload` at each upgrade: a frame announcing more is refused from its header (close 1009)
  // instead of being buffered whole (the default is 100 MiB).
  wss.options.maxPayload = MAX_FRAME_BYTES;

  app.onError(onError);
  app.notFound(notFound);
  // Before every route, the websocket included: Host/Origin allow-lists and JSON-only state changes (docs/security.md).
  const { config } = services;
  app.use('*', requestGuard({ origins: new RequestOrigins({ listenHost: config.host, publicUrl: config.publicUrl, allowedOrigins: config.allowedOrigins }), exempt: ['/slack/events'], bodilessDeletes: ['/mcp'] }));
  // CORS for /api/chat, for the configured origins only (an AI SDK app on another origin); before authentication: preflights carry no token.
  app.use('*', chatApiCors(config));
  // Every route's body, /slack/events included, is bounded before a handler reads it (config.limits).
  app.use('*', requestBodyLimit({ bytes: config.limits.bodyBytes, paths: { '/api/sessions/import': config.limits.importBytes, '/api/chat': CHAT_REQUEST_LIMITS.bodyBytes } }));
  // Who the request acts as (a token when authentication is on: server/security/auth-mode.ts), then whether that
  // principal may perform the route's action (IAM policies; 403 access_denied). The websocket upgrade included.
  const loginLimiter = options.loginLimiter ?? new FailedLoginLimiter({ now: () => services.clock.now() });
  app.use('*', authentication({ config, iam: () => services.iam, limiter: loginLimiter }));
  app.use('*', routeAuthorization({ resolve: options.routeActions ?? restRouteResolver(), authorizer: () => services.authorizer }));
  // The controller feed (watch-controller) once services has a ControllerManager; without one, watches are refused.
  const controllerFeed = (services as Services & { controllers?: ControllerFeedSource }).controllers;
  app.get('/ws', websocketRoute({
    upgradeWebSocket, hub, connections, metrics, studies: services.studies, ...(controllerFeed ? { controllers: controllerFeed } : {}),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}), ...(options.studyWatch ? { studyWatch: options.studyWatch } : {}),
  }));
  // MCP over Streamable HTTP (server/mcp): the agent's tools and tunechat's resources for other agents.
  const mcp = new McpHttpSessions({ services, ...(options.mcp ? { limits: options.mcp } : {}) });
  app.on(['GET', 'POST', 'DELETE'], '/mcp', mcpRoute(mcp));
  app.route('/api/sessions', sessionRoutes(services, hub));
  app.route('/api/chat', chatApiRoutes({ services, hub }));
  app.route('/api/studies', studyRoutes(services.studies));
  app.route('/', studyChartRoutes(services));
  app.route('/', opsRoutes({ db: services.db, metrics, startedAt, slack: options.slack ?? null }));
  if (options.slack?.handle) app.post('/slack/events', options.slack.handle);
  app.route('/', replayShareRoutes(services));
  app.route('/', loginRoutes({ config, iam: () => services.iam, limiter: loginLimiter }));
  app.route('/', webRoutes());

  const stopAlerts = rules?.onAlert?.((alert) => {
    metrics.rules.countAlert();
    for (const connection of connections) connection.alert(alert);
  });

  return {
    app,
    injectWebSocket,
    hub,
    metrics,
    mcp,
    async shutdown() {
      stopAlerts?.();
      unwatchMetrics();
      await mcp.closeAll();
      await hub.shutdown();
    },
  };
}
