/**
 * `npm run bench:big-study`: one study of 10,000 trials per sampler with SQLite storage, ask+tell cost per trial at
 * 1k / 5k / 10k (median over the 100 trials ending there) and the cost curve; then what the web UI and
 * `tunechat study show` cost per event and per request on the TPE study and on a 10,000-trial 3-objective study.
 * Raw results go to bench/results/big-study-<time>.json.
 *   node --import tsx bench/big-study.ts [--samplers tpe,auto] [--trials 10000] [--checkpoints 1000,5000,10000]
 *     [--window 100] [--curve-step 1000] [--part sampler,ui] [--feed-trials 40] [--repeats 20] [--out FILE]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fillMultiObjectiveStudy } from './big-study/fill-study.ts';
import { curveTable, decisionsTable, samplerTable, uiTable } from './big-study/print.ts';
import { measureSamplerCost, type SamplerCost } from './big-study/sampler-cost.ts';
import { measureUiCost, type UiCost } from './big-study/ui-cost.ts';

const { values: args } = parseArgs({
  options: {
    samplers: { type: 'string', default: 'tpe,auto' },
    trials: { type: 'string', default: '10000' },
    checkpoints: { type: 'string', default: '1000,5000,10000' },
    window: { type: 'string', default: '100' },
    'curve-step': { type: 'string', default: '1000' },
    part: { type: 'string', default: 'sampler,ui' },
    'feed-trials': { type: 'string', default: '40' },
    repeats: { type: 'string', default: '20' },
    out: { type: 'string' },
  },
});

/** The goal for TPE: ask + tell at 10,000 trials, SQLite included. */
const TPE_GOAL_MS = 3;
const trials = Number(args.trials);
const parts = new Set(args.part!.split(','));
const started = performance.now();
const log = (message: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s, load ${loadavg()[0]!.toFixed(1)}] ${message}\n`);
const dir = mkdtempSync(join(tmpdir(), 'tunechat-big-study-'));
const dbPath = join(dir, 'big.db');
const output: { machine: Record<string, unknown>; samplers: SamplerCost[]; ui: UiCost[] } = {
  machine: { cpus: cpus().length, loadStart: loadavg(), node: process.version, trials },
  samplers: [],
  ui: [],
};

try {
  const samplers = args.samplers!.split(',');
  // The UI part reads the TPE study: it is built even when only the UI part is asked for.
  const runSamplers = parts.has('sampler') ? samplers : parts.has('ui') ? ['tpe'] : [];
  for (const sampler of runSamplers) {
    log(`${sampler}: ${trials} trials…`);
    const result = measureSamplerCost({
      sampler, trials, dbPath, checkpoints: args.checkpoints!.split(',').map(Number), window: Number(args.window), curveStep: Number(args['curve-step']),
    });
    output.samplers.push(result);
    log(`${sampler}: done in ${result.seconds.toFixed(0)} s`);
  }
  if (parts.has('ui')) {
    log('filling a 3-objective study…');
    const multi = fillMultiObjectiveStudy(dbPath, trials);
    for (const studyId of ['big-tpe', multi]) {
      log(`UI costs on ${studyId}…`);
      output.ui.push(await measureUiCost({ dbPath, studyId, feedTrials: Number(args['feed-trials']), repeats: Number(args.repeats) }));
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

output.machine.loadEnd = loadavg();
const lines: string[] = [];
if (parts.has('sampler') && output.samplers.length > 0) {
  lines.push(`## Ask + tell per trial, one study, SQLite (file, WAL); goal for TPE ≤ ${TPE_GOAL_MS} ms at ${trials.toLocaleString('en')}`, '', samplerTable(output.samplers, TPE_GOAL_MS), '');
  lines.push('## Cost curve (median CPU ms per ask+tell over the 100 trials ending at each point)', '', curveTable(output.samplers), '');
  for (const r of output.samplers) if (r.decisions.length > 0) lines.push(`## What auto does`, '', decisionsTable(r), '');
}
for (const ui of output.ui) lines.push(`## Web UI and study show: ${ui.studyId}`, '', uiTable(ui), '');
lines.push(`load average ${(output.machine.loadStart as number[])[0]!.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs, ${process.version}`);
console.log(lines.join('\n'));
const out = args.out ?? join('bench', 'results', `big-study-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, JSON.stringify(output, null, 2));
log(`raw results: ${out}`);
