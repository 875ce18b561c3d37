/**
 * `npm run bench:control [-- --short] [--json] [--out DIR] [--steps 200:60,900:60,300:60]`: issue 15's step-load
 * experiment. The example service (examples/service) runs under an open-loop load that steps 200 → 900 → 300 req/s
 * (a minute each; 15 s with --short). Every static worker count of a small grid and every control policy (driving
 * the service live through the real Controller, PUT /control) get a fresh service and the same load, one after the
 * other. The ground truth is the client's per-second p99 (latency from the intended send time, no coordinated
 * omission); the cost is ∫ workers dt as the service reported it. Prints the table and the goal check; writes
 * results.json, report.md and runs.svg (p99 and workers over time, one panel per run) to --out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGoal } from './control/goal.ts';
import { controlRunsChart } from './control/chart.ts';
import { BENCH_DEFAULTS, parseBenchArgs, type ControlBenchOptions } from './control/options.ts';
import { goalReport, runsTable } from './control/report-table.ts';
import type { RunResult } from './control/run-result.ts';
import { runOne, type RunSpec } from './control/run-one.ts';

async function main(): Promise<void> {
  let options: ControlBenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  // Progress goes to stderr so --json leaves stdout to the results.
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const specs: RunSpec[] = options.staticWorkers.map((workers) => ({ kind: 'static', workers }));
  if (options.policies.length > 0) {
    const { policyRunSpec } = await import('./control/policy-controller.ts');
    for (const policy of options.policies) specs.push(policyRunSpec(policy, options, progress));
  }
  const measured = options.steps.reduce((sum, s) => sum + s.seconds, 0);
  progress(
    `bench:control: ${specs.length} runs × (${options.warmupSeconds} s warm-up + ${measured} s load: ${options.steps.map((s) => `${s.rate} req/s × ${s.seconds} s`).join(' → ')}), ` +
      `SLO p99 < ${options.sloP99Ms} ms per second; about ${Math.ceil((specs.length * (measured + options.warmupSeconds + 3)) / 60)} min`,
  );
  const runs: RunResult[] = [];
  for (const [index, spec] of specs.entries()) {
    const name = spec.kind === 'static' ? `static ${spec.workers}` : spec.policy;
    progress(`run ${index + 1}/${specs.length}: ${name}`);
    try {
      const run = await runOne(spec, options, progress);
      runs.push(run);
      progress(`  → ${run.violation_s} s in violation, p99 ${run.p99_ms} ms, ${run.worker_s} worker-s (mean ${run.mean_workers}, max ${run.max_workers}), ${run.changes} changes${run.notes.length ? `; ${run.notes.join('; ')}` : ''}`);
    } catch (error) {
      progress(`  ✗ ${name} failed: ${(error as Error).stack ?? String(error)}`);
    }
  }
  const goal = checkGoal(runs);
  const table = runsTable(runs, options.sloP99Ms);
  const settings = Object.entries(options.controllerSettings).map(([k, v]) => `${k}=${v}`);
  const setup = `Controller settings: ${settings.length ? `${settings.join(', ')} (the rest default)` : 'defaults (tools/control/controller-defaults.ts)'}; metrics window ${BENCH_DEFAULTS.sourceWindowS} s; backend ${options.backendMs} ms; ${options.connections} connections at the peak rate.`;
  const report = `${table}\n\n${setup}\n\n${goalReport(goal)}\n`;
  mkdirSync(options.outDir, { recursive: true });
  const results = { steps: options.steps, controller_settings: options.controllerSettings, slo_p99_ms: options.sloP99Ms, backend_ms: options.backendMs, warmup_s: options.warmupSeconds, connections: options.connections, runs, goal };
  writeFileSync(join(options.outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(options.outDir, 'report.md'), report);
  writeFileSync(join(options.outDir, 'runs.svg'), controlRunsChart(runs, options.sloP99Ms));
  if (options.json) process.stdout.write(`${JSON.stringify(results)}\n`);
  else process.stdout.write(`\n${report}\nwrote ${join(options.outDir, 'results.json')}, report.md, runs.svg\n`);
  process.exitCode = goal.met ? 0 : 1;
}

await main();
