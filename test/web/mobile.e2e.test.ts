import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tool } from 'ai';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, noChromium } from '../support/chromium.ts';
import { z } from 'zod';
import { lastUserText, routedModel } from '../support/mock-model.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';

const WAIT_MS = 15_000;
const VIEWPORT = { width: 390, height: 844 };

const LONG_WORD = `supercalifragilistic${'x'.repeat(160)}`;
const WIDE_TABLE = [
  `| ${Array.from({ length: 12 }, (_, i) => `parameter_column_${i}`).join(' | ')} |`,
  `|${Array.from({ length: 12 }, () => '---').join('|')}|`,
  ...Array.from({ length: 4 }, (_, r) => `| ${Array.from({ length: 12 }, (_, i) => `value_${r}_${i}_0.000123`).join(' | ')} |`),
].join('\n');
const ANSWER = [
  `The best run wrote to https://example.com/${'a'.repeat(120)}/results and ${LONG_WORD}.`,
  '',
  WIDE_TABLE,
  '',
  '```python',
  `study.optimize(objective, n_trials=40, ${Array.from({ length: 20 }, (_, i) => `arg${i}=${i}`).join(', ')})`,
  '```',
].join('\n');
const ARGV = ['python', 'train.py', ...Array.from({ length: 30 }, (_, i) => `--hyperparameter-number-${i}=0.00${i}`), `--output-dir=/srv/${'deep/'.repeat(30)}out`];

/** A stand-in tool whose card shows a long argv and long output values. */
const runCommand = tool({
  description: 'runs a command',
  inputSchema: z.object({ command: z.array(z.string()) }),
  execute: async ({ command }) => ({ ok: true, exit_code: 0, argv_length: command.length, log_path: `/var/log/${'nested/'.repeat(25)}run.log` }),
});

/**
 * Overflow at 390 px, evaluated in the page as a string (so no bundler helpers leak in): every visible element's
 * box must end inside the viewport, unless an ancestor inside the content clips or scrolls sideways (a wide table,
 * a code block). The page's own scrolling panes (the message list, the session list, the alerts) do not count as
 * such an ancestor, and must not scroll sideways themselves (that also catches overflowing text, which has no box).
 */
const OVERFLOW_CHECK = `(() => {
  const limit = window.innerWidth + 0.5;
  const panes = ['messages', 'sessions', 'alerts', 'sidebar', 'header-actions', 'composer'].map((id) => document.getElementById(id)).filter(Boolean);
  const offenders = [];
  for (const pane of panes) {
    if (getComputedStyle(pane).display !== 'none' && pane.scrollWidth > pane.clientWidth + 1) offenders.push('#' + pane.id + ' scrolls sideways: ' + pane.scrollWidth + ' > ' + pane.clientWidth);
  }
  for (const node of document.querySelectorAll('body *')) {
    const style = getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const rect = node.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    if (rect.right <= limit) continue;
    let clipped = false;
    for (let up = node.parentElement; up && up !== document.body && !panes.includes(up); up = up.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(up).overflowX)) { clipped = true; break; }
    }
    if (!clipped) offenders.push((node.id ? '#' + node.id : node.tagName.toLowerCase()) + '.' + [...node.classList].join('.') + ' right=' + Math.round(rect.right));
  }
  return { scrollWidth: document.documentElement.scrollWidth, bodyScrollWidth: document.body.scrollWidth, offenders: offenders.slice(0, 20) };
})()`;

