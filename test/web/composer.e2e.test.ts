import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, noChromium } from '../support/chromium.ts';
import { lastUserText, routedModel } from '../support/mock-model.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';

const SLOW = Array.from({ length: 400 }, (_, i) => `slow${i}`).join(' ');
const QUICK = 'Quick answer:\n\n```\nprint("tuned")\n```';
const STAGE_MS = 15_000;

/**
 * The composer while an answer streams, and the basics around it: example prompts on an empty chat, sending
 * mid-answer (stops the answer, then the new message is answered), copy buttons, relative dates in the sidebar,
 * grouped alerts, and the disconnected banner. Scripted model on the real server; Debian's Chromium.
 */
describe('composer and basics (scripted model)', () => {
  let server: TestServer;
  let browser: Browser;
  const skip = noChromium;

  before(async () => {
    if (skip) return;
    const model = routedModel((prompt) => {
      const text = lastUserText(prompt);
      if (/slow/.test(text)) return { text: SLOW, chunkDelayInMs: 25 };
      if (/what can you do/i.test(text)) return { text: 'I tune models and services.' };
      return { text: QUICK };
    });
    server = await startTestServer(createTestServices(model));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a message sent mid-answer stops that answer, then is answered; copy, examples, dates, alerts', { skip, timeout: 90_000 }, async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);

    // Empty chat: example prompts.
    await page.locator('.example-prompt').first().waitFor({ timeout: STAGE_MS });
    assert.equal(await page.locator('.example-prompt').count(), 4);

    // A slow answer streams; the composer stays usable.
    await page.fill('#input', 'tell me a slow story');
    await page.press('#input', 'Enter');
    await page.waitForFunction(() => (document.querySelector('.msg.assistant .md')?.textContent ?? '').split(' ').length > 10, null, { timeout: STAGE_MS });
    assert.equal(await page.locator('#send').isEnabled(), true);
    assert.equal(await page.locator('#input').isEditable(), true);
    assert.equal((await page.locator('#stop').innerText()).trim(), 'Stop answer');

    // Shift+Enter is a newline, Enter sends: the slow answer ends marked stopped and the new message is answered.
    const started = Date.now();
    await page.fill('#input', 'quick');
    await page.press('#input', 'Shift+Enter');
    await page.type('#input', 'question');
    assert.equal(await page.inputValue('#input'), 'quick\nquestion');
    await page.press('#input', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('.msg.assistant').length === 2 && (window as any).tunechat.state.requestId === null, null, { timeout: STAGE_MS });
    console.log(`# stop + send + answer took ${Date.now() - started} ms`);
    const roles = await page.locator('#messages > .msg').evaluateAll((nodes) => nodes.map((n) => (n.classList.contains('user') ? 'user' : 'assistant')));
    assert.deepEqual(roles, ['user', 'assistant', 'user', 'assistant']);
    const first = page.locator('.msg.assistant').nth(0);
    const second = page.locator('.msg.assistant').nth(1);
    assert.equal(await first.locator('.turn-note', { hasText: 'stopped' }).count(), 1);
    const partial = await first.locator('.md').innerText();
    assert.ok(partial.startsWith('slow0 slow1') && partial.length < SLOW.length, partial.slice(0, 60));
    assert.match(await second.innerText(), /Quick answer/);
    assert.equal(await page.locator('.msg.user .bubble').nth(1).innerText(), 'quick\nquestion');

    // Copy buttons: the code block's code, the whole answer as markdown; "Copied" feedback.
    await second.locator('.code-block .copy-btn').click();
    await second.locator('.code-block .copy-btn.copied').waitFor({ timeout: STAGE_MS });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'print("tuned")');
    await second.locator('.msg-actions .copy-btn').click();
    await page.waitForFunction(() => document.querySelectorAll('.msg.assistant')[1]?.querySelector('.msg-actions .copy-btn')?.getAttribute('aria-label') === 'Copied', null, { timeout: STAGE_MS });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), QUICK);

    // The sidebar dates its sessions.
    await page.locator('#sessions .session-time').first().waitFor({ timeout: STAGE_MS });
    assert.equal(await page.locator('#sessions .session-time').first().innerText(), 'just now');

    // Clicking an example prompt on a new chat sends it.
    await page.click('#new-chat');
    await page.locator('.example-prompt', { hasText: 'What can you do?' }).click();
    await page.locator('.msg.assistant .md', { hasText: 'I tune models and services.' }).waitFor({ timeout: STAGE_MS });
    assert.equal(await page.locator('.msg.user .bubble').innerText(), 'What can you do?');
    assert.equal(await page.locator('.example-prompt').count(), 0);

    await checkAlerts(page);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  test('a visible banner while disconnected, with the attempt and "Reconnect now"; gone when connected', { skip, timeout: 60_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    let blocked = false;
    await page.routeWebSocket(/\/ws$/, (ws) => {
      if (blocked) ws.close();
      else ws.connectToServer();
    });
    await page.goto(server.url);
    await page.waitForFunction(() => (window as any).tunechat.connection.state === 'open', null, { timeout: STAGE_MS });
    assert.equal(await page.locator('#conn-banner').isVisible(), false);

    blocked = true;
    await page.evaluate(() => (window as any).tunechat.connection.drop());
    await page.waitForFunction(() => /^Disconnected — reconnecting in \d+ s… \(attempt [2-9]\)$/.test(document.querySelector('#conn-banner')?.textContent?.replace('Reconnect now', '') ?? ''), null, { timeout: STAGE_MS });
    assert.equal(await page.locator('#conn-banner').isVisible(), true);

    blocked = false;
    await page.locator('#conn-banner button', { hasText: 'Reconnect now' }).click();
    await page.locator('#conn-banner').waitFor({ state: 'hidden', timeout: STAGE_MS });
    assert.equal(await page.evaluate(() => (window as any).tunechat.connection.state), 'open');
    await context.close();
  });
});

