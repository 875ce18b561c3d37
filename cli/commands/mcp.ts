import { Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { newMcpServer, serveHandlers } from '../../server/mcp/mcp-server-shell.ts';
import type { StdioBackend } from '../../server/mcp/stdio-backend.ts';
import { parseCommandArgs } from '../parse-command-args.ts';

const USAGE = [
  'usage: tunechat mcp [--dir DIR]',
  '',
  '  --dir DIR   work in DIR (its ./data/tunechat.db and tunechat.json), for clients that start servers elsewhere',
  '',
  "Serves tunechat's tools and resources over the Model Context Protocol on stdio, for an MCP client",
  '(Claude Desktop, Claude Code, Cursor, VS Code): see README "Use tunechat from another agent (MCP)".',
  'Runs as the local operator with the same database and configuration as the server (TUNECHAT_DB, …).',
  'stdout carries the protocol; logs go to stderr.',
].join('\n');

/**
 * `tunechat mcp`: an MCP server on stdin/stdout (server/mcp) until the client closes stdin or a signal arrives. It
 * acts as the local operator for the policies, but only registered targets' commands run (the client's model is not
 * the operator typing). Studies it starts run in this process; when it exits they are suspended, and the server
 * resumes them on its next start, as after `tunechat ask`.
 */
export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const parsed = parseCommandArgs('mcp', USAGE, { args: argv, options: { dir: { type: 'string' } } });
  if (!parsed) return 2;
  if (parsed.values.dir !== undefined) {
    try {
      process.chdir(parsed.values.dir);
    } catch (error) {
      console.error(`tunechat mcp: --dir ${parsed.values.dir}: ${(error as Error).message}`);
      return 2;
    }
  }
  const protocol = protocolStdout();
  // The transport answers `initialize` and `ping` at once; the services (seconds of module loading) load behind it and
  // the tools and resources requests wait for them (server/mcp/mcp-server-shell.ts).
  const server = newMcpServer();
  let stop: (why: string) => void = () => {};
  const closed = new Promise<string>((resolve) => (stop = resolve));
  const loading: Promise<StdioBackend> = import('../../server/mcp/stdio-backend.ts').then((m) => m.loadStdioBackend(server));
  let failed = false;
  loading.then(
    (backend) => console.error(`tunechat mcp: serving on stdio as the operator (db: ${backend.dbPath})`),
    (error: unknown) => {
      failed = true;
      console.error(`tunechat mcp: could not start: ${error instanceof Error ? error.message : String(error)}`);
      stop('the start failed');
    },
  );
  serveHandlers(server, async () => (await loading).handlers);
  const onEnd = () => stop('the client closed stdin');
  const onSignal = (signal: string) => stop(signal);
  server.onclose = () => stop('the transport closed');
  process.stdin.once('end', onEnd);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await server.connect(new StdioServerTransport(process.stdin, protocol));
  const why = await closed;
  // A second signal during the shutdown ends the process at once (the default action).
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.stdin.off('end', onEnd);
  console.error(`tunechat mcp: ${why}, shutting down`);
  await server.close();
  if (!failed) await (await loading).close();
  process.stdin.pause();
  console.error('tunechat mcp: stopped');
  return failed ? 1 : 0;
}

/**
 * stdout is the protocol: a stream the transport writes to, while `process.stdout` (console.log, any library's
 * banner) is sent to stderr so nothing else can corrupt the JSON-RPC stream.
 */
function protocolStdout(): Writable {
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, callback: (error?: Error | null) => void) => boolean;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  return new Writable({ write: (chunk, _encoding, callback) => void write(chunk, callback) });
}
