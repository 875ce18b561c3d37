import { writeFileSync } from 'node:fs';
import { parseCommandArgs } from '../parse-command-args.ts';
import { openDatabase } from '../../db/open.ts';
import { exportSession, serializeSessionFile } from '../../db/session-export.ts';
import { loadConfig } from '../../server/config.ts';

const USAGE = 'usage: tunechat export <session-id> [--out file.json]   (without --out the JSON goes to stdout)';

/** `tunechat export <session-id> --out file.json`: writes one session (messages, chunks, studies, trials, bench runs, rules) as JSON. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('export', USAGE, { args: argv, allowPositionals: true, options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } });
  if (!parsed) return 2;
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [sessionId, ...extra] = parsed.positionals;
  if (!sessionId || extra.length > 0) {
    console.error(`tunechat export: expected exactly one session id, got ${parsed.positionals.length}\n${USAGE}`);
    return 2;
  }
  const db = openDatabase(loadConfig(process.env).dbPath);
  try {
    const file = exportSession(db, sessionId);
    if (!file) {
      console.error(`tunechat export: session "${sessionId}" does not exist (list them with: tunechat sessions)`);
      return 1;
    }
    const text = serializeSessionFile(file);
    if (parsed.values.out === undefined || parsed.values.out === '-') {
      process.stdout.write(text);
    } else {
      writeFileSync(parsed.values.out, text);
      const counts = Object.entries(file.tables).map(([t, v]) => `${v.rows.length} ${t}`).join(', ');
      console.error(`exported session ${sessionId} to ${parsed.values.out} (${counts})`);
    }
    return 0;
  } finally {
    db.close();
  }
}
