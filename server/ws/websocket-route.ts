import type { createNodeWebSocket } from '@hono/node-ws';
import type { MiddlewareHandler } from 'hono';
import { ToolError } from '../../tools/common/errors.ts';
import type { StudyManager } from '../../tools/optimizer/study-manager.ts';
import type { TurnHub } from '../chat/turn-hub.ts';
import type { AppMetrics } from '../metrics.ts';
import type { ServerFrame } from '../protocol.ts';
import { requestAuth } from '../security/auth.ts';
import { ChatConnection, type ConnectionIdentity } from './chat-connection.ts';
import { ControllerWatch, type ControllerFeedSource, type ControllerWatchOptions } from './controller-watch.ts';
import type { StudyWatchOptions } from './study-watch.ts';

type UpgradeWebSocket = ReturnType<typeof createNodeWebSocket>['upgradeWebSocket'];

/** Ping period; a socket that has not answered the previous ping by the next one is closed (half-open after sleep). */
export const HEARTBEAT_MS = 30_000;

/** The part of a `ws` WebSocket the heartbeat uses (`WSContext.raw` with @hono/node-ws). */
interface RawSocket {
  ping(): void;
  terminate(): void;
  on(event: 'pong', listener: () => void): void;
}

/** Stands in when the server has no controllers service: every watch is refused as `unsupported`. */
const noControllers: ControllerFeedSource = {
  status: (id) => {
    throw new ToolError('unsupported', `this server has no controllers service to watch (controller ${id})`);
  },
  decisions: () => [],
  addObserver: () => () => {},
};

/**
 * `GET /ws`: one {@link ChatConnection} per socket. Cross-site pages may not open it: the app's request guard
 * checks Host and Origin first (server/security/request-guard.ts), since the socket can start turns that run tools;
 * then authentication (server/security/auth.ts) checks the login cookie or bearer token, and the connection's turns
 * act as that principal.
 */
export function websocketRoute(deps: {
  upgradeWebSocket: UpgradeWebSocket;
  hub: TurnHub;
  connections: Set<ChatConnection>;
  metrics: AppMetrics;
  heartbeatMs?: number;
  /** Feeds `watch-study` frames; absent: watches are refused as unsupported. */
  studies?: StudyManager;
  /** Coalescing delay and timers of the study feed (tests). */
  studyWatch?: StudyWatchOptions;
  /** Feeds `watch-controller` frames (services.controllers); absent: watches are refused as unsupported. */
  controllers?: ControllerFeedSource;
  /** Coalescing delay, store polling and timers of the controller feed (tests). */
  controllerWatch?: ControllerWatchOptions;
}): MiddlewareHandler {
  const upgrade = deps.upgradeWebSocket((c) => {
    // Credentials were checked before the upgrade (server/security/auth.ts): the socket's turns act as that principal.
    const auth = requestAuth(c);
    const identity: ConnectionIdentity = { ...(auth ? { principal: auth.principal } : {}), ...(auth?.sourceIp ? { sourceIp: auth.sourceIp } : {}) };
    let connection: ChatConnection | null = null;
    let controllerWatch: ControllerWatch | null = null;
    let failControllerFrame: (frame: ServerFrame) => void = () => {};
    let heartbeat: ReturnType<typeof setInterval> | null = null;
    return {
      onOpen(_event, ws) {
        const raw = ws.raw as RawSocket | undefined;
        if (raw && typeof raw.ping === 'function') {
          let alive = true;
          raw.on('pong', () => (alive = true));
          heartbeat = setInterval(() => {
            if (!alive) return raw.terminate(); // onClose follows: listeners detach, the turns keep running
            alive = false;
            raw.ping();
          }, deps.heartbeatMs ?? HEARTBEAT_MS);
          heartbeat.unref?.();
        }
        connection = new ChatConnection(deps.hub, (frame) => {
          if (ws.readyState === 1) ws.send(JSON.stringify(frame));
        }, { identity, ...(deps.studies ? { studies: deps.studies } : {}), ...(deps.studyWatch ? { studyWatch: deps.studyWatch } : {}) });
        const write = (frame: ServerFrame) => {
          if (ws.readyState === 1) ws.send(JSON.stringify(frame));
        };
        controllerWatch = new ControllerWatch(deps.controllers ?? noControllers, write, deps.controllerWatch);
        failControllerFrame = write;
        deps.connections.add(connection);
        deps.metrics.websocketsActive.inc();
      },
      onMessage(event) {
        const data = event.data;
        const text = typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString('utf8');
        // Controller watches are handled beside the chat connection; every other frame is the connection's.
        if (controllerWatch?.receive(text, failControllerFrame)) return;
        connection?.receive(text);
      },
      onClose() {
        if (heartbeat) clearInterval(heartbeat);
        heartbeat = null;
        controllerWatch?.close();
        controllerWatch = null;
        if (!connection) return;
        connection.close(); // releases its study watches too
        deps.connections.delete(connection);
        deps.metrics.websocketsActive.dec();
        connection = null;
      },
    };
  });
  // Host and Origin were checked by the request guard (server/security/request-guard.ts) before the upgrade, and
  // the credentials (cookie or bearer) by the authentication middleware: a refused upgrade never reaches here.
  return upgrade;
}
