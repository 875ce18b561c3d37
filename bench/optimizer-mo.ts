/**
 * Advanced-sampler benchmark (issue 4): single-objective regret (ANCHORS.md §1 problems), multi-objective
 * hypervolume (ZDT1, ZDT2, DTLZ2 with the anchors' reference points) and sampler overhead, with Optuna 3.1's
 * medians beside ours. Usage:
 *   node --import tsx bench/optimizer-mo.ts [--part single,multi,overhead] [--seeds 10] [--trials 200]
 *     [--samplers auto,gp,cmaes] [--mo-samplers auto,nsga2,motpe] [--problems branin,zdt1] [--json out.json]
 */
import { loadavg, cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { measureMulti, measureOverhead, measureSingle, type SeriesResult } from './optimizer-mo/measure.ts';
import { multiObjectiveProblems, singleObjectiveProblems } from './optimizer-mo/problems.ts';
import { multiObjectiveTable, overheadTable, singleObjectiveTable } from './optimizer-mo/report.ts';

const { values: args } = parseArgs({
  options: {
    part: { type: 'string', default: 'single,multi,overhead' },
    seeds: { type: 'string', default: '10' },
    trials: { type: 'string', default: '200' },
    samplers: { type: 'string', default: 'auto,gp,cmaes' },
    'mo-samplers': { type: 'string', default: 'auto,nsga2,motpe' },
    problems: { type: 'string' },
    json: { type: 'string' },
  },
});

const parts = new Set(args.part!.split(','));
const seeds = Number(args.seeds);
const trials = Number(args.trials);
const only = args.problems ? new Set(args.problems.split(',')) : null;
const started = performance.now();
const log = (message: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s, load ${loadavg()[0]!.toFixed(1)}] ${message}\n`);
const output: Record<string, unknown> = { seeds, trials, cpus: cpus().length, loadStart: loadavg() };

console.log(`# Advanced samplers vs Optuna 3.1 (${seeds} seeds, ${trials} trials; medians; ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)} at start)\n`);

if (parts.has('single')) {
  const samplers = args.samplers!.split(',');
  const results: SeriesResult[] = [];
  for (const problem of singleObjectiveProblems.filter((p) => !only || only.has(p.name))) {
    for (const sampler of samplers) {
      log(`${problem.name} × ${sampler}`);
      results.push(measureSingle(problem, sampler, seeds, trials));
    }
  }
  output['single'] = results;
  console.log('## Single objective: median log10 simple regret at 50 / 100 / 200 trials (lower is better)\n');
  console.log(singleObjectiveTable(results, samplers) + '\n');
}

if (parts.has('multi')) {
  const samplers = args['mo-samplers']!.split(',');
  const results: SeriesResult[] = [];
  for (const problem of multiObjectiveProblems.filter((p) => !only || only.has(p.name))) {
    for (const sampler of samplers) {
      log(`${problem.name} × ${sampler}`);
      results.push(measureMulti(problem, sampler, seeds, trials));
    }
  }
  output['multi'] = results;
  console.log('## Multi-objective: median hypervolume at 50 / 100 / 200 trials (higher is better)\n');
  console.log(multiObjectiveTable(results, samplers) + '\n');
}

if (parts.has('overhead')) {
  const rows = [
    { sampler: 'gp', objectives: 1, at: [100, 200] },
    { sampler: 'auto', objectives: 1, at: [100, 200] },
    { sampler: 'gp', objectives: 2, at: [100, 200] },
    { sampler: 'cmaes', objectives: 1, at: [100, 500, 1000] },
    { sampler: 'nsga2', objectives: 2, at: [100, 500, 1000] },
    { sampler: 'motpe', objectives: 2, at: [100, 500] },
    { sampler: 'random', objectives: 1, at: [100, 500, 1000] },
  ].map((row) => {
    log(`overhead ${row.sampler}`);
    return { ...row, ms: measureOverhead(row.sampler, row.objectives as 1 | 2, row.at) };
  });
  output['overhead'] = rows;
  console.log('## Overhead: median sampler ms per trial (ask + tell) over the 10 trials before each count; 5 floats, trivial objective, in memory. CPU time is what the sampler itself costs; wall time includes waiting for the shared CPUs.\n');
  console.log(overheadTable(rows) + '\n');
}

output['loadEnd'] = loadavg();
console.log(`_Load average at end: ${loadavg().map((v) => v.toFixed(1)).join(' / ')}; wall ${((performance.now() - started) / 1000).toFixed(0)} s._`);
if (args.json) writeFileSync(args.json, JSON.stringify(output, null, 2));
