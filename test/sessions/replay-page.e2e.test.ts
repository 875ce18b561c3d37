import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, noChromium } from '../support/chromium.ts';
import { importSession } from '../../db/session-import.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';

const skip = noChromium;

/**
 * The shared replay page in Debian's Chromium: instant playback, every tool call listed, jump to one; the session's
 * study charts (server PNGs); a dead link shows a page, not JSON; sharing, export and import from the chat UI.
 */
describe('shared replay page in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let sessionId: string;

  before(async () => {
    if (skip) return;
    const services = createTestServices(scriptedModel([{ text: 'unused' }]));
    sessionId = importSession(services.db, readFileSync('test/fixtures/sessions/branin-study.json', 'utf8')).sessionId;
    server = await startTestServer(services);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('plays the stored chunks and jumps to a tool call', { skip, timeout: 60_000 }, async () => {
    const share = (await (await fetch(`${server.url}/api/sessions/${sessionId}/share`, { method: 'POST', headers: { 'content-type': 'application/json' } })).json()) as { url: string; token: string };
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/replay/${sessionId}?token=${share.token}&autoplay=0`);
    await page.locator('#tools li').first().waitFor();
    assert.deepEqual(await page.locator('#tools button').allInnerTexts(), ['start_study', 'wait_for_study', 'param_importance', 'best_trials']);
    assert.equal(await page.locator('.msg').count(), 0, 'paused before the first step');

    await page.selectOption('#speed', '0');
    await page.click('#play');
    await page.waitForFunction(() => document.querySelector('#play')?.textContent === 'Replay', null, { timeout: 20_000 });
    assert.equal(await page.locator('.msg.user').count(), 3);
    assert.equal(await page.locator('.tool-card.state-output-available').count(), 4);
    assert.match(await page.locator('.msg.assistant').last().innerText(), /Best value = \d/);
    assert.ok((await page.locator('.msg.assistant table').count()) > 0, 'markdown tables rendered by the chat UI renderer');

    await page.click('#tools button:text("param_importance")');
    assert.equal(await page.locator('.msg.user').count(), 2, 'rebuilt up to the second turn');
    const current = page.locator('.tool-card.current');
    assert.equal(await current.getAttribute('data-tool'), 'param_importance');
    assert.match(await current.getAttribute('class') ?? '', /state-output-available/, 'shown with its result');
    assert.deepEqual(errors, []);
  });

  test('the history and top-trials PNGs load; a wrong token shows the not-available page', { skip, timeout: 60_000 }, async () => {
    const share = (await (await fetch(`${server.url}/api/sessions/${sessionId}/share`, { method: 'POST', headers: { 'content-type': 'application/json' } })).json()) as { token: string };
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/replay/${sessionId}?token=${share.token}&autoplay=0`);
    const images = page.locator('#charts img');
    await images.first().waitFor({ timeout: 15_000 });
    assert.equal(await images.count(), 2);
    for (let i = 0; i < 2; i++) await images.nth(i).scrollIntoViewIfNeeded({ timeout: 5_000 });
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('#charts img')].every((img) => img.complete && img.naturalWidth === 900), null, { timeout: 15_000 });
    assert.match(await page.locator('#charts figcaption').first().innerText(), /· history$/);
    assert.match((await images.first().getAttribute('alt')) ?? '', /history chart \(value\)/);

    const response = await page.goto(`${server.url}/replay/${sessionId}?token=not-the-token`);
    assert.equal(response?.status(), 404);
    assert.equal(await page.locator('h1').innerText(), 'This replay is not available');
    assert.equal(await page.locator('a[href="/"]').count(), 1);
    assert.deepEqual(errors, []);
  });

  test('the chat UI shares, exports and imports the open session', { skip, timeout: 60_000 }, async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => void d.dismiss());
    await page.goto(`${server.url}/s/${sessionId}`);
    await page.click('#share');
    const link = await page.locator('#share-panel .share-link').inputValue();
    assert.match(link, new RegExp(`/replay/${sessionId}\\?token=[A-Za-z0-9_-]{43}$`));
    const token = new URL(link).searchParams.get('token');
    assert.equal((await fetch(`${server.url}/replay/${sessionId}/data?token=${token}`)).status, 200);
    await page.click('#share-stop');
    await page.locator('#share-panel').waitFor({ state: 'hidden' });
    assert.equal((await fetch(`${server.url}/replay/${sessionId}/data?token=${token}`)).status, 404, 'stopped sharing');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const exported = readFileSync((await download.path())!, 'utf8');
    assert.equal(JSON.parse(exported).session_id, sessionId);

    assert.equal((await fetch(`${server.url}/api/sessions/${sessionId}`, { method: 'DELETE', headers: { 'content-type': 'application/json' } })).status, 200);
    await page.goto(server.url);
    await page.setInputFiles('input[type=file]', { name: 'session.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await page.waitForURL(`**/s/${sessionId}`);
    assert.equal((await fetch(`${server.url}/api/sessions/${sessionId}`)).status, 200, 'imported back');
    assert.deepEqual(errors, []);
  });
});
