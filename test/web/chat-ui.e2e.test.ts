import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tool } from 'ai';
import type { Browser } from 'playwright-core';
import { launchChromium, noChromium } from '../support/chromium.ts';
import { z } from 'zod';
import { lastUserText, routedModel } from '../support/mock-model.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';

const LONG = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');

/**
 * A stand-in study tool that streams progress as preliminary results (AI SDK async-generator execute).
 * The AI SDK takes the last *yielded* value as the final output (a generator's return value is ignored).
 */
const fakeStudy = tool({
  description: 'runs a study',
  inputSchema: z.object({ target: z.string(), trials: z.number().int() }),
  async *execute({ target, trials }) {
    for (let done = 10; done < trials; done += 10) {
      yield { status: 'running', target, trials_done: done, n_trials: trials, best: { value: 1 / done, params: { x1: 3.14, x2: 2.27 } } };
      await new Promise((r) => setTimeout(r, 60));
    }
    yield { status: 'complete', target, trials_done: trials, n_trials: trials, best: { value: 0.3979, params: { x1: 3.1416, x2: 2.275 } } };
  },
});

/**
 * The web UI against the real server with a scripted model and a stand-in tool (independent of the offline model):
 * tool card with live progress then output, streamed markdown, resume after a dropped websocket, Stop keeps the
 * partial answer, sidebar after reload, rename, replay.
 */
describe('web UI (scripted model)', () => {
  let server: TestServer;
  let browser: Browser;
  const skip = noChromium;

  before(async () => {
    if (skip) return;
    const model = routedModel((prompt) => {
      const last = prompt.at(-1)!;
      if (last.role === 'tool') return { text: 'The best value found is **0.3979** at `x1=3.1416, x2=2.275`.', chunkDelayInMs: 2 };
      if (/branin/.test(lastUserText(prompt))) return { toolCalls: [{ toolName: 'start_study', input: { target: 'branin', trials: 40 } }] };
      return { text: LONG, chunkDelayInMs: 8 };
    });
    server = await startTestServer(createTestServices(model), { tools: { start_study: fakeStudy } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('tool card with progress, streamed answer, Stop keeps the partial, sidebar, rename, replay', { skip, timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);
    await page.fill('#input', 'minimize branin with 40 trials');
    await page.click('#send');

    const card = page.locator('.tool-card[data-tool="start_study"]');
    await page.locator('.tool-card .study-progress .trials').first().waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('.tool-card .trials')?.textContent === '40 / 40 trials', null, { timeout: 10_000 });
    assert.match(await card.locator('.best').innerText(), /0\.3979/);
    await page.locator('.md strong', { hasText: '0.3979' }).waitFor();
    await page.locator('#stop[hidden]').waitFor({ state: 'attached' });
    const firstUrl = page.url();
    assert.match(firstUrl, /\/s\/[0-9a-f-]{36}$/);

    // A chat whose websocket drops mid-answer: the page reconnects, resumes, and shows the answer exactly once.
    await page.click('#new-chat');
    await page.fill('#input', 'first long story');
    await page.press('#input', 'Enter');
    await page.waitForFunction(() => (document.querySelector('.msg.assistant .md')?.textContent ?? '').split(' ').length > 20);
    await page.evaluate(() => (window as any).tunechat.connection.drop());
    await page.waitForFunction(() => (window as any).tunechat.state.requestId === null, null, { timeout: 20_000 });
    assert.equal((await page.locator('.msg.assistant .md').innerText()).trim(), LONG);

    // Another chat: stop it mid-answer; the partial answer stays, also after a reload.
    await page.click('#new-chat');
    await page.fill('#input', 'tell me a long story');
    await page.press('#input', 'Enter');
    await page.waitForFunction(() => (document.querySelector('.msg.assistant .md')?.textContent ?? '').split(' ').length > 5);
    await page.click('#stop');
    await page.locator('.turn-note', { hasText: 'stopped' }).waitFor();
    const partial = await page.locator('.msg.assistant .md').innerText();
    assert.ok(partial.startsWith('word0 word1') && partial.length < LONG.length, partial.slice(0, 80));
    await page.reload();
    await page.locator('.turn-note', { hasText: 'stopped' }).waitFor();
    assert.ok((await page.locator('.msg.assistant .md').innerText()).startsWith(partial.trim()));

    // Sidebar: newest first, titled from the first message; rename works.
    const titles = await page.locator('#sessions .session-title').allInnerTexts();
    assert.deepEqual(titles, ['tell me a long story', 'first long story', 'minimize branin with 40 trials']);
    await page.locator('#sessions li.session').nth(2).hover();
    await page.locator('#sessions li.session').nth(2).locator('.rename').click();
    await page.fill('.rename-input', 'Branin study');
    await page.press('.rename-input', 'Enter');
    await page.locator('#sessions .session-title', { hasText: 'Branin study' }).waitFor();

    // Replay the first session instantly: the tool card and the answer come back from stored chunks.
    await page.goto(firstUrl.replace('/s/', '/replay/'));
    await page.click('#replay-controls [data-speed="instant"]');
    await page.locator('.md strong', { hasText: '0.3979' }).waitFor();
    assert.equal(await page.locator('.tool-card[data-tool="start_study"] .trials').innerText(), '40 / 40 trials');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
});
