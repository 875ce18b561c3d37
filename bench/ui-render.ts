/**
 * `node --import tsx bench/ui-render.ts [--trials 10000] [--runs 5]`
 *
 * Web UI render time in Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH): seeds a branin study of `--trials`
 * trials into the study storage of a test server, opens the study's large view `--runs` times and prints, per chart,
 * the median and max of the time the page measured with performance.now() (`data-render-ms`: the synchronous update
 * plus uPlot's deferred draw for the history chart). Importances are answered by a canned response so the server's
 * fANOVA does not run. Numbers are printed, never asserted (they depend on the machine).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CHROMIUM, launchChromium } from '../test/support/chromium.ts';
import { routedModel } from '../test/support/mock-model.ts';
import { startTestServer } from '../test/support/start-server.ts';
import { createTestServices } from '../test/support/test-services.ts';
import { seedBraninStudy } from '../test/web/charts-seed.ts';

const { values } = parseArgs({ options: { trials: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' } } });
const trials = Number(values.trials);
const runs = Math.max(1, Number(values.runs));
if (!existsSync(CHROMIUM)) {
  console.error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  process.exit(1);
}

const server = await startTestServer(createTestServices(routedModel(() => ({ text: 'ok' }))));
const browser = await launchChromium();
try {
  const studyId = seedBraninStudy(server.services.db, { id: 'st_bench', trials });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.route('**/api/studies/*/importance', (route) =>
    route.fulfill({ json: { studyId, objectives: [{ metric: 'value', importances: { x0: 0.55, x1: 0.45 } }], trialsUsed: trials } }),
  );
  await page.goto(server.url);
  const kinds = ['history', 'history (uPlot draw only)', 'trials', 'parallel', 'intermediate'] as const;
  const samples: Record<string, number[]> = Object.fromEntries([...kinds, 'open → drawn'].map((k) => [k, []]));
  for (let run = 0; run <= runs; run++) {
    await page.evaluate(() => document.querySelector<HTMLButtonElement>('#studies-open')!.click());
    const row = page.locator(`dialog.studies-view .sv-study[data-study-id="${studyId}"]`);
    await row.waitFor({ timeout: 30_000 });
    const t0 = await page.evaluate(() => performance.now());
    await row.locator('[data-action="expand"]').click();
    const dialog = page.locator(`dialog.study-dialog[data-study-id="${studyId}"]`);
    await dialog.locator('.chart-history[data-drawn]').waitFor({ timeout: 60_000 });
    await dialog.locator('.chart-trials[data-render-ms]').waitFor({ timeout: 60_000 });
    const measured = await page.evaluate((start) => ({
      history: Number(document.querySelector<HTMLElement>('dialog.study-dialog .chart-history')?.dataset.renderMs),
      'history (uPlot draw only)': Number(document.querySelector<HTMLElement>('dialog.study-dialog .chart-history')?.dataset.drawMs),
      trials: Number(document.querySelector<HTMLElement>('dialog.study-dialog .chart-trials')?.dataset.renderMs),
      parallel: Number(document.querySelector<HTMLElement>('dialog.study-dialog .chart-parallel')?.dataset.renderMs),
      intermediate: Number(document.querySelector<HTMLElement>('dialog.study-dialog .chart-intermediate')?.dataset.renderMs),
      'open → drawn': performance.now() - start,
    }), t0);
    // The first run warms the bundle, the JIT and the server's study view up: not counted.
    if (run > 0) for (const [k, v] of Object.entries(measured)) if (Number.isFinite(v)) samples[k]!.push(v);
    await dialog.locator('.sd-close').click();
    await page.evaluate(() => document.querySelector<HTMLDialogElement>('dialog.studies-view')?.close());
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  console.log(`Web UI render time, ${trials} trials, Chromium, median / max of ${runs} runs (ms, measured in the page)`);
  console.log('| chart | median ms | max ms |');
  console.log('|---|---:|---:|');
  for (const [k, xs] of Object.entries(samples)) console.log(`| ${k === 'trials' ? 'trials table' : k === 'open → drawn' ? 'open → all drawn (incl. websocket transfer)' : k} | ${median(xs).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`);
} finally {
  await browser.close();
  await server.close();
}
