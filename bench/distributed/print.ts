/** Markdown tables of bench/distributed results (nothing here measures). */
import type { StudyRun } from './run-study.ts';

const f = (v: number, digits = 2) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(digits));

export function throughputTable(runs: readonly StudyRun[], baseline: StudyRun): string {
  const head = '| run | trials/s | wall ms per trial | ask→tell median / p90 ms | server CPU ms/trial | workers CPU ms/trial | Redis CPU ms/trial | Redis scripts / commands per trial | Redis bytes kept per trial |';
  const rows = [baseline, ...runs].map((r) => {
    const redis = r.workers ? `${f(r.redisCallsByName.evalsha ?? 0, 1)} / ${f(r.redisCalls, 1)}` : '–';
    return `| ${r.label} | ${f(r.trialsPerS, 1)} | ${f(1000 / r.trialsPerS)} | ${f(r.medianMs)} / ${f(r.p90Ms)} | ${f(r.serverCpuMs)} | ${r.workers ? f(r.workerCpuMs) : '–'} | ${r.workers ? f(r.redisCpuMs) : '–'} | ${redis} | ${r.workers ? Math.round(r.redisBytes) : '–'} |`;
  });
  return [head, '|---|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

/** The queue's latency per trial: serial ask→tell over one worker minus the in-process path (the issue's ≤ 2 ms goal). */
export function overheadLine(serial: StudyRun, baseline: StudyRun, goalMs: number): string {
  const overhead = serial.medianMs - baseline.medianMs;
  return `Queue overhead per trial (${serial.label}, median ask→tell ${f(serial.medianMs)} ms − in-process ${f(baseline.medianMs)} ms): **${f(overhead)} ms** (goal ≤ ${goalMs} ms: ${overhead <= goalMs ? 'met' : 'not met'}).`;
}

export function speedupTable(runs: readonly StudyRun[]): string {
  const one = runs.find((r) => r.workers === 1);
  const head = '| workers | in flight | trials | seconds | trials/s | ask→tell median ms | speed-up over 1 worker | efficiency |';
  const rows = runs.map((r) => {
    const speedup = one ? one.seconds / r.seconds : Number.NaN;
    return `| ${r.workers} | ${r.parallel} | ${r.trials} | ${f(r.seconds)} | ${f(r.trialsPerS)} | ${f(r.medianMs)} | ${f(speedup)}× | ${f((100 * speedup) / r.workers, 1)}% |`;
  });
  return [head, '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

export function redisCallsTable(run: StudyRun): string {
  const rows = Object.entries(run.redisCallsByName).sort((a, b) => b[1] - a[1]).map(([name, calls]) => `| ${name} | ${f(calls)} |`);
  return [`| Redis command (${run.label}; commands inside Lua scripts included) | calls per trial |`, '|---|---|', ...rows, `| all | ${f(run.redisCalls)} |`].join('\n');
}
