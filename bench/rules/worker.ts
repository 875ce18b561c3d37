/**
 * Runs one engine on one workload in its own process and prints one JSON line: load time, per-update
 * latencies, memory, and a digest of the reported match set after every step (for the agreement check).
 * Usage: node --import tsx bench/rules/worker.ts <engine> <A|B|C> <rules> <updates> <time-limit-s>
 */
import { createRng } from '../../tools/common/rng.ts';
import type { BenchEngine } from './engines/bench-engine.ts';
import { createIndexedLoop } from './engines/indexed-loop.ts';
import { createJsonRulesEngine } from './engines/json-rules-engine.ts';
import { createNaiveRejoin } from './engines/naive.ts';
import { createNools } from './engines/nools.ts';
import { createPlainLoop } from './engines/plain-loop.ts';
import { createReteEngine } from './engines/rete.ts';
import { digest, FIELD_COUNT, workloadA, workloadB } from './workloads.ts';

export const ENGINES: Record<string, () => BenchEngine> = {
  'tunechat-rete': createReteEngine,
  'plain-loop': createPlainLoop,
  'indexed-loop': createIndexedLoop,
  'json-rules-engine': createJsonRulesEngine,
  nools: createNools,
  'naive-rejoin': createNaiveRejoin,
};

export interface WorkerResult {
  engine: string;
  workload: string;
  rules: number;
  load_ms: number;
  /** Per-update (A), per-insert (B) or warm-evaluation (C) latencies. */
  p50_ms: number | null;
  p99_ms: number | null;
  /** B only: trial modifications. */
  modify_p50_ms?: number | null;
  modify_p99_ms?: number | null;
  steps: number;
  total_ms: number;
  reported: number;
  rss_mb: number;
  heap_mb: number;
  truncated: boolean;
  digests: string[];
  /** C: load + first evaluation in each fresh process (filled by the orchestrator). */
  cold_ms?: number[];
}

function percentile(sorted: number[], q: number): number | null {
  return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function main(): Promise<void> {
  const [name, workload, rulesText, updatesText, limitText] = process.argv.slice(2);
  const factory = ENGINES[name!];
  if (!factory) throw new Error(`unknown engine ${name}; known: ${Object.keys(ENGINES).join(', ')}`);
  const ruleCount = Number(rulesText);
  const limitMs = Number(limitText) * 1000;
  const engine = factory();
  const timings: number[] = [];
  const modifies: number[] = [];
  const digests: string[] = [];
  let reported = 0;
  let loadMs = 0;
  let truncated = false;
  let started = performance.now();
  if (workload === 'A' || workload === 'C') {
    if (!engine.loadA) throw new Error(`${name} does not run workload ${workload}`);
    const w = workloadA(ruleCount, workload === 'C' ? 0 : Number(updatesText));
    const t0 = performance.now();
    await engine.loadA(w);
    loadMs = performance.now() - t0;
    started = performance.now(); // the time limit applies to the updates, not to loading
    digests.push(digest(engine.matchedA!()));
    if (workload === 'A') {
      for (const change of w.updates) {
        const s = performance.now();
        await engine.updateA!(change);
        timings.push(performance.now() - s);
        const matched = engine.matchedA!();
        reported += matched.length;
        digests.push(digest(matched));
        if (performance.now() - started > limitMs) {
          truncated = timings.length < w.updates.length;
          break;
        }
      }
    } else {
      const rng = createRng(3);
      for (let i = 0; i < 1000; i++) {
        const fields: Record<string, number> = {};
        for (let f = 0; f < FIELD_COUNT; f++) fields[`f${f}`] = rng.int(0, 99);
        const s = performance.now();
        await engine.evaluateA!(fields);
        timings.push(performance.now() - s);
        digests.push(digest(engine.matchedA!()));
        if (performance.now() - started > limitMs) {
          truncated = true;
          break;
        }
      }
    }
  } else {
    if (!engine.loadB) throw new Error(`${name} does not run workload B`);
    const w = workloadB();
    const t0 = performance.now();
    await engine.loadB(w);
    loadMs = performance.now() - t0;
    started = performance.now(); // the time limit applies to the updates, not to loading
    for (const step of w.steps) {
      const s = performance.now();
      await engine.stepB!(step);
      (step.op === 'insert' ? timings : modifies).push(performance.now() - s);
      const matched = engine.matchedB!(step.op === 'insert' ? step.trial.id : step.id);
      reported += matched.length;
      digests.push(digest(matched));
      if (performance.now() - started > limitMs) {
        truncated = timings.length + modifies.length < w.steps.length;
        break;
      }
    }
  }
  const sorted = [...timings].sort((a, b) => a - b);
  const sortedModifies = [...modifies].sort((a, b) => a - b);
  const result: WorkerResult = {
    engine: name!,
    workload: workload!,
    rules: ruleCount,
    load_ms: loadMs,
    p50_ms: percentile(sorted, 0.5),
    p99_ms: percentile(sorted, 0.99),
    ...(workload === 'B' ? { modify_p50_ms: percentile(sortedModifies, 0.5), modify_p99_ms: percentile(sortedModifies, 0.99) } : {}),
    steps: timings.length + modifies.length,
    total_ms: timings.reduce((a, b) => a + b, 0) + modifies.reduce((a, b) => a + b, 0),
    reported,
    rss_mb: process.resourceUsage().maxRSS / 1024,
    heap_mb: process.memoryUsage().heapUsed / 1e6,
    truncated,
    digests,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
