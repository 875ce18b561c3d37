import type { UIMessageChunk } from 'ai';
import { openDatabase } from '../../db/open.ts';
import { createModel } from '../../server/agent/model.ts';
import { runChatTurn } from '../../server/chat/run-turn.ts';
import { terminalMarkdownEnabled } from '../../server/chat/terminal-markdown.ts';
import { TerminalPrinter } from '../../server/chat/terminal-printer.ts';
import { loadConfig } from '../../server/config.ts';
import { closeServices, createServices } from '../../server/services.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { ToolError } from '../../tools/common/errors.ts';
import { parseCommandArgs } from '../parse-command-args.ts';

const USAGE = 'usage: tunechat ask "<request>" [--session ID] [--json] [--dry-run]';

/**
 * `tunechat ask`: one chat turn in-process, with the same database and model configuration as the server.
 * Prints the streamed answer (tool calls as short lines), or with `--json` one JSON object per line:
 * `{"type":"session","sessionId":…}` then every UI message chunk. Ctrl-C stops the turn and keeps the partial answer.
 * Exit codes: 0 ok, 1 the turn failed (error chunk, unknown session), 2 usage error.
 */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('ask', USAGE, {
    args: argv,
    allowPositionals: true,
    options: { session: { type: 'string' }, json: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (!parsed) return 2;
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const text = parsed.positionals.join(' ').trim();
  if (!text) {
    console.error(`tunechat ask: the request text is missing\n${USAGE}`);
    return 2;
  }
  const json = parsed.values.json ?? false;
  const config = loadConfig(process.env);
  const db = openDatabase(config.dbPath);
  const services = createServices({ db, clock: systemClock, config, model: createModel(config.model) });
  const printer = new TerminalPrinter({ write: (t) => process.stdout.write(t), isTTY: process.stdout.isTTY, markdown: terminalMarkdownEnabled(process.stdout, process.env) });
  const controller = new AbortController();
  const onSigint = () => controller.abort(new DOMException('interrupted (Ctrl-C)', 'AbortError'));
  process.once('SIGINT', onSigint);
  // A closed pipe (`tunechat ask … | head`) stops the turn instead of crashing.
  const onPipeError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') controller.abort(new DOMException('output closed', 'AbortError'));
  };
  process.stdout.on('error', onPipeError);
  const writeLine = (value: unknown) => {
    if (!process.stdout.destroyed) process.stdout.write(`${JSON.stringify(value)}\n`);
  };
  let failed = false;
  try {
    await runChatTurn({
      services,
      ...(parsed.values.session ? { sessionId: parsed.values.session } : {}),
      source: 'cli',
      text,
      dryRun: parsed.values['dry-run'] ?? false,
      signal: controller.signal,
      onStart: ({ sessionId, turnId }) => {
        if (json) writeLine({ type: 'session', sessionId, turnId });
        else if (!parsed.values.session) process.stderr.write(`session ${sessionId}\n`);
      },
      onChunk: (chunk: UIMessageChunk) => {
        if (chunk.type === 'error') failed = true;
        if (json) writeLine(chunk);
        else printer.print(chunk as unknown as { type: string });
      },
    });
    if (!json) printer.end();
  } catch (error) {
    failed = true;
    const message = ToolError.isInstance(error) ? error.message : error instanceof Error ? error.message : String(error);
    if (json) writeLine({ type: 'error', errorText: message });
    console.error(`tunechat ask: ${message}`);
  } finally {
    process.off('SIGINT', onSigint);
    process.stdout.off('error', onPipeError);
    await closeServices(services);
    db.close();
  }
  return failed ? 1 : 0;
}
