import { runServer } from '../../server/main.ts';

/** `tunechat serve`: the server and web UI (same as `npm start`). Configuration comes from the environment. */
export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('usage: tunechat serve [--redis redis://host:6379]\n\nEnvironment: HOST (127.0.0.1), PORT (8787), TUNECHAT_DB (./data/tunechat.db), TUNECHAT_MODEL (local) …; see README.\n--redis (or TUNECHAT_REDIS_URL) runs studies\' trials on `tunechat worker` processes (docs/distributed.md).');
    return 0;
  }
  // --redis URL (or --redis=URL) is TUNECHAT_REDIS_URL; anything else is configured through the environment.
  const env = { ...process.env };
  const args = [...argv];
  while (args.length > 0) {
    const arg = args.shift()!;
    if (arg === '--redis' && args.length > 0) env.TUNECHAT_REDIS_URL = args.shift()!;
    else if (arg.startsWith('--redis=')) env.TUNECHAT_REDIS_URL = arg.slice('--redis='.length);
    else {
      console.error(`tunechat serve: unexpected argument "${arg}"; configure with HOST, PORT, TUNECHAT_DB, --redis (see --help)`);
      return 2;
    }
  }
  try {
    return await runServer(env);
  } catch (error) {
    console.error(`tunechat serve: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
