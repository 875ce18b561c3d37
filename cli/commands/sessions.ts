import { ChatStore } from '../../db/chat-store.ts';
import { openDatabase } from '../../db/open.ts';
import { loadConfig } from '../../server/config.ts';
import { parseCommandArgs } from '../parse-command-args.ts';

const USAGE = 'usage: tunechat sessions [--json] [--limit N]';

/** `tunechat sessions`: lists chat sessions, most recently active first. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('sessions', USAGE, { args: argv, options: { json: { type: 'boolean' }, limit: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (!parsed) return 2;
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    console.error(`tunechat sessions: --limit must be a positive integer, got "${values.limit}"`);
    return 2;
  }
  const db = openDatabase(loadConfig(process.env).dbPath);
  try {
    const sessions = new ChatStore(db).listSessions(limit === undefined ? {} : { limit });
    if (values.json) {
      console.log(JSON.stringify(sessions));
      return 0;
    }
    if (sessions.length === 0) {
      console.log('no sessions yet: start one with tunechat ask "…" or in the web UI');
      return 0;
    }
    for (const s of sessions) {
      const when = new Date(s.updatedAt).toISOString().replace('T', ' ').slice(0, 19);
      console.log(`${s.id}  ${when}  ${s.source.padEnd(6)}  ${s.title}`);
    }
    return 0;
  } finally {
    db.close();
  }
}
