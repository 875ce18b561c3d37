import { Hono } from 'hono';
import type { AppMetrics } from '../metrics.ts';
import { tfStatus } from '../../tools/common/tf.ts';

/** What `/healthz` shows of the Slack bridge (see SlackBridge.status). */
export interface SlackHealthSource {
  status?: () => { mode: string; state: string; error: string | null; attempts: number };
}

/**
 * `GET /healthz` (liveness + DB check; with a Slack bridge, its `{ mode, state, error, attempts }`: a bridge that is off or
 * retrying leaves the server healthy; `tfjs`: the TensorFlow.js backend of the offline understanding encoder,
 * `{ backend, native, reason }`, null until it is first loaded) and `GET /metrics` (Prometheus text format).
 */
export function opsRoutes(deps: {
  db: { prepare(sql: string): { get(): unknown } };
  metrics: AppMetrics;
  startedAt: number;
  slack?: SlackHealthSource | null;
}): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => {
    deps.db.prepare('SELECT 1').get();
    const slack = deps.slack?.status?.();
    return c.json({
      ok: true,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      tfjs: tfStatus(),
      ...(slack ? { slack: { mode: slack.mode, state: slack.state, error: slack.error, attempts: slack.attempts } } : {}),
    });
  });
  app.get('/metrics', async (c) => {
    const { contentType, body } = await deps.metrics.render();
    c.header('content-type', contentType);
    return c.body(body);
  });
  return app;
}
