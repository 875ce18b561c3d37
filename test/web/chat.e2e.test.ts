import { after, before, describe, test } from 'node:test';
import { gateFor } from '../support/command-gate.ts';
import { OPERATOR } from '../../tools/common/requester.ts';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, noChromium } from '../support/chromium.ts';
import { openDatabase } from '../../db/open.ts';
import { createModel } from '../../server/agent/model.ts';
import { createToolset } from '../../server/agent/toolset.ts';
import { loadConfig } from '../../server/config.ts';
import { createServices } from '../../server/services.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';

const REQUEST = 'minimize the branin function with 40 trials';

/**
 * End to end, as a user: the real server (offline model, real toolset, SQLite) on 127.0.0.1 port 0, driven by
 * Debian's Chromium. Type the request, see the tool card and the streamed answer, drop the websocket mid-answer
 * (the page resumes without duplicating text), reload, find the session in the sidebar.
 */
describe('web UI end to end', () => {
  let server: TestServer;
  let browser: Browser;
  const config = loadConfig({ TUNECHAT_DB: ':memory:', PORT: '0' });
  const services = createServices({ db: openDatabase(':memory:'), clock: systemClock, config, model: createModel(config.model) });
  const hasStudyTool = 'start_study' in createToolset({ services, sessionId: 'probe', dryRun: true, requester: OPERATOR, commands: gateFor('') });
  const skip = noChromium || !hasStudyTool ? 'the start_study tool is not registered yet' : false;

  before(async () => {
    if (skip) return;
    server = await startTestServer(services);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('chat, tool card, resume after a dropped socket, reload keeps the session', { skip, timeout: 90_000 }, async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);
    await page.fill('#input', REQUEST);
    await page.press('#input', 'Enter');

    // The tool card appears for the study tool, then the connection drops mid-answer.
    const card = page.locator('.tool-card[data-tool="start_study"]');
    await card.first().waitFor({ timeout: 30_000 });
    await page.evaluate(() => (window as any).tunechat.connection.drop());

    // The answer completes after the automatic reconnect + resume.
    await page.waitForFunction(() => (window as any).tunechat.state.requestId === null && document.querySelectorAll('.msg.assistant').length > 0, null, { timeout: 60_000 });
    const shownText = (await page.locator('.msg.assistant .md').allInnerTexts()).join('\n');
    assert.match(shownText, /best/i, `final text: ${shownText}`);

    const toolCards = await page.locator('.tool-card').count();
    const sessionId = new URL(page.url()).pathname.split('/').pop()!;
    const { messages } = (await (await fetch(`${server.url}/api/sessions/${sessionId}/messages`)).json()) as { messages: { role: string; parts: { type: string }[] }[] };
    const toolParts = messages.flatMap((m) => m.parts.filter((p) => p.type.startsWith('tool-')));
    assert.equal(toolCards, toolParts.length, 'one card per stored tool call');

    // Reload: the session is in the sidebar, titled from the first message, and the chat comes back from SQLite
    // rendered exactly as it was streamed (so the resume after the drop neither duplicated nor lost text).
    await page.reload();
    await page.locator('#sessions li.session').first().waitFor();
    assert.equal((await page.locator('#sessions li.session .session-title').first().innerText()).trim(), REQUEST);
    await page.locator('.tool-card[data-tool="start_study"]').first().waitFor();
    await page.locator('.msg.assistant .md').first().waitFor();
    assert.equal((await page.locator('.msg.assistant .md').allInnerTexts()).join('\n'), shownText);
    assert.equal(await page.locator('.tool-card').count(), toolCards);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
});
