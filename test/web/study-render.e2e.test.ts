import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import type { Browser } from 'playwright-core';
import { launchChromium, noChromium } from '../support/chromium.ts';
import { createBuiltinTarget } from '../../tools/optimizer/targets/builtin.ts';
import { registerTargetKind } from '../../tools/optimizer/targets/index.ts';
import { lastUserText, routedModel, type ScriptedStep } from '../support/mock-model.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';
import { seedBraninStudy } from './charts-seed.ts';

const STAGE_MS = 30_000;
const SEEDED = 10_000;

registerTargetKind('paced-branin', () => {
  const inner = createBuiltinTarget({ kind: 'builtin', problem: 'branin' });
  return {
    kind: 'paced-branin',
    async evaluate(params, context) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, 150);
        context.signal.addEventListener('abort', () => (clearTimeout(timer), reject(new Error('aborted'))), { once: true });
      });
      return inner.evaluate(params, context);
    },
  };
});

/** A target that cannot be built until `flakyAvailable` (a study interrupted by a restart, resumable later). */
let flakyAvailable = false;
registerTargetKind('flaky-branin', () => {
  if (!flakyAvailable) throw new Error('the GPU host is offline');
  return createBuiltinTarget({ kind: 'builtin', problem: 'branin' });
});

let benchUrl = '';
const script = (prompt: LanguageModelV3CallOptions['prompt']): ScriptedStep => {
  if (prompt.at(-1)?.role === 'tool') return { text: 'Done.' };
  const text = lastUserText(prompt);
  if (/parallel coordinates/.test(text)) return { toolCalls: [{ toolName: 'chart_study', input: { study_id: 'st_small', chart: 'parallel' } }] };
  if (/benchmark/.test(text)) return { toolCalls: [{ toolName: 'bench_http', input: { url: benchUrl, duration_s: 3, connections: 2, rate: 100 } }] };
  return { text: 'Hello.' };
};

/**
 * The Studies view (running and recent studies across sessions, live progress, metric names, links to the chats)
 * and the render time of a 10,000-trial study's history chart and trials table, measured in the page with
 * performance.now() (printed, never asserted). The 10,000 trials are seeded straight into the study storage.
 */
