import type { PolicyName } from '../../tools/control/types.ts';
import type { ControlBenchOptions } from './options.ts';
import type { RunDecision, RunResult, RunSecond } from './run-result.ts';
import { startService } from './service-process.ts';
import { runStepLoad } from './step-load.ts';
import { startWorkerSampler, type WorkerSampler } from './worker-sampler.ts';

/** A controller running against one service for the length of a run (policy-controller.ts starts the real one). */
export interface RunningControl {
  /** Stops the loop; returns what it decided. `measuredFrom` (ms since the epoch) turns decision times into run seconds. */
  stop(measuredFrom: number): Promise<{ decisions: number; changes: number; changes_log: RunDecision[]; notes: string[] }>;
}

export type StartControl = (service: { base: string }) => Promise<RunningControl>;

export type RunSpec =
  | { kind: 'static'; workers: number }
  | { kind: 'policy'; policy: PolicyName; options?: Record<string, number>; start: StartControl };

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * One run: a fresh service (static size, or the controller's start size), the controller if any, an unmeasured
 * warm-up at the first step's rate, then the measured steps with per-second p99 and pool size.
 */
export async function runOne(spec: RunSpec, options: ControlBenchOptions, progress: (line: string) => void): Promise<RunResult> {
  const started = performance.now();
  const name = spec.kind === 'static' ? `static ${spec.workers}` : spec.policy;
  const service = await startService({ workers: spec.kind === 'static' ? spec.workers : options.startWorkers, cacheSize: 0, backendMs: options.backendMs, backendJitter: options.backendJitter, contentionAfter: options.contentionAfter });
  let control: RunningControl | null = null;
  let sampler: WorkerSampler | null = null;
  try {
    sampler = await startWorkerSampler(service.base);
    const pool = sampler;
    control = spec.kind === 'policy' ? await spec.start({ base: service.base }) : null;
    const seconds: RunSecond[] = [];
    const load = await runStepLoad({
      url: `${service.base}/item`,
      steps: options.steps,
      warmupSeconds: options.warmupSeconds,
      connections: options.connections,
      timeoutSeconds: 10,
      onSecond: (second) => {
        const violated = second.p99_ms === null || second.p99_ms >= options.sloP99Ms;
        seconds.push({ t_s: second.t_s, rate: second.rate, requests: second.requests, p99_ms: second.p99_ms, workers: pool.current(), violated });
        const t = Math.round(second.t_s);
        if (t % 15 === 0) progress(`  ${name}: ${t} s, ${second.rate} req/s, p99 ${second.p99_ms ?? '–'} ms, workers ${pool.current()}`);
      },
    });
    await pool.stop();
    sampler = null;
    const cost = pool.integrate(load.measured.from, load.measured.to);
    // Decisions before the measured load began are the warm-up's.
    const measuredFrom = performance.timeOrigin + load.measured.from;
    const decided = control ? await control.stop(measuredFrom) : { decisions: 0, changes: 0, changes_log: [], notes: [] };
    control = null;
    const notes = [...decided.notes];
    if (cost.failedReads > 0) notes.push(`${cost.failedReads} reads of GET /control failed (the last value was kept)`);
    return {
      name,
      kind: spec.kind,
      ...(spec.kind === 'static' ? { workers: spec.workers } : { policy: spec.policy, policy_options: spec.options ?? {} }),
      seconds,
      violation_s: seconds.filter((s) => s.violated).length,
      p99_ms: load.total.totalCount ? round(load.total.getValueAtPercentile(99) / 1000, 2) : 0,
      requests: load.requests,
      errors: load.errors + load.timeouts + load.non2xx,
      dropped: load.dropped,
      worker_s: round(cost.worker_s),
      mean_workers: round(cost.mean, 2),
      max_workers: cost.max,
      decisions: decided.decisions,
      changes: decided.changes,
      changes_log: decided.changes_log,
      notes,
      wall_s: round((performance.now() - started) / 1000),
    };
  } finally {
    await sampler?.stop();
    if (control) await control.stop(Date.now()).catch(() => undefined);
    await service.stop();
  }
}
