/**
 * `tunechat study list [--json]`, `study show <id> [--json]`, `study export <id> --format csv|json [--out FILE]`,
 * `study continue <id> --trials N [--time S] [--json]` (more trials in the same study, in the foreground).
 */
import { writeFileSync } from 'node:fs';
import { parseCommandArgs } from '../parse-command-args.ts';
import { openDatabase } from '../../db/open.ts';
import { SqliteStudyStorage } from '../../db/study-storage.ts';
import { loadConfig } from '../../server/config.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { ToolError } from '../../tools/common/errors.ts';
import { trialsToCsv } from '../../tools/optimizer/export/trials-csv.ts';
import { StudyManager } from '../../tools/optimizer/study-manager.ts';
import type { StudyStatusSummary } from '../../tools/optimizer/summary.ts';

const USAGE = `usage: tunechat study list [--json] | show <id> [--json] | export <id> --format csv|json [--out FILE] | continue <id> --trials N [--time S] [--json]  (--db PATH)`;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('study', USAGE, { args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, format: { type: 'string' }, out: { type: 'string' }, trials: { type: 'string' }, time: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  const [action, id] = positionals;
  if (values.help || !action) return console.log(USAGE), action ? 0 : 2;
  const config = loadConfig();
  const db = openDatabase(values.db ?? config.dbPath);
  const studies = new StudyManager({ storage: new SqliteStudyStorage(db), clock: systemClock, allowedHosts: config.allowedHosts });
  try {
    if (action === 'list') {
      const rows = studies.list().map((s) => {
        const status = studies.status(s.id);
        return { study_id: s.id, name: s.name, status: s.status, sampler: s.spec.sampler, trials: status.trials.total, best: status.best?.values ?? null, created_at: new Date(s.createdAt).toISOString() };
      });
      if (values.json) console.log(JSON.stringify(rows, null, 2));
      else if (rows.length === 0) console.log('no studies');
      else for (const r of rows) console.log(`${r.study_id}  ${r.status.padEnd(8)} ${String(r.trials).padStart(5)} trials  best ${r.best ? r.best.join(', ') : '–'}  ${r.sampler}  ${r.name}`);
      return 0;
    }
    if (!id) return console.error(USAGE), 2;
    if (action === 'show') {
      const status = studies.status(id);
      console.log(values.json ? JSON.stringify(status, null, 2) : describeStatus(status));
      return 0;
    }
    if (action === 'continue') {
      const trials = Number(values.trials);
      if (values.trials === undefined || !Number.isInteger(trials)) throw new ToolError('invalid_argument', `--trials must be a whole number of trials to add, got ${values.trials ?? 'nothing'}`);
      const time = values.time === undefined ? undefined : Number(values.time);
      await studies.extend(id, { trials, ...(time !== undefined ? { timeLimitS: time } : {}) });
      const onSigint = () => void studies.stop(id);
      process.once('SIGINT', onSigint);
      const final = await studies.wait(id, {
        onProgress: (status) => {
          const t = status.last_trial;
          if (!values.json && t) console.log(`trial ${t.number} ${t.state} ${t.values ? t.values.join(', ') : (t.error ?? '').split('\n')[0]} | best ${status.best?.values?.join(', ') ?? '–'}`);
        },
      });
      process.removeListener('SIGINT', onSigint);
      console.log(values.json ? JSON.stringify(final, null, 2) : describeStatus(final));
      return final.status === 'failed' ? 1 : 0;
    }
    if (action === 'export') {
      const format = values.format ?? 'json';
      if (format !== 'csv' && format !== 'json') throw new ToolError('invalid_argument', `--format must be csv or json, got ${format}`);
      const record = studies.get(id);
      if (!record) throw new ToolError('not_found', `no study with id ${id}`);
      const trials = studies.trials(id);
      const text = format === 'csv' ? trialsToCsv(record, trials) : JSON.stringify({ study: record, status: studies.status(id), trials }, null, 2) + '\n';
      if (values.out) writeFileSync(values.out, text);
      else process.stdout.write(text);
      return 0;
    }
    console.error(`unknown action "${action}"\n${USAGE}`);
    return 2;
  } catch (error) {
    if (!ToolError.isInstance(error)) throw error;
    console.error(`tunechat study: ${error.message}`);
    return error.code === 'not_found' ? 1 : 2;
  } finally {
    await studies.close();
    db.close();
  }
}

function describeStatus(status: StudyStatusSummary): string {
  const t = status.trials;
  return [
    `${status.study_id} "${status.name}" ${status.status} · sampler ${status.sampler} · ${status.elapsed_s}s`,
    `objectives: ${status.objectives.map((o) => `${o.direction} ${o.metric}`).join(', ')}`,
    `trials: ${t.total} (complete ${t.complete}, pruned ${t.pruned}, failed ${t.failed}, running ${t.running}, waiting ${t.waiting}) of ${t.budget}`,
    status.best ? `best #${status.best.number}: ${status.best.values?.join(', ')} ${JSON.stringify(status.best.params)}` : 'best: none feasible yet',
    ...status.pareto.map((p) => `  pareto #${p.number}: ${p.values?.join(', ')} ${JSON.stringify(p.params)}`),
  ].join('\n');
}