describe('Studies view and a 10,000-trial study', () => {
  let server: TestServer;
  let browser: Browser;
  let target: Server;
  const skip = noChromium;

  before(async () => {
    if (skip) return;
    server = await startTestServer(createTestServices(routedModel(script)));
    seedBraninStudy(server.services.db, { id: 'st_seeded10k', trials: SEEDED, sessionId: 'sess-seeded' });
    seedBraninStudy(server.services.db, { id: 'st_small', trials: 60 });
    seedBraninStudy(server.services.db, { id: 'st_interrupted', trials: 5, budget: 30, status: 'running', target: { kind: 'flaky-branin' } });
    // As after a restart: the study was running, its target cannot be built now.
    await server.services.studies.resumeInterrupted();
    target = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    benchUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => (target ? target.close(resolve) : resolve(undefined)));
  });

  test('Studies view lists studies live; 10,000-trial history and table render times', { skip, timeout: 120_000 }, async () => {
    const running = await server.services.studies.start({
      name: 'paced branin', space: { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } },
      objectives: [{ metric: 'value', direction: 'minimize' }], target: { kind: 'paced-branin' }, sampler: 'random', budget: { trials: 400 }, seed: 3,
    }, { sessionId: 'sess-running' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The server's fANOVA takes ~1 s per 1,000 trials in its event loop: a canned answer keeps this test about the page.
    await page.route('**/api/studies/st_seeded10k/importance', (route) =>
      route.fulfill({ json: { studyId: 'st_seeded10k', objectives: [{ metric: 'value', importances: { x0: 0.55, x1: 0.45 } }], trialsUsed: SEEDED } }),
    );
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && !/Failed to load resource/.test(m.text()) && pageErrors.push(m.text())));
    await page.goto(server.url);

    // The Studies view: the running study first, with live progress, its metric, and a link to its chat.
    await page.click('#studies-open');
    const view = page.locator('dialog.studies-view');
    const runningRow = view.locator(`.sv-study[data-study-id="${running.id}"]`);
    await runningRow.waitFor({ timeout: STAGE_MS });
    assert.equal(await view.locator('.sv-study').first().getAttribute('data-study-id'), running.id, 'running studies first');
    assert.equal(await runningRow.locator('.sp-status').innerText(), 'running');
    assert.equal(await runningRow.locator('a.sv-session').getAttribute('href'), '/s/sess-running');
    const progress = await runningRow.locator('.sv-progress').innerText();
    assert.match(progress, /^\d+ \/ 400 trials/);
    await page.waitForFunction(([id, before]) => document.querySelector(`.sv-study[data-study-id="${id}"] .sv-progress`)?.textContent !== before, [running.id, progress] as const, { timeout: STAGE_MS });
    const seededRow = view.locator('.sv-study[data-study-id="st_seeded10k"]');
    assert.match(await seededRow.locator('.sv-best').innerText(), /^best value ↓ = 0\.\d+ \(#\d+\)$/);
    assert.match(await seededRow.locator('.sv-progress').innerText(), /^10000 \/ 10000 trials$/);
    await server.services.studies.stop(running.id);

    // The seeded study's charts: history and trials table of 10,000 trials.
    const clicked = await page.evaluate(() => performance.now());
    await seededRow.locator('[data-action="expand"]').click();
    const dialog = page.locator('dialog.study-dialog[data-study-id="st_seeded10k"]');
    await dialog.locator(`.chart-history[data-drawn="${SEEDED}"]`).waitFor({ timeout: STAGE_MS });
    await dialog.locator(`.chart-trials[data-points="${SEEDED}"][data-render-ms]`).waitFor({ timeout: STAGE_MS });
    // No named inner functions here: tsx would wrap them in a helper the page does not have.
    const timings = await page.evaluate((t0) => ({
      history: Number((document.querySelector('dialog.study-dialog .chart-history') as HTMLElement).dataset.renderMs),
      table: Number((document.querySelector('dialog.study-dialog .chart-trials') as HTMLElement).dataset.renderMs),
      parallel: Number((document.querySelector('dialog.study-dialog .chart-parallel') as HTMLElement | null)?.dataset.renderMs),
      clickToDrawn: performance.now() - t0,
    }), clicked);
    console.log(`# 10,000-trial study, Chromium: history chart ${timings.history.toFixed(1)} ms, trials table ${timings.table.toFixed(1)} ms, parallel coordinates ${timings.parallel.toFixed(1)} ms; click → all drawn (websocket transfer included) ${timings.clickToDrawn.toFixed(0)} ms`);
    assert.ok(Number.isFinite(timings.history) && Number.isFinite(timings.table));
    // Importance bars per objective, largest first.
    await dialog.locator('.chart-importance .imp-row').first().waitFor({ timeout: STAGE_MS });
    assert.deepEqual(await dialog.locator('.chart-importance .imp-name').allInnerTexts(), ['x0', 'x1']);
    // Virtualized: only the rows in view exist, and scrolling to the end shows the last trial.
    const rows = await dialog.locator('.chart-trials tbody tr[data-number]').count();
    assert.ok(rows > 0 && rows < 100, `rows in the DOM: ${rows}`);
    await dialog.locator('.chart-trials .table-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await dialog.locator('.chart-trials tr[data-number="9999"]').waitFor({ timeout: STAGE_MS });
    // Filter by state and by text.
    await dialog.locator('.chart-trials input[name="state"][value="complete"]').uncheck();
    await dialog.locator('.chart-trials input[name="state"][value="pruned"]').uncheck();
    assert.equal(await dialog.locator('.chart-trials .table-count').innerText(), `${SEEDED / 50} of ${SEEDED} trials`);
    await dialog.locator('.chart-trials input[name="filter"]').fill('9949');
    assert.equal(await dialog.locator('.chart-trials .table-count').innerText(), `1 of ${SEEDED} trials`);
    await dialog.locator('.sd-close').click();

    // On a phone: the large view fits the screen and its wide table scrolls sideways with a visible cue.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => document.querySelector<HTMLButtonElement>('#studies-open')!.click());
    await view.locator('.sv-study[data-study-id="st_seeded10k"] [data-action="expand"]').click();
    await dialog.locator(`.chart-trials[data-points="${SEEDED}"]`).waitFor({ timeout: STAGE_MS });
    assert.equal(await dialog.locator('.chart-trials .scroll-cue').evaluate((el) => el.classList.contains('more-right')), true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page overflows the 390 px viewport by ${overflow} px`);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
  test('an interrupted study resumes in one click; chart_study and bench cards draw their charts', { skip, timeout: 90_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && !/Failed to load resource/.test(m.text()) && pageErrors.push(m.text())));
    await page.goto(server.url);

    // Interrupted by a restart, with the reason and a Resume button; once the target is back, one click resumes it.
    await page.click('#studies-open');
    const row = page.locator('dialog.studies-view .sv-study[data-study-id="st_interrupted"]');
    await row.waitFor({ timeout: STAGE_MS });
    assert.equal(await row.locator('.sp-status').innerText(), 'interrupted');
    assert.match(await row.locator('.sp-reason').innerText(), /server restart.*GPU host is offline/);
    flakyAvailable = true;
    await row.locator('[data-action="resume"]').click();
    await page.waitForFunction(() => document.querySelector('.sv-study[data-study-id="st_interrupted"]')?.getAttribute('data-status') === 'complete', null, { timeout: STAGE_MS });
    const trials = (await (await fetch(`${server.url}/api/studies/st_interrupted/trials`)).json()).trials as unknown[];
    assert.equal(trials.length, 30);
    await page.locator('dialog.studies-view .sd-close').click();

    // chart_study: the card is the live chart of the kind asked for.
    await page.fill('#input', 'show the parallel coordinates of st_small');
    await page.press('#input', 'Enter');
    const chartCard = page.locator('.tool-card[data-tool="chart_study"]');
    await chartCard.locator('.study-panel .chart-parallel[data-points="54"]').waitFor({ timeout: STAGE_MS });
    assert.equal(await chartCard.locator('.sp-tabs button[aria-selected="true"]').innerText(), 'Parallel');
    await page.locator('.md', { hasText: 'Done.' }).waitFor({ timeout: STAGE_MS });

    // A benchmark: elapsed time and requests while it runs, then the latency percentile curve.
    await page.fill('#input', 'benchmark the test server');
    await page.press('#input', 'Enter');
    const benchCard = page.locator('.tool-card[data-tool="bench_http"]');
    await benchCard.locator('.bench-progress .bench-requests').waitFor({ timeout: STAGE_MS });
    assert.match(await benchCard.locator('.bench-requests').innerText(), /^\d+ requests/);
    assert.match(await benchCard.locator('.bench-elapsed').innerText(), /^\d+ s$/);
    await benchCard.locator('.bench-live .chart-latency').waitFor({ timeout: STAGE_MS });
    assert.ok(Number(await benchCard.locator('.chart-latency').getAttribute('data-points')) >= 2);
    assert.match(await benchCard.locator('.chart-latency .u-legend').innerText(), /percentile/);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
});
