/**
 * `npm run bench:optimizer`: samplers on the builtin problems (median log10 regret at budgets 50/100/200 over seeds,
 * budget-first-N of one 200-trial study per seed, as ANCHORS.md §1), beside Optuna 3.1's medians, and ask+tell
 * overhead per trial at 100 and 1000 completed trials with in-memory and SQLite storage. Raw results go to
 * bench/results/optimizer-<time>.json.
 *   node --import tsx bench/optimizer.ts [--samplers random,qmc,tpe,tpe-multivariate] [--problems branin,…]
 *     [--seeds 10] [--part regret,overhead] [--overhead-samplers random,qmc,tpe,tpe-multivariate]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { OPTUNA_OVERHEAD_MS, OPTUNA_REGRET } from './optimizer/anchors.ts';
import { measureOverhead, type OverheadResult } from './optimizer/overhead.ts';
import { measureRegret, median, type RegretRun } from './optimizer/regret.ts';

const { values: args } = parseArgs({
  options: {
    samplers: { type: 'string', default: 'random,qmc,tpe,tpe-multivariate' },
    problems: { type: 'string', default: 'branin,hartmann6,rosenbrock,ackley,styblinski-tang' },
    seeds: { type: 'string', default: '10' },
    part: { type: 'string', default: 'regret,overhead' },
    'overhead-samplers': { type: 'string', default: 'random,qmc,tpe,tpe-multivariate' },
    /** A python with optuna installed: also runs bench/optimizer/optuna_reference.py in this run, for same-machine ratios. */
    'optuna-python': { type: 'string' },
    out: { type: 'string' },
  },
});

const BUDGETS = [50, 100, 200];
const parts = new Set(args.part!.split(','));
const seeds = Number(args.seeds);
const started = performance.now();
const log = (message: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s, load ${loadavg()[0]!.toFixed(1)}] ${message}\n`);
const fmt = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(2));
const output: { machine: Record<string, unknown>; regret: RegretRun[]; overhead: OverheadResult[]; optuna?: SameRunOptuna } = {
  machine: { cpus: cpus().length, loadStart: loadavg(), node: process.version, seeds },
  regret: [],
  overhead: [],
};

interface SameRunOptuna {
  optuna: string;
  regret: Record<string, Record<string, [number, number, number]>>;
  overhead: Record<string, Record<string, { ms: number; cpuMs: number }>>;
}

/** Optuna measured on this machine now (optional): the fair comparison on a shared, loaded box. */
function sameRunOptuna(): SameRunOptuna | undefined {
  const python = args['optuna-python'];
  if (!python) return undefined;
  const samplers = [...new Set([...args.samplers!.split(','), ...args['overhead-samplers']!.split(',')])].filter((s) => ['tpe', 'tpe-multivariate', 'random'].includes(s));
  log(`running Optuna (${python}) on ${samplers.join(', ')}…`);
  const result = spawnSync(python, ['bench/optimizer/optuna_reference.py', '--seeds', String(seeds), '--problems', args.problems!, '--samplers', samplers.join(','), '--part', [...parts].join(',')], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) {
    log(`Optuna reference failed: ${result.stderr.slice(-500)}`);
    return undefined;
  }
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as SameRunOptuna;
}

output.optuna = sameRunOptuna();
const live = output.optuna;

console.log(`# Optimizer benchmark (${seeds} seeds; ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)} at start)\n`);

if (parts.has('regret')) {
  const samplers = args.samplers!.split(',');
  const problems = args.problems!.split(',');
  console.log(`## Median log10 regret at 50 / 100 / 200 trials (lower is better); ${live ? `Optuna ${live.optuna} measured in this run` : 'Optuna 3.1 (ANCHORS.md)'} in brackets\n`);
  console.log(`| problem | ${samplers.join(' | ')} |`);
  console.log(`|---|${samplers.map(() => '---').join('|')}|`);
  for (const problem of problems) {
    const cells: string[] = [];
    for (const sampler of samplers) {
      const runs: RegretRun[] = [];
      for (let seed = 0; seed < seeds; seed++) runs.push(measureRegret({ sampler, problem, seed, trials: 200, budgets: BUDGETS }));
      output.regret.push(...runs);
      const ours = BUDGETS.map((_, i) => median(runs.map((r) => r.regrets[i]!)));
      const ref = live?.regret[sampler]?.[problem] ?? OPTUNA_REGRET[problem]?.[sampler];
      const marks = ref ? ours.map((v, i) => (v <= ref[i]! ? '' : '*')) : ['', '', ''];
      cells.push(`${ours.map((v, i) => fmt(v) + marks[i]).join(' / ')}${ref ? ` [${ref.map(fmt).join(' / ')}]` : ''}`);
      log(`${sampler} on ${problem}: ${ours.map(fmt).join(' / ')} (${runs.reduce((a, r) => a + r.seconds, 0).toFixed(1)} s)`);
    }
    console.log(`| ${problem} | ${cells.join(' | ')} |`);
  }
  console.log('\n`*` marks a budget where our median is worse than the Optuna reference with the same sampler.\n');
}

if (parts.has('overhead')) {
  const samplers = args['overhead-samplers']!.split(',');
  console.log('## Ask + tell overhead per trial (5 float params, trivial objective), median of 50 trials from each point\n');
  console.log('CPU ms (user + system of this process) is the robust figure on a shared machine; wall ms in brackets.\n');
  console.log('| sampler | memory @100 | memory @1000 | SQLite @100 | SQLite @1000 | Optuna in-memory @100 / @1000 (3.1 from ANCHORS, or same run) |');
  console.log('|---|---|---|---|---|---|');
  for (const sampler of samplers) {
    const memory = measureOverhead({ sampler, storage: 'memory', checkpoints: [100, 1000], window: 50, seed: 1 });
    const sqlite = measureOverhead({ sampler, storage: 'sqlite', checkpoints: [100, 1000], window: 50, seed: 1 });
    output.overhead.push(memory, sqlite);
    const liveRef = live?.overhead[sampler];
    const ref = liveRef ? [`${liveRef['100']!.cpuMs.toFixed(2)} (${liveRef['100']!.ms.toFixed(2)})`, `${liveRef['1000']!.cpuMs.toFixed(2)} (${liveRef['1000']!.ms.toFixed(2)}) same run`] : OPTUNA_OVERHEAD_MS[sampler];
    const cell = (r: OverheadResult, at: number) => `${r.cpuMs[at]!.toFixed(3)} (${r.ms[at]!.toFixed(3)})`;
    console.log(`| ${sampler} | ${cell(memory, 100)} | ${cell(memory, 1000)} | ${cell(sqlite, 100)} | ${cell(sqlite, 1000)} | ${ref ? ref.join(' / ') : '–'} |`);
    log(`overhead ${sampler} done`);
  }
  console.log('');
}

mkdirSync('bench/results', { recursive: true });
const path = args.out ?? `bench/results/optimizer-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
output.machine.loadEnd = loadavg();
writeFileSync(path, JSON.stringify(output, null, 2));
console.log(`raw results: ${path} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
