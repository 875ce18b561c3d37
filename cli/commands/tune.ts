/**
 * `tunechat tune --spec study.json [--json] [--trials N] [--parallel N] [--db PATH]`: runs a study from a spec file
 * in this process, with a progress bar and best-so-far on a terminal; `--json` prints the final summary.
 * Ctrl-C stops the study cleanly (running trials are recorded as stopped) and still prints the summary.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseCommandArgs } from '../parse-command-args.ts';
import { openDatabase } from '../../db/open.ts';
import { SqliteStudyStorage } from '../../db/study-storage.ts';
import { loadConfig } from '../../server/config.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { ToolError } from '../../tools/common/errors.ts';
import { StudyManager } from '../../tools/optimizer/study-manager.ts';
import { summarizeTrial, type StudyStatusSummary } from '../../tools/optimizer/summary.ts';
import { builtinTarget } from '../../tools/optimizer/target-resolver.ts';
import type { StudySpec } from '../../tools/optimizer/types.ts';

const USAGE = `usage: tunechat tune --spec study.json [--json] [--trials N] [--parallel N] [--db PATH]
  The spec: {"name", "space", "objectives", "constraints"?, "target", "sampler"?, "budget"?: {"trials","parallel","time_s"}, "seed"?, ...}
  (see docs/optimizer.md). A command target's relative cwd is resolved against the spec file's folder.`;

/** Reads a spec file: relative command cwd → the spec's folder; a string target → a builtin problem. */
export function loadSpecFile(path: string): StudySpec {
  let spec: StudySpec & { target: unknown };
  try {
    spec = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ToolError('invalid_argument', `cannot read spec ${path}: ${(error as Error).message}`, { details: { path } });
  }
  if (typeof spec.target === 'string') {
    const builtin = builtinTarget(spec.target);
    if (!builtin) throw new ToolError('invalid_argument', `target "${spec.target}" is not a builtin problem; give a target object ({"kind":"command",...})`, { details: { target: spec.target } });
    spec.target = builtin.spec;
    spec.space ??= builtin.space!;
  }
  const target = spec.target as { kind?: string; cwd?: string };
  if (target?.kind === 'command') target.cwd = resolve(dirname(path), target.cwd ?? '.');
  return spec as StudySpec;
}

function formatValues(values: number[] | null | undefined): string {
  return values ? values.map((v) => Number(v.toPrecision(6))).join(', ') : '–';
}

function bar(status: StudyStatusSummary, width = 28): string {
  const { trials } = status;
  const done = trials.complete + trials.pruned + trials.failed;
  const total = Math.max(trials.budget, done, 1);
  const filled = Math.round((done / total) * width);
  const best = status.best ? `best ${formatValues(status.best.values)} (#${status.best.number})` : 'best –';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${best} · running ${trials.running} · pruned ${trials.pruned} · failed ${trials.failed} · ${status.elapsed_s.toFixed(1)}s`;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('tune', USAGE, { args: argv, options: { spec: { type: 'string' }, json: { type: 'boolean' }, trials: { type: 'string' }, parallel: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (!parsed) return 2;
  const { values } = parsed;
  if (values.help) return console.log(USAGE), 0;
  if (!values.spec) return console.error(USAGE), 2;
  const config = loadConfig();
  const db = openDatabase(values.db ?? config.dbPath);
  const studies = new StudyManager({ storage: new SqliteStudyStorage(db), clock: systemClock, allowedHosts: config.allowedHosts });
  try {
    const spec = loadSpecFile(values.spec);
    if (values.trials) spec.budget = { ...spec.budget, trials: Number(values.trials) };
    if (values.parallel) spec.budget = { ...spec.budget, parallel: Number(values.parallel) };
    const record = await studies.start(spec);
    const tty = process.stderr.isTTY && !values.json;
    const onSigint = () => void studies.stop(record.id);
    process.once('SIGINT', onSigint);
    const final = await studies.wait(record.id, {
      onProgress: (status) => {
        if (tty) process.stderr.write(`\r\x1b[2K${bar(status)}`);
        else if (!values.json && status.last_trial) {
          const t = status.last_trial;
          console.log(`trial ${t.number} ${t.state} ${t.values ? formatValues(t.values) : (t.error ?? '').split('\n')[0]} | best ${formatValues(status.best?.values)}`);
        }
      },
    });
    process.removeListener('SIGINT', onSigint);
    if (tty) process.stderr.write('\n');
    const trials = studies.trials(record.id).map(summarizeTrial);
    const pick = (t: { params: unknown; values: unknown; number: number } | null) => (t ? { number: t.number, params: t.params, values: t.values } : null);
    if (values.json) {
      const summary = {
        study_id: record.id, name: record.name, status: final.status, objectives: final.objectives,
        best: pick(final.best), pareto: final.pareto.map(pick), counts: final.trials, elapsed_s: final.elapsed_s,
        trials: trials.map((t) => ({ number: t.number, state: t.state, params: t.params, values: t.values, metrics: t.metrics, ...(t.error ? { error: t.error } : {}) })),
      };
      console.log(JSON.stringify(summary, null, 2));
    } else {
      console.log(`study ${record.id} ${final.status}: ${final.trials.complete} complete, ${final.trials.pruned} pruned, ${final.trials.failed} failed in ${final.elapsed_s}s`);
      if (final.best) console.log(`best trial #${final.best.number}: ${formatValues(final.best.values)} with ${JSON.stringify(final.best.params)}`);
      else console.log('no feasible trial completed');
      for (const t of final.pareto) console.log(`  pareto #${t.number}: ${formatValues(t.values)} ${JSON.stringify(t.params)}`);
    }
    return final.status === 'complete' || final.status === 'stopped' ? 0 : 1;
  } catch (error) {
    if (!ToolError.isInstance(error)) throw error;
    if (values.json) console.log(JSON.stringify({ ok: false, error: error.toJSON() }));
    else console.error(`tunechat tune: ${error.message}`);
    return 2;
  } finally {
    await studies.close();
    db.close();
  }
}
