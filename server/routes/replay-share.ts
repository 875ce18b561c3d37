import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Hono, type Context } from 'hono';
import { ChatStore } from '../../db/chat-store.ts';
import { exportSession, serializeSessionFile } from '../../db/session-export.ts';
import { importSession, SessionFileError } from '../../db/session-import.ts';
import { ShareStore } from '../../db/share-store.ts';
import { RenderLimiter } from '../../tools/charts/render-limiter.ts';
import { studyChartPng } from '../../tools/charts/study-chart-png.ts';
import { parseStudyChartKind, summaryChartKind } from '../../tools/charts/study-chart.ts';
import { ToolError } from '../../tools/common/errors.ts';
import { errorResponse } from '../errors.ts';
import type { Services } from '../services.ts';
import { notSharedPage } from './not-shared-page.ts';
import { pngName, pngResponse } from './study-charts.ts';

const REPLAY_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'replay');


/**
 * Sharing, export and import of sessions:
 * - `GET|POST|DELETE /api/sessions/:id/share`: sharing state; POST turns it on (an unguessable token) and returns
 *   the read-only link, DELETE turns it off (the link dies at once).
 * - `GET /replay/:id?token=…`: the read-only replay page (playback speed, jump to any tool call); its data comes
 *   from `GET /replay/:id/data?token=…`. A wrong or revoked token gets 404, the same as an unknown session: an HTML
 *   page saying so when the request accepts HTML (a browser following a dead link), JSON otherwise.
 *   Without `token`, `/replay/:id` is left to the web UI's own (local) replay.
 * - `GET /replay/:id/charts/:studyId/:kind.png?token=…`: the charts of the shared session's studies (only those: a
 *   study of another session is 404 whatever the token), listed in the data as `studies[].charts`.
 * - `GET /api/sessions/:id/export`: the session file (`tunechat export`); `POST /api/sessions/import`: imports one.
 */
