/**
 * Tried as a new user would: the distillation request, typed into the web UI, until the assistant recommends a student.
 *
 *   node --import tsx scripts/demo/web-distill.ts [--out docs/demo] [--max-wait-min 90] [--tiny] [--keep]
 *
 * Starts the real server the way `npm start` does (offline model, the repository's tunechat.json, a fresh database in
 * a temp dir, a free 127.0.0.1 port), opens the page in headless Chromium (/usr/bin/chromium, CHROMIUM_PATH
 * overrides), types the request into the composer and waits for the answer. The agent waits for the study at most
 * wait_for_study's default (300 s); a real 20-trial distillation study takes longer, so then the script does what a
 * user does: watches the study card until it says the study ended, and asks "is it done?" and "what's the best one?".
 * Writes web-distill-*.png (1280×900) and web-distill.md (every message, the trials with their metrics, wall times).
 * `--tiny` rehearses the script in minutes (DISTILL_TINY=1: 300 training images; 4 trials); `--keep` keeps the temp
 * dir (the database). Not a test: it takes 15-60 minutes on a busy 2-core machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../../db/open.ts';
import { SqliteStudyStorage } from '../../db/study-storage.ts';
import { launchChromium } from '../../test/support/chromium.ts';
import { chatTurn, openChatPage, studyIdIn } from './chat-page.ts';
import { demoMarkdown, type DemoRecord, type DemoTurn } from './distill-transcript.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REQUEST = 'distill the digits model into something under 50 KB that keeps 97% accuracy';
const FOLLOW_UPS = ['is it done?', "what's the best one?"];
const FINAL = ['complete', 'stopped', 'failed'];

const { values: args } = parseArgs({
  options: { out: { type: 'string', default: join(ROOT, 'docs/demo') }, 'max-wait-min': { type: 'string', default: '90' }, tiny: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } },
});
const maxWaitMs = Number(args['max-wait-min']) * 60_000;
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

const dir = mkdtempSync(join(tmpdir(), 'tunechat-demo-'));
const dbPath = join(dir, 'tunechat.db');
let server: ServerProcess | null = null;
let browser: Browser | null = null;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
};
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  const env: Record<string, string> = { TUNECHAT_DB: dbPath, TUNECHAT_MODEL: 'local' };
  if (args.tiny) Object.assign(env, { DISTILL_TINY: '1', TUNECHAT_DEFAULT_TRIALS: '4' });
  server = await startServerProcess({ root: ROOT, env });
  log(`server ${server.url} (db ${dbPath})`);
  browser = await launchChromium();
  const { page, pageErrors, screenshots, shoot } = await openChatPage(browser, server.url, { out: args.out!, prefix: 'web-distill', viewport: { width: 1280, height: 900 }, log });

  const record: DemoRecord = { startedAt: Date.now(), endedAt: 0, notes: [], turns: [], study: null, trials: [], screenshots, server: `offline model, ${server.url}` };
  const first = await turn(page, server.url, REQUEST);
  record.turns.push(first);
  const studyId = studyIdIn(first);
  if (!studyId) throw new Error(`the first turn started no study; it answered:\n${first.assistant.join('\n')}`);
  log(`study ${studyId}`);

  const card = page.locator('.study-panel .sp-status').last();
  if (!studyEnded(first)) {
    await shoot('1-running');
    const waitStart = Date.now();
    log('the answer ended before the study: watching the study card, as a user would');
    await page.waitForFunction((final) => {
      const status = [...document.querySelectorAll('.study-panel .sp-status')].at(-1);
      return final.some((s: string) => status?.classList.contains(`status-${s}`));
    }, FINAL, { timeout: maxWaitMs, polling: 5_000 });
    record.notes[0] = `the study card showed **${(await card.innerText()).trim()}** ${Math.round((Date.now() - waitStart) / 1000)} s after the answer ended; the user asked again.`;
    for (const text of FOLLOW_UPS) record.turns.push(await turn(page, server.url, text));
  }
  await page.locator('.msg.assistant').last().evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await page.waitForTimeout(500);
  await shoot('2-answer');
  await page.locator('.sp-expand').last().click();
  await page.locator('dialog[open]').first().waitFor({ timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(1_500);
  await shoot('3-study');
  record.endedAt = record.turns.at(-1)!.endedAt;
  if (pageErrors.length) log(`page errors: ${pageErrors.join('; ')}`);

  await browser.close();
  browser = null;
  await server.stop();
  const db = openDatabase(dbPath);
  const storage = new SqliteStudyStorage(db);
  record.study = storage.getStudy(studyId);
  record.trials = storage.getTrials(studyId);
  db.close();

  writeFileSync(join(args.out!, 'web-distill.md'), demoMarkdown(record));
  log(`wrote ${join(args.out!, 'web-distill.md')}`);
  console.log(`\nFinal answer:\n\n${record.turns.at(-1)!.assistant.at(-1) ?? ''}`);
} finally {
  await cleanup();
}

/** Types `text` into the composer, presses Enter, waits until the answer has ended, and reads the stored turn back. */
function turn(page: Page, url: string, text: string): Promise<DemoTurn> {
  return chatTurn(page, url, text, { maxWaitMs, pollMs: 1_000, log });
}

/** Whether the turn's last study result says the study ended (wait_for_study returns its final summary then). */
function studyEnded(turnResult: DemoTurn): boolean {
  const status = (turnResult.outputs.at(-1) as { status?: unknown } | null)?.status;
  return typeof status === 'string' && FINAL.includes(status);
}
