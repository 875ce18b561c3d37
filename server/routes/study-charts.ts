import { Hono, type Context } from 'hono';
import { RenderLimiter } from '../../tools/charts/render-limiter.ts';
import { studyChartPng } from '../../tools/charts/study-chart-png.ts';
import { parseStudyChartKind } from '../../tools/charts/study-chart.ts';
import { ToolError } from '../../tools/common/errors.ts';
import type { Services } from '../services.ts';

/**
 * `GET /api/studies/:id/charts/:kind.png`: a study chart rendered on the server (SVG → PNG), for the places the web
 * page is not (Slack, the shared replay page, `png_url` of the chart tool). `kind` is one of STUDY_CHART_KINDS
 * (400 otherwise); an unknown study is 404; `pareto` of a single-objective study is 422. Always drawn from the
 * current state (`cache-control: no-cache`). Same Host/Origin guard as every route (server/app.ts).
 */
export function studyChartRoutes(services: Services, limiter = new RenderLimiter()): Hono {
  const app = new Hono();
  app.get('/api/studies/:id/charts/:file', async (c) => {
    const kind = parseStudyChartKind(pngName(c.req.param('file')));
    const png = await limiter.run(() => studyChartPng(services.studies, c.req.param('id'), kind));
    return pngResponse(c, png, 'no-cache');
  });
  return app;
}

/** `history.png` → `history`; anything else is a 404 (there is no other format). */
export function pngName(file: string): string {
  if (!file.endsWith('.png')) throw new ToolError('not_found', `charts are served as .png, but got "${file.slice(0, 40)}"`, { details: { parameter: 'kind', value: file.slice(0, 40) } });
  return file.slice(0, -'.png'.length);
}

export function pngResponse(c: Context, png: Buffer, cacheControl: string): Response {
  c.header('content-type', 'image/png');
  c.header('cache-control', cacheControl);
  c.header('x-content-type-options', 'nosniff');
  c.header('content-length', String(png.length));
  return c.body(new Uint8Array(png));
}