export function replayShareRoutes(services: Services, limiter = new RenderLimiter()): Hono {
  const chats = new ChatStore(services.db, () => services.clock.now());
  const shares = new ShareStore(services.db);
  const app = new Hono();
  const requireSession = (id: string) => {
    const session = chats.getSession(id);
    if (!session) throw new ToolError('not_found', `session "${id}" does not exist`, { details: { parameter: 'id', value: id } });
    return session;
  };
  const shareJson = (id: string) => {
    const share = shares.get(id);
    if (!share) return { shared: false };
    const url = `${services.config.publicUrl.replace(/\/$/, '')}/replay/${encodeURIComponent(id)}?token=${share.token}`;
    return { shared: true, url, token: share.token, createdAt: share.createdAt };
  };

  app.get('/api/sessions/:id/share', (c) => c.json(shareJson(requireSession(c.req.param('id')).id)));
  app.post('/api/sessions/:id/share', (c) => {
    const { id } = requireSession(c.req.param('id'));
    shares.enable(id, services.clock.now());
    return c.json(shareJson(id), 201);
  });
  app.delete('/api/sessions/:id/share', (c) => {
    const { id } = requireSession(c.req.param('id'));
    shares.disable(id);
    return c.json({ shared: false });
  });

  app.get('/api/sessions/:id/export', (c) => {
    const { id } = requireSession(c.req.param('id'));
    const file = exportSession(services.db, id);
    c.header('content-disposition', attachmentDisposition(`tunechat-session-${id}.json`));
    c.header('content-type', 'application/json; charset=utf-8');
    return c.body(serializeSessionFile(file!));
  });
  app.post('/api/sessions/import', async (c) => {
    // The body's size is bounded before it is read: config.limits.importBytes (requestBodyLimit in server/app.ts).
    const text = await c.req.text();
    try {
      return c.json(importSession(services.db, text), 201);
    } catch (error) {
      if (!(error instanceof SessionFileError)) throw error;
      const code = error.code === 'conflict' ? 'conflict' : error.code === 'newer_version' ? 'unsupported' : 'invalid_argument';
      return errorResponse(c, new ToolError(code, error.message));
    }
  });

  // The page script is web/replay/replay.ts (which reuses the chat UI's renderer), bundled on first request.
  let bundle: Promise<string> | null = null;
  const bundleScript = () =>
    (bundle ??= build({ entryPoints: [join(REPLAY_DIR, 'replay.ts')], bundle: true, format: 'esm', target: 'es2022', minify: true, write: false, logLevel: 'silent' })
      .then((r) => r.outputFiles[0]!.text)
      .catch((error: unknown) => {
        bundle = null;
        throw error;
      }));
  app.get('/replay-assets/replay.js', async (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'no-cache');
    return c.body(await bundleScript());
  });
  app.get('/replay-assets/replay.css', async (c) => {
    c.header('content-type', 'text/css; charset=utf-8');
    c.header('cache-control', 'no-cache');
    return c.body(await readFile(join(REPLAY_DIR, 'replay.css'), 'utf8'));
  });
  app.get('/replay/:id/data', (c) => {
    const id = c.req.param('id');
    if (!shares.verify(id, c.req.query('token'))) return notShared(c);
    const session = chats.getSession(id);
    if (!session) return notShared(c);
    privateHeaders(c);
    return c.json({
      session: { id: session.id, title: session.title, source: session.source, createdAt: session.createdAt },
      messages: chats.listMessages(id).map((m) => m.message),
      chunks: chats.listChunks(id).map((k) => ({ sequence: k.sequence, turnId: k.turnId, tMs: k.tMs, chunk: k.chunk })),
      studies: sessionStudies(id).map((study) => ({
        id: study.id,
        name: study.name,
        objectives: study.spec.objectives.map((o) => o.metric),
        charts: replayChartKinds(study.spec).map((kind) => ({
          kind,
          url: `/replay/${encodeURIComponent(id)}/charts/${encodeURIComponent(study.id)}/${kind}.png?token=${encodeURIComponent(c.req.query('token') ?? '')}`,
        })),
      })),
    });
  });
  app.get('/replay/:id/charts/:studyId/:file', async (c) => {
    const id = c.req.param('id');
    if (!shares.verify(id, c.req.query('token'))) return notShared(c);
    const study = services.studies.get(c.req.param('studyId'));
    // The token shares one session: a study of any other session does not exist for it.
    if (!study || study.sessionId !== id) return notShared(c);
    const kind = parseStudyChartKind(pngName(c.req.param('file')));
    const png = await limiter.run(() => studyChartPng(services.studies, study.id, kind));
    privateHeaders(c);
    return pngResponse(c, png, 'no-store');
  });
  app.use('/replay/:id', async (c, next) => {
    const token = c.req.query('token');
    if (token === undefined) return next();
    if (!shares.verify(c.req.param('id'), token)) return notShared(c);
    privateHeaders(c);
    return c.html(await readFile(join(REPLAY_DIR, 'index.html'), 'utf8'));
  });
  return app;

  /** The session's studies, oldest first (bounded: the replay page shows at most MAX_REPLAY_STUDIES). */
  function sessionStudies(sessionId: string) {
    return services.studies
      .list()
      .filter((s) => s.sessionId === sessionId)
      .sort((a, b) => a.createdAt - b.createdAt)
      .slice(-MAX_REPLAY_STUDIES);
  }
}

/** Studies whose charts the replay page shows (a session rarely has more; the latest ones are kept). */
const MAX_REPLAY_STUDIES = 10;

/**
 * The replay page's charts of a study: its history (or Pareto front) and the table of its top trials. Not the
 * importance: fANOVA runs on the event loop (about 1 s per 1,000 trials), too slow for a page anyone with the link opens.
 */
function replayChartKinds(study: Parameters<typeof summaryChartKind>[0]) {
  return [summaryChartKind(study), 'trials'] as const;
}

/**
 * `attachment` with a file name that cannot break the header: an ASCII fallback with anything but
 * `A-Za-z0-9._-` replaced, plus the exact name percent-encoded in `filename*` (RFC 6266 / RFC 5987).
 */
export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^A-Za-z0-9._-]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The token is in the URL: keep it out of referrers, caches and search engines. */
function privateHeaders(c: Context): void {
  c.header('cache-control', 'no-store');
  c.header('referrer-policy', 'no-referrer');
  c.header('x-robots-tag', 'noindex');
}

function notShared(c: Context): Response {
  if (acceptsHtml(c)) {
    privateHeaders(c);
    return c.html(notSharedPage(), 404);
  }
  return errorResponse(c, new ToolError('not_found', 'this replay does not exist or is not shared (sharing may have been turned off)'));
}

/** A browser navigating (Accept lists text/html); fetch() and API clients send JSON or nothing. */
function acceptsHtml(c: Context): boolean {
  return /\btext\/html\b/i.test(c.req.header('accept') ?? '');
}
