import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DemoTurn } from './distill-transcript.ts';

export interface ChatPage {
  page: Page;
  /** Uncaught errors of the page's scripts. */
  pageErrors: string[];
  /** Files written by `shoot`, in order. */
  screenshots: string[];
  /** Writes `<prefix>-<name>.png` into the output folder. */
  shoot(name: string): Promise<void>;
}

/** The web chat of the server at `url` in a new page, ready for typing, with screenshots named `<prefix>-<name>.png` in `out`. */
export async function openChatPage(browser: Browser, url: string, options: { out: string; prefix: string; viewport: { width: number; height: number }; log: (line: string) => void }): Promise<ChatPage> {
  const page = await browser.newPage({ viewport: options.viewport });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url);
  await page.locator('#input').waitFor();
  mkdirSync(options.out, { recursive: true });
  const screenshots: string[] = [];
  const shoot = async (name: string) => {
    const file = `${options.prefix}-${name}.png`;
    await page.screenshot({ path: join(options.out, file) });
    screenshots.push(file);
    options.log(`screenshot ${file}`);
  };
  return { page, pageErrors, screenshots, shoot };
}

interface StoredMessage {
  role: string;
  parts: { type: string; text?: string; output?: unknown }[];
}

/**
 * Types `text` into the composer as a user would, waits (up to `maxWaitMs`) until the assistant's answer has ended,
 * and reads the turn back from the stored session: texts, tools called and their outputs.
 */
export async function chatTurn(page: Page, url: string, text: string, options: { maxWaitMs: number; pollMs?: number; log: (line: string) => void }): Promise<DemoTurn> {
  const before = await page.locator('.msg.assistant').count();
  const startedAt = Date.now();
  options.log(`user: ${text}`);
  await page.locator('#input').pressSequentially(text, { delay: 20 });
  await page.press('#input', 'Enter');
  await page.waitForFunction(
    (n) => (window as unknown as { tunechat: { state: { requestId: string | null } } }).tunechat.state.requestId === null && document.querySelectorAll('.msg.assistant').length > n,
    before,
    { timeout: options.maxWaitMs, polling: options.pollMs ?? 1_000 },
  );
  const endedAt = Date.now();
  const sessionId = new URL(page.url()).pathname.split('/').pop()!;
  const { messages } = (await (await fetch(`${url}/api/sessions/${sessionId}/messages`)).json()) as { messages: StoredMessage[] };
  const parts = messages.at(-1)!.parts;
  const tools = parts.filter((p) => p.type.startsWith('tool-'));
  const result: DemoTurn = {
    user: text,
    assistant: parts.filter((p) => p.type === 'text' && p.text).map((p) => p.text!.trim()),
    tools: tools.map((p) => p.type.slice(5)),
    outputs: tools.map((p) => p.output),
    startedAt,
    endedAt,
  };
  options.log(`assistant (${Math.round((endedAt - startedAt) / 1000)} s, tools ${result.tools.join(', ') || 'none'}):\n${result.assistant.join('\n\n')}`);
  return result;
}

/** The study id a turn's tools returned, if any. */
export function studyIdIn(turn: DemoTurn): string | null {
  for (const output of turn.outputs) {
    const id = (output as { study_id?: unknown } | null)?.study_id;
    if (typeof id === 'string') return id;
  }
  return null;
}
