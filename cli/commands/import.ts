import { readFileSync } from 'node:fs';
import { parseCommandArgs } from '../parse-command-args.ts';
import { openDatabase } from '../../db/open.ts';
import { importSession, SessionFileError } from '../../db/session-import.ts';
import { loadConfig } from '../../server/config.ts';

const USAGE = 'usage: tunechat import <file.json>   ("-" reads stdin)';

/** `tunechat import file.json`: adds an exported session to this database, all or nothing. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('import', USAGE, { args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (!parsed) return 2;
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [path, ...extra] = parsed.positionals;
  if (!path || extra.length > 0) {
    console.error(`tunechat import: expected exactly one file, got ${parsed.positionals.length}\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    console.error(`tunechat import: cannot read ${path}: ${(error as Error).message}`);
    return 1;
  }
  const db = openDatabase(loadConfig(process.env).dbPath);
  try {
    const result = importSession(db, text);
    const counts = Object.entries(result.rows).map(([t, n]) => `${n} ${t}`).join(', ');
    console.log(`imported session ${result.sessionId} (${counts})`);
    return 0;
  } catch (error) {
    if (error instanceof SessionFileError) {
      console.error(`tunechat import: ${path}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    db.close();
  }
}
