import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp, type AppOptions } from '../../server/app.ts';
import { closeServices, type Services } from '../../server/services.ts';

export interface TestServer {
  services: Services;
  url: string;
  wsUrl: string;
  close(): Promise<void>;
}

/** Starts the real app on 127.0.0.1 port 0. `close()` stops the server, the services and the database. */
export async function startTestServer(services: Services, options: Omit<AppOptions, 'services'> = {}): Promise<TestServer> {
  const { app, injectWebSocket, shutdown } = createApp({ services, ...options });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  injectWebSocket(server);
  const { port } = server.address() as AddressInfo;
  return {
    services,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    async close() {
      await shutdown();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await closeServices(services);
      services.db.close();
    },
  };
}
