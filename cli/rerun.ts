import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandArgs } from './parse-command-args.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { importSession, SessionFileError } from '../db/session-import.ts';
import { createModel } from '../server/agent/model.ts';
import { loadConfig } from '../server/config.ts';
import { closeServices, createServices } from '../server/services.ts';
import { COMPARE_DEFAULTS, formatReport } from '../server/sessions/rerun-report.ts';
import { rerunSession, type RerunResult } from '../server/sessions/rerun-session.ts';
import { systemClock } from '../tools/common/clock.ts';

const USAGE = `usage: tunechat replay <session-id | session.json | folder-of-session-files> --rerun [--json] [--tolerance R] [--ignore-results] [--allow-commands]
  Sends the session's user messages again to the current model and tools (studies reuse their seeds) and reports,
  per turn, whether the same tools were called with the same arguments and how the results differ.
  Commands typed in the session's messages do not run (a session file may come from anyone) unless you pass
  --allow-commands after reading them; registered targets run as usual.
  Exit code 0 = same behaviour, 1 = a difference, 2 = usage error.`;

/** `tunechat replay … --rerun`: the regression check (dispatched from cli/commands/replay.ts). */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('replay --rerun', USAGE, {
    args: argv,
    allowPositionals: true,
    options: { rerun: { type: 'boolean' }, json: { type: 'boolean' }, tolerance: { type: 'string' }, 'ignore-results': { type: 'boolean' }, 'allow-commands': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (!parsed) return 2;
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [subject, ...extra] = parsed.positionals;
  const tolerance = Number(parsed.values.tolerance ?? COMPARE_DEFAULTS.relativeTolerance);
  if (!subject || extra.length > 0 || !(tolerance >= 0)) {
    console.error(`tunechat replay --rerun: expected one session id, file or folder and --tolerance ≥ 0\n${USAGE}`);
    return 2;
  }
  const compare = { relativeTolerance: tolerance, ignoreResults: parsed.values['ignore-results'] ?? false };
  const config = loadConfig(process.env);
  const files = sessionFiles(subject);
  const results: { name: string; result: RerunResult | null; error?: string }[] = [];
  for (const { name, open } of files ?? [{ name: subject, open: () => copyOfDatabase(config.dbPath, subject) }]) {
    let scratch: { db: Db; sessionId: string; cleanup(): void } | null = null;
    try {
      scratch = open();
      const services = createServices({ db: scratch.db, clock: systemClock, config, model: createModel(config.model) });
      try {
        results.push({ name, result: await rerunSession({ services, sessionId: scratch.sessionId, compare, allowCommands: parsed.values['allow-commands'] === true }) });
      } finally {
        await closeServices(services);
      }
    } catch (error) {
      results.push({ name, result: null, error: error instanceof Error ? error.message : String(error) });
    } finally {
      scratch?.cleanup();
    }
  }
  if (parsed.values.json) {
    console.log(JSON.stringify(results.map(({ name, result, error }) => ({ name, ...(result ?? { ok: false, error }) })), null, 2));
  } else {
    for (const { name, result, error } of results) {
      console.log(`# ${name}`);
      console.log(result ? formatReport(result, compare) : `error: ${error}`);
    }
  }
  return results.every((r) => r.result?.ok) ? 0 : 1;
}

/** A .json session file or a folder of them, each imported into its own in-memory database; null for a session id. */
function sessionFiles(subject: string): { name: string; open: () => { db: Db; sessionId: string; cleanup(): void } }[] | null {
  let stat;
  try {
    stat = statSync(subject);
  } catch {
    return null;
  }
  const paths = stat.isDirectory()
    ? readdirSync(subject).filter((f) => f.endsWith('.json')).sort().map((f) => join(subject, f))
    : [subject];
  return paths.map((path) => ({
    name: path,
    open: () => {
      const db = openDatabase(':memory:');
      try {
        const { sessionId } = importSession(db, readFileSync(path, 'utf8'));
        return { db, sessionId, cleanup: () => db.close() };
      } catch (error) {
        db.close();
        throw error instanceof SessionFileError ? new Error(`${path}: ${error.message}`) : error;
      }
    },
  }));
}

/** A scratch copy of the project database (VACUUM INTO), so the rerun's sessions and studies never touch the real one. */
function copyOfDatabase(dbPath: string, sessionId: string): { db: Db; sessionId: string; cleanup(): void } {
  const source = openDatabase(dbPath);
  const copy = join(tmpdir(), `tunechat-rerun-${randomBytes(6).toString('hex')}.db`);
  try {
    if (!source.prepare('SELECT 1 FROM sessions WHERE id = ?').get(sessionId)) throw new Error(`session "${sessionId}" does not exist (tunechat sessions lists them)`);
    source.prepare('VACUUM INTO ?').run(copy);
  } finally {
    source.close();
  }
  const db = openDatabase(copy);
  return {
    db,
    sessionId,
    cleanup: () => {
      db.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
    },
  };
}