async function assertNoOverflow(page: Page, when: string): Promise<void> {
  // For a look by eye: SCREENSHOT_DIR=/tmp/shots node scripts/run-tests.mjs mobile.e2e
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/${when.replace(/\W+/g, '-')}.png` });
  const result = (await page.evaluate(OVERFLOW_CHECK)) as { scrollWidth: number; bodyScrollWidth: number; offenders: string[] };
  assert.ok(result.scrollWidth <= VIEWPORT.width && result.bodyScrollWidth <= VIEWPORT.width, `${when}: scrollWidth ${result.scrollWidth}/${result.bodyScrollWidth} > ${VIEWPORT.width}`);
  assert.deepEqual(result.offenders, [], `${when}: elements past the right edge`);
}

/** The phone layout: no horizontal overflow with a long session, the sessions drawer, the "⋯" actions menu, a usable input. */
describe('web UI at 390×844', () => {
  let server: TestServer;
  let browser: Browser;
  const skip = noChromium;

  before(async () => {
    if (skip) return;
    const model = routedModel((prompt) => {
      if (prompt.at(-1)!.role === 'tool') return { text: ANSWER };
      if (/train/.test(lastUserText(prompt))) return { toolCalls: [{ toolName: 'run_command', input: { command: ARGV } }] };
      return { text: 'Short answer.' };
    });
    server = await startTestServer(createTestServices(model), { tools: { run_command: runCommand } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('long session without horizontal overflow; drawer, menu, input', { skip, timeout: 90_000 }, async () => {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);
    await page.locator('.example-prompt').first().waitFor({ timeout: WAIT_MS });
    await assertNoOverflow(page, 'empty chat');

    // A usable input: 16 px or more (iOS does not zoom), Send inside the viewport.
    const fontSize = await page.locator('#input').evaluate((n) => parseFloat(getComputedStyle(n).fontSize));
    assert.ok(fontSize >= 16, `input font-size ${fontSize}px`);
    const send = await page.locator('#send').boundingBox();
    assert.ok(send && send.x >= 0 && send.x + send.width <= VIEWPORT.width && send.y + send.height <= VIEWPORT.height, `Send at ${JSON.stringify(send)}`);

    // A second session first (so the drawer lists two), then the long one.
    await page.fill('#input', 'hello');
    await page.press('#input', 'Enter');
    await page.locator('.msg.assistant .md', { hasText: 'Short answer.' }).waitFor({ timeout: WAIT_MS });
    await page.waitForFunction(() => (window as any).tunechat.state.requestId === null, null, { timeout: WAIT_MS });
    await page.locator('#menu-toggle').click();
    await page.locator('#new-chat').click();
    await page.fill('#input', `train it please ${LONG_WORD}`);
    await page.press('#input', 'Enter');
    await page.locator('.tool-card[data-tool="run_command"] .tool-command').waitFor({ timeout: WAIT_MS });
    await page.locator('.md .table-scroll').waitFor({ timeout: WAIT_MS });
    await page.waitForFunction(() => (window as any).tunechat.state.requestId === null, null, { timeout: WAIT_MS });
    await page.locator('.tool-card details.tool-input summary').click();
    await assertNoOverflow(page, 'long session');

    // The wide table scrolls inside its box.
    const table = await page.locator('.md .table-scroll').evaluate((n) => ({ scroll: n.scrollWidth, client: n.clientWidth }));
    assert.ok(table.scroll > table.client, `table ${JSON.stringify(table)} should scroll`);
    await page.locator('.md .table-scroll').scrollIntoViewIfNeeded();
    await page.locator('.md .table-scroll').evaluate((n) => n.scrollBy(120, 0));
    await assertNoOverflow(page, 'table scrolled');

    // The drawer: hidden, opens with the hamburger and lists the sessions, closes on Escape, overlay, or a pick.
    assert.equal(await page.locator('#sidebar').isVisible(), false);
    await page.locator('#menu-toggle').click();
    await page.locator('#sessions li.session').nth(1).waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.equal(await page.locator('#sessions li.session').count(), 2);
    await assertNoOverflow(page, 'drawer open');
    await page.keyboard.press('Escape');
    await page.locator('#sidebar').waitFor({ state: 'hidden', timeout: WAIT_MS });
    await page.locator('#menu-toggle').click();
    await page.locator('#drawer-overlay').click({ position: { x: VIEWPORT.width - 20, y: 400 } });
    await page.locator('#sidebar').waitFor({ state: 'hidden', timeout: WAIT_MS });
    await page.locator('#menu-toggle').click();
    await page.locator('#sessions .session-open', { hasText: 'hello' }).click();
    await page.locator('#sidebar').waitFor({ state: 'hidden', timeout: WAIT_MS });
    await page.locator('.msg.assistant .md', { hasText: 'Short answer.' }).waitFor({ timeout: WAIT_MS });

    // The "⋯" menu holds the header actions.
    assert.equal(await page.locator('#dry-run').isVisible(), false);
    await page.locator('#more-actions').click();
    await page.locator('#dry-run').waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.equal(await page.locator('#replay').isVisible(), true);
    assert.equal(await page.locator('#share').isVisible(), true);
    await assertNoOverflow(page, 'menu open');
    await page.keyboard.press('Escape');
    await page.locator('#dry-run').waitFor({ state: 'hidden', timeout: WAIT_MS });

    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  test('on a wide screen the sidebar and the header actions show inline', { skip, timeout: 30_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await page.locator('#sessions li.session').first().click();
    await page.locator('.msg.assistant').first().waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('#sidebar').isVisible(), true);
    assert.equal(await page.locator('#dry-run').isVisible(), true);
    assert.equal(await page.locator('#menu-toggle').isVisible(), false);
    assert.equal(await page.locator('#more-actions').isVisible(), false);
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/desktop.png` });
    await page.close();
  });
});