/** Alerts as the rules engine pushes them: grouped per rule with a count, details on expand, dismiss, dismiss all. */
async function checkAlerts(page: Page): Promise<void> {
  // Built here, not inside `evaluate` (tsx would add a helper the page does not have).
  const now = Date.now();
  const trial = (id: string, n: number, p99: number, at: number) => ({
    id,
    ruleId: 'p99-budget',
    studyId: 'study-branin',
    sessionId: null,
    message: `rule p99-budget fired: Trial t${n} (latency_p99_ms=${p99})`,
    facts: [{ type: 'Trial', id: `t${n}`, fields: { study: 'study-branin', number: n, latency_p99_ms: p99, value: 0.4 } }],
    at,
  });
  const pushed = [
    trial('a1', 3, 240.5, now - 10 * 60_000),
    { id: 'b1', ruleId: 'stagnation', studyId: null, sessionId: null, message: 'no improvement for 20 trials', facts: [], at: now - 15 * 60_000 },
    trial('a2', 7, 260, now - 5 * 60_000),
    trial('a3', 9, 251.37, now - 2 * 60_000),
    trial('a3', 9, 251.37, now - 2 * 60_000),
  ];
  await page.evaluate((list) => {
    for (const alert of list) (window as any).tunechat.alerts.add(alert);
  }, pushed);
  const lines = page.locator('#alerts .alert');
  assert.equal(await lines.count(), 2);
  assert.equal((await lines.nth(0).locator('summary').innerText()).replace(/\s+/g, ' ').trim(), '🔔 p99-budget · latency p99 251 ms · study study-branin · trial #9 · 2 min ago · ×3');
  assert.equal(await lines.nth(0).locator('.alert-entry').first().isVisible(), false);
  await lines.nth(0).locator('summary').click();
  assert.equal(await lines.nth(0).locator('.alert-entry').count(), 3);
  assert.equal(await lines.nth(0).locator('.alert-entry').first().isVisible(), true);
  await lines.nth(1).locator('.alert-dismiss').click();
  assert.equal(await lines.count(), 1);
  await page.evaluate(() => (window as any).tunechat.alerts.notice('could not load the session'));
  assert.equal(await lines.count(), 2);
  await page.locator('.alerts-dismiss-all').click();
  assert.equal(await lines.count(), 0);
}
