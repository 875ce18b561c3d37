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

/** The shared replay page shows the session's study charts (server PNGs); a dead link shows a page, not JSON. */
describe('study charts on the shared replay page, in a browser', () => {
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
});
