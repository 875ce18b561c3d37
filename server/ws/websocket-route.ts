import type { createNodeWebSocket } from '@hono/node-ws';
import type { MiddlewareHandler } from 'hono';
import type { StudyManager } from '../../tools/optimizer/study-manager.ts';
import type { TurnHub } from '../chat/turn-hub.ts';
import type { AppMetrics } from '../metrics.ts';
import { ChatConnection } from './chat-connection.ts';
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

/**
 * `GET /ws`: one {@link ChatConnection} per socket. Cross-site pages may not open it: the app's request guard
 * checks Host and Origin first (server/security/request-guard.ts), since the socket can start turns that run tools.
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
}): MiddlewareHandler {
  const upgrade = deps.upgradeWebSocket(() => {
    let connection: ChatConnection | null = null;
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
        }, { ...(deps.studies ? { studies: deps.studies } : {}), ...(deps.studyWatch ? { studyWatch: deps.studyWatch } : {}) });
        deps.connections.add(connection);
        deps.metrics.websocketsActive.inc();
      },
      onMessage(event) {
        const data = event.data;
        connection?.receive(typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString('utf8'));
      },
      onClose() {
        if (heartbeat) clearInterval(heartbeat);
        heartbeat = null;
        if (!connection) return;
        connection.close(); // releases its study watches too
        deps.connections.delete(connection);
        deps.metrics.websocketsActive.dec();
        connection = null;
      },
    };
  });
  // Host and Origin were checked by the request guard (server/security/request-guard.ts) before the upgrade.
  return upgrade;
}
