import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Hono } from 'hono';

const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

/** Static files of the web UI, served from memory. */
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/styles.css': { file: 'styles.css', type: 'text/css; charset=utf-8' },
  '/charts.css': { file: 'charts.css', type: 'text/css; charset=utf-8' },
};

/**
 * The web UI: `index.html`, `styles.css`, and `app.js` bundled from `web/app.ts` with esbuild on first request
 * (about 100 ms; cached for the life of the process), so `npm start` needs no separate build step.
 */
export function webRoutes(): Hono {
  const app = new Hono();
  let bundle: Promise<string> | null = null;
  const bundleApp = () =>
    (bundle ??= build({
      entryPoints: [join(WEB_DIR, 'app.ts')],
      bundle: true,
      format: 'esm',
      target: 'es2022',
      minify: true,
      write: false,
      logLevel: 'silent',
    }).then((r) => r.outputFiles[0]!.text)).catch((error: unknown) => {
      bundle = null;
      throw error;
    });

  app.get('/app.js', async (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'no-cache');
    return c.body(await bundleApp());
  });
  for (const [path, { file, type }] of Object.entries(STATIC_FILES)) {
    app.get(path, async (c) => {
      c.header('content-type', type);
      c.header('cache-control', 'no-cache');
      return c.body(await readFile(join(WEB_DIR, file), 'utf8'));
    });
  }
  app.get('/favicon.ico', (c) => c.body(null, 204));
  // Deep links to a session (`/s/<id>`, `/replay/<id>`) load the same page.
  app.get('/s/:id', async (c) => c.html(await readFile(join(WEB_DIR, 'index.html'), 'utf8')));
  app.get('/replay/:id', async (c) => c.html(await readFile(join(WEB_DIR, 'index.html'), 'utf8')));
  return app;
}
