import { Hono } from 'hono';
import type { AppMetrics } from '../metrics.ts';

/** `GET /healthz` (liveness + DB check) and `GET /metrics` (Prometheus text format). */
export function opsRoutes(deps: { db: { prepare(sql: string): { get(): unknown } }; metrics: AppMetrics; startedAt: number }): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => {
    deps.db.prepare('SELECT 1').get();
    return c.json({ ok: true, uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000) });
  });
  app.get('/metrics', async (c) => {
    const { contentType, body } = await deps.metrics.render();
    c.header('content-type', contentType);
    return c.body(body);
  });
  return app;
}
