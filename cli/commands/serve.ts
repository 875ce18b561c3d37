import { runServer } from '../../server/main.ts';

/** `tunechat serve`: the server and web UI (same as `npm start`). Configuration comes from the environment. */
export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('usage: tunechat serve\n\nEnvironment: HOST (127.0.0.1), PORT (8787), TUNECHAT_DB (./data/tunechat.db), TUNECHAT_MODEL (local) …; see README.');
    return 0;
  }
  if (argv.length > 0) {
    console.error(`tunechat serve: unexpected argument "${argv[0]}"; configure with HOST, PORT, TUNECHAT_DB (see --help)`);
    return 2;
  }
  try {
    return await runServer();
  } catch (error) {
    console.error(`tunechat serve: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
