import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, noChromium } from '../support/chromium.ts';
import { startFakeControlService, type FakeControlService } from '../support/fake-control-service.ts';
import { lastUserText, routedModel, type ScriptedStep } from '../support/mock-model.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';

const STAGE_MS = 20_000;

/** The tool whose result ends the prompt, if the last message is a tool result. */
function lastToolResult(prompt: LanguageModelV3CallOptions['prompt']): string | null {
  const last = prompt.at(-1);
  if (!last || last.role !== 'tool') return null;
  const part = last.content.find((p) => p.type === 'tool-result');
  return part && 'toolName' in part ? part.toolName : null;
}

/** The scripted model: "keep the p99 …" starts a controller, "stop controller c-N" stops it, "how is …" asks its status. */
const script = (prompt: LanguageModelV3CallOptions['prompt']): ScriptedStep => {
  const tool = lastToolResult(prompt);
  if (tool) return { text: `Done (${tool}).` };
  const text = lastUserText(prompt);
  if (/keep the p99/.test(text)) {
    return { toolCalls: [{ toolName: 'start_controller', input: { target: 'fake-service', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'workers', bounds: { min: 1, max: 16 }, policy: 'hpa', period_s: 0.25 } }] };
  }
  const stop = /stop controller (c-\d+)/.exec(text);
  if (stop) return { toolCalls: [{ toolName: 'stop_controller', input: { controller_id: stop[1] } }] };
  if (/how is the controller/.test(text)) return { toolCalls: [{ toolName: 'controller_status', input: {} }] };
  return { text: 'Hello.' };
};

const points = (page: Page) => page.locator('.tool-card[data-tool="start_controller"] .chart-control').first().evaluate((el) => Number((el as HTMLElement).dataset.points));

/**
 * Controller cards in Chromium against the real server and its agent tools (services.controllers; HPA policy, 0.25 s period) and a
 * fake service whose p99 falls as workers grow: the start_controller card's panel shows the decisions as they happen
 * and its chart grows; a status card follows the same controller; the panel survives re-renders and a dropped socket;
 * its Stop button asks the agent ("stop controller c-1") and every card of the controller then says stopped.
 */
describe('controller cards (scripted model, real ControllerManager, fake service)', () => {
  let server: TestServer;
  let browser: Browser;
  let service: FakeControlService;
  const skip = noChromium;

  before(async () => {
    if (skip) return;
    service = await startFakeControlService({ workers: 4, needed: 12 });
    const services = createTestServices(routedModel(script));
    await services.targets.register({ name: 'fake-service', kind: 'service', spec: { kind: 'service' } as never, metrics: [{ name: 'latency_p99_ms', direction: 'minimize' }], control: service.control });
    server = await startTestServer(services);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await service?.close();
  });

  test('decisions arrive live, the chart draws, re-renders and a dropped socket keep the panel, Stop stops the controller', { skip, timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);
    await page.fill('#input', 'keep the p99 of fake-service under 40 ms by scaling its workers');
    await page.press('#input', 'Enter');

    const card = page.locator('.tool-card[data-tool="start_controller"]');
    const panel = card.locator('.control-panel');
    await panel.waitFor({ timeout: STAGE_MS });
    assert.equal(await panel.getAttribute('data-controller-id'), 'c-1');
    // The first ticks are refused (too few samples), then the HPA scales up: both show as they happen.
    await page.waitForFunction(() => document.querySelector('.tool-card[data-tool="start_controller"] .cp-log li.outcome-refused') !== null, null, { timeout: STAGE_MS });
    await page.waitForFunction(() => document.querySelector('.tool-card[data-tool="start_controller"] .cp-log li.outcome-applied') !== null, null, { timeout: STAGE_MS });
    const first = await card.locator('.cp-log li.outcome-applied').first().innerText();
    assert.match(first, /^\d\d:\d\d:\d\d p99 [\d.]+ ms > 40 ms( for \d+ s)? → workers \d+ → \d+ \(hpa\)$/, first);
    assert.equal(await card.locator('.cp-title').innerText(), 'fake-service · workers · hpa');
    assert.match(await card.locator('.cp-state').innerText(), /^(running|holding)$/);
    assert.match(await card.locator('.cp-summary').innerText(), /^workers \d+ · p99 [\d.]+ ms [<>=] 40 ms/);

    // The chart is a uPlot canvas and grows with every tick.
    await card.locator('.chart-control canvas').first().waitFor({ timeout: STAGE_MS });
    await page.waitForFunction(() => Number((document.querySelector('.tool-card[data-tool="start_controller"] .chart-control') as HTMLElement)?.dataset.points) >= 3, null, { timeout: STAGE_MS });
    const before = await points(page);
    await page.waitForFunction((n) => Number((document.querySelector('.tool-card[data-tool="start_controller"] .chart-control') as HTMLElement).dataset.points) > n + 2, before, { timeout: STAGE_MS });
    console.log(`# chart points ${before} → ${await points(page)}; decisions shown: ${await card.locator('.cp-log li.cp-decision').count()}`);

    // Re-renders move the same element; a dropped socket re-watches and the chart keeps growing.
    await panel.evaluate((el) => ((el as HTMLElement & { mark?: number }).mark = 7));
    await page.evaluate(() => (window as any).tunechat.connection.drop());
    const beforeDrop = await points(page);
    await page.waitForFunction((n) => Number((document.querySelector('.tool-card[data-tool="start_controller"] .chart-control') as HTMLElement).dataset.points) > n + 2, beforeDrop, { timeout: STAGE_MS });
    await page.fill('#input', 'how is the controller doing?');
    await page.press('#input', 'Enter');
    const statusCard = page.locator('.tool-card[data-tool="controller_status"]');
    await statusCard.locator('.control-panel').waitFor({ timeout: STAGE_MS });
    await page.locator('.md', { hasText: 'Done (controller_status).' }).waitFor({ timeout: STAGE_MS });
    assert.equal(await panel.evaluate((el) => (el as HTMLElement & { mark?: number }).mark), 7, 'the same panel element after re-renders');
    assert.equal(await page.evaluate(() => document.querySelectorAll('.control-panel[data-controller-id="c-1"]').length), 2);

    // Stop: the button sends "stop controller c-1"; the agent stops it and both panels say stopped.
    await panel.locator('.cp-stop').click();
    await page.locator('.msg.user', { hasText: 'stop controller c-1' }).waitFor({ timeout: STAGE_MS });
    await page.locator('.tool-card[data-tool="stop_controller"]').waitFor({ timeout: STAGE_MS });
    await page.waitForFunction(() => [...document.querySelectorAll('.control-panel[data-controller-id="c-1"]')].every((p) => (p as HTMLElement).dataset.state === 'stopped'), null, { timeout: STAGE_MS });
    assert.equal(await panel.locator('.cp-stop').isHidden(), true);
    const final = server.services.controllers.status('c-1');
    assert.equal(final.state, 'stopped');
    assert.equal(final.value, service.workers(), 'the service keeps what the controller left');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
});
