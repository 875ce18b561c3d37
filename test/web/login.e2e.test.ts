import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Services } from '../../server/services.ts';
import { launchChromium, noChromium } from '../support/chromium.ts';
import { FakeAuthorizer, FakeIam } from '../support/fake-iam.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';

/**
 * As a user of a server with authentication on (a user exists): the page sends them to /login, a wrong token says
 * so, the right one comes back to where they were, the chat works over the cookie-authenticated websocket, and
 * logging out sends them back to the login page.
 */
describe('web UI login', { skip: noChromium }, () => {
  let server: TestServer;
  let browser: Browser;
  let token: string;
  before(async () => {
    const services = createTestServices(scriptedModel([{ text: 'hello from the model' }]));
    const iam = new FakeIam();
    token = iam.addUser('alice').token;
    Object.assign(services, { iam, authorizer: new FakeAuthorizer() });
    server = await startTestServer(services as Services, { tools: {} });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('login page, wrong token, right token, chat over the websocket, logout', { timeout: 90_000 }, async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/s/unknown-session`);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/s/unknown-session');

    await page.fill('#token', 'tct_wrong');
    await page.click('button[type=submit]');
    await page.locator('#error').waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await page.textContent('#error') ?? '', /not valid/);

    await page.fill('#token', token);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.pathname === '/s/unknown-session', { timeout: 10_000 });
    const cookies = await page.context().cookies();
    const cookie = cookies.find((c) => c.name === 'tunechat_token');
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.sameSite, 'Strict');
    assert.equal(await page.evaluate(() => document.cookie.includes('tunechat_token')), false, 'page scripts cannot read the token');

    await page.goto(server.url);
    await page.fill('#input', 'hello');
    await page.press('#input', 'Enter');
    await page.locator('#messages', { hasText: 'hello from the model' }).waitFor({ timeout: 30_000 });

    await page.evaluate(() => fetch('/api/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
    await page.reload();
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.deepEqual(pageErrors, []);
  });

  test('a page whose login is gone (cookie cleared) goes to /login when its websocket reconnects and is refused', { timeout: 60_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.fill('#token', token);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.pathname === '/', { timeout: 10_000 });
    await page.waitForFunction(() => (window as any).tunechat.connection.state === 'open', null, { timeout: 20_000 });
    await context.clearCookies();
    await page.evaluate(() => (window as any).tunechat.connection.drop());
    await page.waitForURL((url) => url.pathname === '/login', { timeout: 20_000 });
    assert.equal(new URL(page.url()).searchParams.get('next'), '/');
    await context.close();
  });
});
