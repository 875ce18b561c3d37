import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, noChromium } from '../support/chromium.ts';
import type { TrialViewJson } from '../../server/studies-protocol.ts';
import { createBuiltinTarget } from '../../tools/optimizer/targets/builtin.ts';
import { registerTargetKind } from '../../tools/optimizer/targets/index.ts';
import { lastUserText, routedModel, type ScriptedStep } from '../support/mock-model.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';

const STAGE_MS = 20_000;
/** Milliseconds per trial of the paced branin target: slow enough to watch, fast enough for a test. */
const PACE_MS = 120;

/** Branin, evaluated by the real builtin target after a pause (abortable, so Stop is prompt). */
registerTargetKind('paced-builtin', (spec) => {
  const inner = createBuiltinTarget({ kind: 'builtin', problem: 'branin' });
  const requested = (spec as unknown as { pace_ms?: unknown }).pace_ms;
  const pace = typeof requested === 'number' ? requested : PACE_MS;
  return {
    kind: 'paced-builtin',
    async evaluate(params, context) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, pace);
        context.signal.addEventListener('abort', () => (clearTimeout(timer), reject(context.signal.reason ?? new Error('aborted'))), { once: true });
      });
      return inner.evaluate(params, context);
    },
  };
});

/** The tool whose result ends the prompt, if the last message is a tool result. */
function lastToolResult(prompt: LanguageModelV3CallOptions['prompt']): string | null {
  const last = prompt.at(-1);
  if (!last || last.role !== 'tool') return null;
  const part = last.content.find((p) => p.type === 'tool-result');
  return part && 'toolName' in part ? part.toolName : null;
}

/** The scripted model: the user's words pick the optimizer tool, as a real model would. */
const script = (prompt: LanguageModelV3CallOptions['prompt']): ScriptedStep => {
  const tool = lastToolResult(prompt);
  if (tool === 'start_study') return { toolCalls: [{ toolName: 'wait_for_study', input: { timeout_s: 600 } }] };
  if (tool) return { text: `Done (${tool}).` };
  const text = lastUserText(prompt);
  if (/minimize/.test(text)) return { toolCalls: [{ toolName: 'start_study', input: { target: 'slow-branin', trials: 300, sampler: 'random', seed: 7 } }] };
  if (/how is it going/.test(text)) return { toolCalls: [{ toolName: 'study_status', input: {} }] };
  if (/stop it/.test(text)) return { toolCalls: [{ toolName: 'stop_study', input: {} }] };
  if (/(\d+) more/.test(text)) return { toolCalls: [{ toolName: 'continue_study', input: { trials: Number(/(\d+) more/.exec(text)![1]) } }] };
  return { text: 'Hello.' };
};

const points = (page: Page, card: string) =>
  page.locator(`.tool-card[data-tool="${card}"] .chart-history`).first().evaluate((el) => Number((el as HTMLElement).dataset.points));

/**
 * Studies beside the chat, in Chromium against the real server and the real optimizer tools (a paced branin
 * target): the card's chart updates live, the chat takes messages while the study runs, "stop it" stops the study
 * and its card says so, "run 20 more" continues the same study with the trial numbers going on, and the card's own
 * Stop study button works.
 */
