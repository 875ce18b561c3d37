import { existsSync } from 'node:fs';
import { parseCommandArgs } from '../parse-command-args.ts';
import { ChatStore } from '../../db/chat-store.ts';
import { openDatabase } from '../../db/open.ts';
import { terminalMarkdownEnabled } from '../../server/chat/terminal-markdown.ts';
import { TerminalPrinter } from '../../server/chat/terminal-printer.ts';
import { loadConfig } from '../../server/config.ts';
import { systemClock } from '../../tools/common/clock.ts';

const USAGE = 'usage: tunechat replay <session-id> [--speed N | --instant] [--rerun]';
/** Pauses longer than this (e.g. a long study) are cut short so a replay never stalls. */
const MAX_PAUSE_MS = 2000;

/**
 * `tunechat replay`: prints a saved session from its stored stream chunks with the original timing
 * (`--speed 4` = four times faster, `--instant` = no waiting). `--rerun` (run the session's requests again)
 * is handled by `cli/commands/replay-rerun.ts` when present.
 */
export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--rerun')) {
    const rerunPath = new URL('./replay-rerun.ts', import.meta.url);
    if (!existsSync(rerunPath)) {
      console.error('tunechat replay: --rerun is not available in this build');
      return 2;
    }
    const rerun = (await import(rerunPath.href)) as { run(argv: string[]): Promise<number> };
    return rerun.run(argv);
  }
  const parsed = parseCommandArgs('replay', USAGE, {
    args: argv,
    allowPositionals: true,
    options: { speed: { type: 'string' }, instant: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (!parsed) return 2;
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [sessionId, ...extra] = parsed.positionals;
  if (!sessionId || extra.length > 0) {
    console.error(`tunechat replay: expected exactly one session id\n${USAGE}`);
    return 2;
  }
  const speed = parsed.values.instant ? Infinity : Number(parsed.values.speed ?? '1');
  if (!(speed > 0)) {
    console.error(`tunechat replay: --speed must be a positive number, got "${parsed.values.speed}"`);
    return 2;
  }
  const db = openDatabase(loadConfig(process.env).dbPath);
  try {
    const store = new ChatStore(db);
    const session = store.getSession(sessionId);
    if (!session) {
      console.error(`tunechat replay: session "${sessionId}" does not exist (tunechat sessions lists them)`);
      return 1;
    }
    const userTexts = store
      .listMessages<{ role: string; parts?: { type: string; text?: string }[] }>(sessionId)
      .filter((m) => m.role === 'user')
      .map((m) => (m.message.parts ?? []).filter((p) => p.type === 'text').map((p) => p.text ?? '').join(''));
    const out = { write: (t: string) => process.stdout.write(t), isTTY: process.stdout.isTTY, markdown: terminalMarkdownEnabled(process.stdout, process.env) };
    console.log(`# ${session.title}  (${session.source}, ${new Date(session.createdAt).toISOString()})`);
    let turnId: string | null = null;
    let turnIndex = -1;
    let lastT = 0;
    let printer = new TerminalPrinter(out);
    for (const stored of store.listChunks<{ type: string }>(sessionId)) {
      if (stored.turnId !== turnId) {
        printer.end();
        turnId = stored.turnId;
        turnIndex += 1;
        lastT = 0;
        printer = new TerminalPrinter(out);
        console.log(`\n› ${userTexts[turnIndex] ?? '(message not stored)'}\n`);
      }
      const wait = Math.min((stored.tMs - lastT) / speed, MAX_PAUSE_MS);
      if (wait >= 1) await systemClock.sleep(wait);
      lastT = stored.tMs;
      printer.print(stored.chunk);
    }
    printer.end();
    return 0;
  } finally {
    db.close();
  }
}
