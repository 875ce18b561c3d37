/**
 * One measured study: trials/s, the time each trial took from ask to tell (the StudyManager's trial-start and
 * trial-end events, read with performance.now()), and what each trial cost in CPU on the server (this process), on
 * the workers and in Redis, plus Redis commands per trial by name. Plain data out.
 */
import type { StudyManager } from '../../tools/optimizer/study-manager.ts';
import type { StudySpec } from '../../tools/optimizer/types.ts';
import type { BenchRedis } from './redis.ts';
import type { BenchWorker } from './workers.ts';

export interface StudyRun {
  label: string;
  /** Worker processes that could take the trials (0: in-process). */
  workers: number;
  parallel: number;
  trials: number;
  seconds: number;
  trialsPerS: number;
  /** Ask-to-tell time per trial: median and 90th percentile, ms. */
  medianMs: number;
  p90Ms: number;
  /** CPU ms per trial: this process (the server: sampler, SQLite, dispatcher), all workers, Redis. */
  serverCpuMs: number;
  workerCpuMs: number;
  redisCpuMs: number;
  /** Redis commands per trial (Lua scripts count once each), in all and by name. */
  redisCalls: number;
  redisCallsByName: Record<string, number>;
  /** Redis memory added per trial (finished jobs are kept `keepFinishedMs`, 7 days by default), bytes. */
  redisBytes: number;
}

export async function runStudy(options: { label: string; manager: StudyManager; spec: StudySpec; redis?: BenchRedis; workers?: readonly BenchWorker[] }): Promise<StudyRun> {
  const { manager, spec, redis, workers = [] } = options;
  const trials = spec.budget!.trials!;
  const started = new Map<number, number>();
  const durations: number[] = [];
  let studyId = '';
  const off = manager.on((event) => {
    if (event.studyId !== studyId) return;
    if (event.type === 'trial-start') started.set(event.trial.number, performance.now());
    if (event.type === 'trial-end' && started.has(event.trial.number)) durations.push(performance.now() - started.get(event.trial.number)!);
  });
  const redisBefore = await redis?.stats();
  const workersBefore = workers.map((w) => w.cpuS());
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  try {
    const record = await manager.start(spec);
    studyId = record.id;
    const status = await manager.wait(record.id);
    if (status.trials.complete !== trials) throw new Error(`${options.label}: ${status.trials.complete} of ${trials} trials complete (${status.trials.failed} failed: ${status.last_trial?.error ?? ''})`);
  } finally {
    off();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const workerCpuS = workers.reduce((sum, w, i) => sum + w.cpuS() - workersBefore[i]!, 0);
  const redisAfter = await redis?.stats();
  const redisCallsByName: Record<string, number> = {};
  if (redisBefore && redisAfter) {
    for (const [name, calls] of Object.entries(redisAfter.calls)) {
      const delta = calls - (redisBefore.calls[name] ?? 0) - (name === 'info' ? 3 : 0); // our own three INFO reads
      if (delta > 0) redisCallsByName[name] = delta / trials;
    }
  }
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    label: options.label, workers: workers.length, parallel: spec.budget!.parallel!, trials, seconds, trialsPerS: trials / seconds,
    medianMs: sorted[sorted.length >> 1]!, p90Ms: sorted[Math.floor(sorted.length * 0.9)]!,
    serverCpuMs: ((cpu.user + cpu.system) / 1000) / trials,
    workerCpuMs: (workerCpuS * 1000) / trials,
    redisCpuMs: redisBefore && redisAfter ? ((redisAfter.cpuS - redisBefore.cpuS) * 1000) / trials : 0,
    redisCalls: Object.values(redisCallsByName).reduce((a, b) => a + b, 0),
    redisCallsByName,
    redisBytes: redisBefore && redisAfter ? (redisAfter.memoryBytes - redisBefore.memoryBytes) / trials : 0,
  };
}