describe('study cards (scripted model, real optimizer)', () => {
  let server: TestServer;
  let browser: Browser;
  const skip = noChromium;

  before(async () => {
    if (skip) return;
    server = await startTestServer(createTestServices(routedModel(script)));
    await server.services.targets.register({
      name: 'slow-branin', kind: 'paced-builtin', spec: { kind: 'paced-builtin', pace_ms: PACE_MS },
      metrics: [{ name: 'value', direction: 'minimize' }], space: { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('live chart, chat while running, "stop it", "run 20 more" continues, Stop study button', { skip, timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);
    await page.fill('#input', 'minimize slow-branin with 300 trials');
    await page.press('#input', 'Enter');

    // (a) The start_study card shows a live panel whose history chart grows as trials finish.
    const startCard = page.locator('.tool-card[data-tool="start_study"]');
    await startCard.locator('.study-panel .chart-history').waitFor({ timeout: STAGE_MS });
    await page.waitForFunction(() => Number((document.querySelector('.tool-card[data-tool="start_study"] .chart-history') as HTMLElement)?.dataset.points) >= 3, null, { timeout: STAGE_MS });
    const first = await points(page, 'start_study');
    await page.waitForFunction((n) => Number((document.querySelector('.tool-card[data-tool="start_study"] .chart-history') as HTMLElement).dataset.points) > n + 2, first, { timeout: STAGE_MS });
    assert.equal(await startCard.locator('.sp-status').innerText(), 'running');
    assert.match(await startCard.locator('.sp-progress').innerText(), /^\d+ \/ 300 trials/);
    assert.match(await startCard.locator('.sp-best').innerText(), /^best value ↓ = [\d.]+ \(#\d+\)$/);
    const studyId = await startCard.locator('.study-live').getAttribute('data-study-id');
    assert.match(studyId ?? '', /^st_/);
    // The wait_for_study card follows the same study: one subscription for both.
    await page.locator('.tool-card[data-tool="wait_for_study"] .study-panel').waitFor({ timeout: STAGE_MS });
    assert.equal(await page.locator(`.study-live[data-study-id="${studyId}"]`).count(), 2);
    assert.equal(await page.evaluate(() => (window as any).tunechat.state.requestId !== null), true, 'the answer still streams wait_for_study');

    // The panel survives re-renders of its message (moved, not rebuilt): mark the element and look for the mark later.
    await startCard.locator('.study-panel').evaluate((el) => ((el as HTMLElement & { mark?: number }).mark = 42));

    // A dropped websocket: the panel re-subscribes and keeps updating.
    await page.evaluate(() => (window as any).tunechat.connection.drop());
    const beforeDrop = await points(page, 'start_study');
    await page.waitForFunction((n) => Number((document.querySelector('.tool-card[data-tool="start_study"] .chart-history') as HTMLElement).dataset.points) > n + 2, beforeDrop, { timeout: STAGE_MS });

    // (b) The chat takes a message while the study runs (the streaming answer is stopped, the study is not).
    assert.equal(await page.locator('#input').isEditable(), true);
    assert.equal(await page.locator('#send').isEnabled(), true);
    await page.fill('#input', 'how is it going?');
    await page.press('#input', 'Enter');
    await page.locator('.tool-card[data-tool="study_status"] .study-panel').waitFor({ timeout: STAGE_MS });
    await page.locator('.md', { hasText: 'Done (study_status).' }).waitFor({ timeout: STAGE_MS });
    assert.equal(await startCard.locator('.sp-status').innerText(), 'running', 'stopping the answer left the study running');
    assert.equal(await startCard.locator('.study-panel').evaluate((el) => (el as HTMLElement & { mark?: number }).mark), 42, 'the same panel element');
    const waitCard = page.locator('.tool-card[data-tool="wait_for_study"]');
    assert.equal(await waitCard.locator('.tool-state').innerText(), 'answer ended');
    assert.equal(await waitCard.locator('.sp-status').innerText(), 'running', 'the cut-short card follows the study, not the answer');

    // (c) "stop it": the study stops and every card of it says so.
    await page.fill('#input', 'stop it');
    await page.press('#input', 'Enter');
    await page.locator('.tool-card[data-tool="stop_study"]').waitFor({ timeout: STAGE_MS });
    await page.waitForFunction((id) => [...document.querySelectorAll(`.study-panel[data-study-id="${id}"]`)].every((p) => (p as HTMLElement).dataset.status === 'stopped') && document.querySelectorAll(`.study-panel[data-study-id="${id}"]`).length >= 4, studyId, { timeout: STAGE_MS });
    assert.equal(await startCard.locator('.sp-status').innerText(), 'stopped');
    assert.equal(await startCard.locator('.sp-stop').isHidden(), true);
    const stopped = await (await fetch(`${server.url}/api/studies/${studyId}`)).json();
    assert.equal(stopped.status, 'stopped');
    const trialsBefore = ((await (await fetch(`${server.url}/api/studies/${studyId}/trials`)).json()).trials as TrialViewJson[]).length;

    // (d) "run 20 more": the same study goes on; trial numbers continue where they stopped.
    await page.fill('#input', 'run 20 more');
    await page.press('#input', 'Enter');
    const continueCard = page.locator('.tool-card[data-tool="continue_study"]');
    await continueCard.locator('.study-panel').waitFor({ timeout: STAGE_MS });
    assert.equal(await continueCard.locator('.study-live').getAttribute('data-study-id'), studyId);
    await page.waitForFunction((id) => (document.querySelector(`.tool-card[data-tool="continue_study"] .study-panel[data-study-id="${id}"]`) as HTMLElement)?.dataset.status === 'complete', studyId, { timeout: STAGE_MS });
    const trials = ((await (await fetch(`${server.url}/api/studies/${studyId}/trials`)).json()).trials as TrialViewJson[]).map((t) => t.number);
    assert.equal(trials.length, trialsBefore + 20);
    assert.deepEqual(trials, trials.map((_, i) => i), 'numbers are dense: the continuation went on from the stopped study');
    console.log(`# continue_study: trials ${trialsBefore} → ${trialsBefore + 19}`);
    assert.match(await startCard.locator('.sp-progress').innerText(), new RegExp(`^${trials.length - 1}|^${trials.length}`), 'the first card shows the continued study too');
    // The trials table of the continued study lists the new numbers.
    await continueCard.locator('.sp-tabs button[data-kind="trials"]').click();
    // Sorted by number ascending at first: one click on the header sorts it descending.
    await continueCard.locator('.chart-trials th[data-col="number"]').click();
    assert.equal(await continueCard.locator('.chart-trials th[data-col="number"]').getAttribute('aria-sort'), 'descending');
    assert.equal(await continueCard.locator('.chart-trials tbody tr[data-number]').first().getAttribute('data-number'), String(trialsBefore + 19));

    // The card's own Stop study button: continue once more, then stop from the card.
    await page.fill('#input', 'run 200 more');
    await page.press('#input', 'Enter');
    const lastCard = page.locator('.tool-card[data-tool="continue_study"]').nth(1);
    await lastCard.locator('.study-panel[data-status="running"] .sp-stop').waitFor({ timeout: STAGE_MS });
    await lastCard.locator('.sp-stop').click();
    await page.waitForFunction(() => (document.querySelectorAll('.tool-card[data-tool="continue_study"] .study-panel')[1] as HTMLElement)?.dataset.status === 'stopped', null, { timeout: STAGE_MS });
    assert.equal((await (await fetch(`${server.url}/api/studies/${studyId}`)).json()).status, 'stopped');

    // Expand: the large view with every chart and the trials table.
    await lastCard.locator('.sp-expand').click();
    const dialog = page.locator('dialog.study-dialog');
    await dialog.locator('.chart-trials tbody tr[data-number]').first().waitFor({ timeout: STAGE_MS });
    assert.deepEqual(await dialog.locator('.sd-cell h3').allInnerTexts(), ['History', 'Importance', 'Parallel', 'Trials']);
    await dialog.locator('.sd-close').click();
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
});
