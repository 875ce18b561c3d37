/**
 * `npm run bench:rules [-- --skip nools,json-rules-engine] [--only a,b] [--time-limit 30] [--load-limit 90] [--cold-runs 5] [--updates 10000]
 *  [--workloads A1k,A10k,B,C] [--json results.json] [--tsx]`
 *
 * Runs every engine on workloads A (1,000 and 10,000 threshold rules), B (joins) and C (cold/warm
 * evaluation) of ../shared/ANCHORS.md §2, each in its own process with a time limit, checks that all
 * engines report the same match sets at every step, and prints the tables beside ANCHORS.md's numbers.
 * Firing semantics measured: the *current match set* after every update (level semantics).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { buildSync } from 'esbuild';
import { printTables, type Run } from './rules/report.ts';
import type { WorkerResult } from './rules/worker.ts';

const ALL_ENGINES = ['tunechat-rete', 'plain-loop', 'indexed-loop', 'json-rules-engine', 'nools', 'naive-rejoin'];
const WORKLOADS: Record<string, { workload: 'A' | 'B' | 'C'; rules: number; engines: string[] }> = {
  A1k: { workload: 'A', rules: 1000, engines: ALL_ENGINES.filter((e) => e !== 'naive-rejoin') },
  A10k: { workload: 'A', rules: 10_000, engines: ALL_ENGINES.filter((e) => e !== 'naive-rejoin') },
  B: { workload: 'B', rules: 1000, engines: ALL_ENGINES },
  C: { workload: 'C', rules: 1000, engines: ALL_ENGINES.filter((e) => e !== 'naive-rejoin') },
};

/**
 * Workers run as one esbuild bundle of plain JavaScript (no TypeScript loader in the measured process, so
 * its memory and cold start are the engine's). It sits under node_modules so nools and json-rules-engine resolve.
 */
const BUNDLE = 'node_modules/.cache/tunechat-bench-rules/worker.mjs';

function workerCommand(useTsx: boolean): string[] {
  if (useTsx) return ['--import', 'tsx', 'bench/rules/worker.ts'];
  buildSync({ entryPoints: ['bench/rules/worker.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: BUNDLE, external: ['json-rules-engine', 'nools'], logLevel: 'warning' });
  return [BUNDLE];
}

function runWorker(command: string[], args: string[], killAfterMs: number): Promise<{ result: WorkerResult | null; error: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=8192', ...command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') return resolve({ result: null, error: `killed after ${Math.round(killAfterMs / 1000)} s (did not finish loading)` });
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve({ result: JSON.parse(line) as WorkerResult, error: null });
      } catch {
        resolve({ result: null, error: `exit ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}` });
      }
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      skip: { type: 'string' },
      only: { type: 'string' },
      workloads: { type: 'string' },
      'time-limit': { type: 'string' },
      'load-limit': { type: 'string' },
      'cold-runs': { type: 'string' },
      updates: { type: 'string' },
      json: { type: 'string' },
      tsx: { type: 'boolean' },
    },
  });
  const command = workerCommand(values.tsx === true);
  const loadBefore = loadavg()[0]!;
  const limitS = Number(values['time-limit'] ?? 30);
  const loadLimitS = Number(values['load-limit'] ?? 90);
  const coldRuns = Number(values['cold-runs'] ?? 5);
  const updates = Number(values.updates ?? 10_000);
  const skip = new Set((values.skip ?? '').split(',').filter(Boolean));
  const only = values.only ? new Set(values.only.split(',')) : null;
  const selected = (values.workloads ?? 'A1k,A10k,B,C').split(',');
  const runs: Run[] = [];
  for (const key of selected) {
    const spec = WORKLOADS[key];
    if (!spec) throw new Error(`unknown workload ${key}; known: ${Object.keys(WORKLOADS).join(', ')}`);
    for (const engine of spec.engines) {
      if (skip.has(engine) || (only && !only.has(engine))) continue;
      process.stderr.write(`${key} ${engine} … `);
      const args = [engine, spec.workload, String(spec.rules), String(updates), String(limitS)];
      const { result, error } = await runWorker(command, args, (limitS + loadLimitS) * 1000);
      // A cold start is one sample per process: repeat it (like hyperfine) and keep every sample.
      if (result && spec.workload === 'C') {
        result.cold_ms = [result.load_ms];
        for (let i = 1; i < coldRuns; i++) {
          const again = await runWorker(command, [engine, 'C', String(spec.rules), '0', '1'], (1 + loadLimitS) * 1000);
          if (again.result) result.cold_ms.push(again.result.load_ms);
        }
      }
      process.stderr.write(`${error ?? `${result!.steps} steps`}\n`);
      runs.push({ key, engine, result, error });
    }
  }
  printTables(runs, { limitS, updates, load: [loadBefore, loadavg()[0]!] });
  if (values.json) writeFileSync(values.json, JSON.stringify(runs.map((r) => ({ ...r, result: r.result && { ...r.result, digests: undefined } })), null, 2));
}

await main();
