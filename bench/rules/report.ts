import { cpus } from 'node:os';
import type { WorkerResult } from './worker.ts';

export interface Run {
  key: string;
  engine: string;
  result: WorkerResult | null;
  error: string | null;
}

/** ANCHORS.md §2, measured there on the same workload definitions (ms; RSS in MB). */
const ANCHORS: Record<string, Record<string, string>> = {
  A1k: { 'plain-loop': 'p50 0.013 / p99 0.025, load 0.17', 'indexed-loop': 'p50 0.004 / p99 0.022, load 0.38', 'json-rules-engine': 'p50 5.1 / p99 14, load 2.7', nools: 'p50 2.5 / p99 7.4, load 2,291' },
  A10k: { 'plain-loop': 'p50 0.22', 'indexed-loop': 'p50 0.037', 'json-rules-engine': 'p50 118', nools: 'did not load in 240 s' },
  B: { 'plain-loop': 'insert p50 0.26 / p99 0.48, 54 MB', 'indexed-loop': 'p50 0.001 / p99 0.008, 54 MB', 'json-rules-engine': 'p50 10.4 / p99 20 (emulated), 110 MB', nools: 'p50 3.8 / p99 26, 2.9 GB (40 s to load)', 'naive-rejoin': '465 per cycle' },
  C: { 'plain-loop': 'warm 0.012 / cold 0.17', 'indexed-loop': 'warm 0.019 / cold 0.92', 'json-rules-engine': 'warm 4.7 / cold 33', nools: 'warm 5.4 / cold 1,975' },
};

const GOALS: Record<string, string> = {
  A1k: 'goal: tunechat p50 ≤ 0.01 ms (≥ 250× faster than nools)',
  A10k: 'goal: tunechat p50 ≤ 0.05 ms, load < 1,000 ms',
  B: 'goal: tunechat insert p50 ≤ 0.05 ms, RSS < 200 MB, never worse than re-joining from scratch',
  C: 'goal: tunechat cold (load + first evaluation) < 20 ms',
};

const ms = (value: number | null | undefined, digits = 3) => (value === null || value === undefined ? '–' : value >= 100 ? value.toFixed(0) : value.toFixed(digits));

function cold(result: WorkerResult): string {
  const samples = [...(result.cold_ms ?? [result.load_ms])].sort((a, b) => a - b);
  return `${ms(samples[Math.floor((samples.length - 1) / 2)]!, 2)} (${ms(samples[0]!, 2)}; n=${samples.length})`;
}

function agreement(run: Run, reference: Run | undefined): string {
  if (!run.result) return '–';
  if (!reference?.result || reference === run) return 'reference';
  const a = run.result.digests;
  const b = reference.result.digests;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return `NO (step ${i})`;
  return `yes (${n} steps)`;
}

/** Prints one markdown table per workload, with ANCHORS.md's numbers beside each engine. */
export function printTables(runs: Run[], options: { limitS: number; updates: number; load: [number, number] }): void {
  const out: string[] = [];
  out.push(`# Rule engines — ANCHORS.md §2 workloads (${options.updates} updates for A; ${options.limitS} s limit per engine)`);
  out.push(`Machine: ${cpus().length} cores, load average ${options.load[0].toFixed(1)} before / ${options.load[1].toFixed(1)} after (other processes inflate latencies, GC-heavy engines most).`);
  out.push('Semantics: after every update each engine reports the current match set (A: every rule that holds; B: every (rule, trial) match of the changed trial). "agrees" compares that report with tunechat-rete at every step.');
  for (const key of [...new Set(runs.map((r) => r.key))]) {
    const group = runs.filter((r) => r.key === key);
    const reference = group.find((r) => r.engine === 'tunechat-rete');
    out.push('', `## ${key}  (${GOALS[key]})`, '');
    if (key === 'B') {
      out.push('| engine | load ms | insert p50 | insert p99 | modify p50 | modify p99 | steps | activations | max RSS MB | agrees | ANCHORS.md |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
    } else if (key === 'C') {
      out.push('| engine | cold: load + first evaluation ms, median (min) of fresh processes | warm p50 | warm p99 | max RSS MB | agrees | ANCHORS.md |', '|---|---:|---:|---:|---:|---|---|');
    } else {
      out.push('| engine | load ms | p50 | p99 | updates | total ms | max RSS MB | agrees | ANCHORS.md |', '|---|---:|---:|---:|---:|---:|---:|---|---|');
    }
    for (const run of group) {
      const r = run.result;
      const anchor = ANCHORS[key]?.[run.engine] ?? '';
      if (!r) {
        out.push(`| ${run.engine} | ${run.error} | | | | | | | | | ${anchor} |`);
        continue;
      }
      const steps = `${r.steps}${r.truncated ? ' (time limit)' : ''}`;
      if (key === 'B') out.push(`| ${run.engine} | ${ms(r.load_ms, 1)} | ${ms(r.p50_ms)} | ${ms(r.p99_ms)} | ${ms(r.modify_p50_ms)} | ${ms(r.modify_p99_ms)} | ${steps} | ${r.reported} | ${r.rss_mb.toFixed(0)} | ${agreement(run, reference)} | ${anchor} |`);
      else if (key === 'C') out.push(`| ${run.engine} | ${cold(r)} | ${ms(r.p50_ms)} | ${ms(r.p99_ms)} | ${r.rss_mb.toFixed(0)} | ${agreement(run, reference)} | ${anchor} |`);
      else out.push(`| ${run.engine} | ${ms(r.load_ms, 2)} | ${ms(r.p50_ms, 4)} | ${ms(r.p99_ms)} | ${steps} | ${ms(r.total_ms, 0)} | ${r.rss_mb.toFixed(0)} | ${agreement(run, reference)} | ${anchor} |`);
    }
  }
  out.push('', 'Latencies in ms. Timed: the update call only (for tunechat-rete the network maintains the match set; reading it is not timed, for the loops computing it is their update). RSS: the worker process (a bundled plain-JS worker; node alone ≈ 40–45 MB).');
  console.log(out.join('\n'));
}
