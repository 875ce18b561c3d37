/**
 * Fakes for the ControllerManager's tests: a service whose metrics and parameter live in memory (a source and an
 * actuator over it), a deterministic policy, targets with a control section, and a helper that lets a ManualClock
 * loop tick. No network.
 */
import { ControllerStore } from '../../../db/controller-store.ts';
import { openDatabase, type Db } from '../../../db/open.ts';
import type { ManualClock } from '../../../tools/common/clock.ts';
import { ToolError, type ToolErrorCode } from '../../../tools/common/errors.ts';
import { ControllerManager, type ControllerManagerDeps } from '../../../tools/control/controller-manager.ts';
import type { Actuator, ControlObserver, ControlSection, ControllerStatus, DecisionRecord, MetricSource, Policy, PolicyContext } from '../../../tools/control/types.ts';
import type { ResolvedTarget } from '../../../tools/targets/types.ts';

export const SIGNALS = ['latency_p99_ms', 'latency_mean_ms', 'requests_per_s', 'queue_wait_ms', 'inflight', 'busy', 'service_ms'] as const;

/** The running service: its signals and its `workers`. `down` makes both the source and the actuator fail. */
export class FakeService {
  values: Record<string, number> = { latency_p99_ms: 30, latency_mean_ms: 10, requests_per_s: 100, queue_wait_ms: 1, inflight: 4, busy: 4, service_ms: 10 };
  workers: number | null = 8;
  down = false;
  applied: number[] = [];
  reads = 0;

  source(clock: ManualClock, offered: readonly string[] = SIGNALS): MetricSource {
    return {
      kind: 'prometheus',
      describe: 'fake://metrics',
      signals: () => offered,
      read: async () => {
        this.reads++;
        if (this.down) throw new ToolError('source_unavailable' as ToolErrorCode, 'connect ECONNREFUSED 127.0.0.1:1');
        return { at: clock.now(), values: { ...this.values }, count: 100 };
      },
    };
  }

  actuator(): Actuator {
    return {
      kind: 'http',
      describe: 'fake://control',
      read: async () => {
        if (this.down) throw new ToolError('actuator_failed' as ToolErrorCode, 'connect ECONNREFUSED 127.0.0.1:1');
        return this.workers;
      },
      apply: async (value: number) => {
        if (this.down) throw new ToolError('actuator_failed' as ToolErrorCode, 'connect ECONNREFUSED 127.0.0.1:1');
        this.workers = value;
        this.applied.push(value);
      },
    };
  }
}

/** Grows the parameter by 4 while the SLO is violated; otherwise no change (reason with the numbers). */
export function stepPolicy(): Policy {
  return {
    name: 'threshold',
    requires: ['queue_wait_ms'],
    decide(context: PolicyContext) {
      const value = context.analysis.slo.value ?? Number.NaN;
      if (context.analysis.slo.state === 'violated') return { value: context.current + 4, reason: `p99 ${value} ms > ${context.slo.value} ms → +4`, inputs: { p99: value } };
      return { value: null, reason: `p99 ${value} ms within ${context.slo.value} ms`, inputs: { p99: value } };
    },
  };
}

export const CONTROL: ControlSection = {
  metrics: { type: 'prometheus', url: 'http://127.0.0.1:1/metrics', signals: { latency: 'x_seconds' } },
  parameters: {
    workers: { min: 1, max: 64, actuator: { type: 'http', url: 'http://127.0.0.1:1/control' } },
    cache_size: { min: 0, max: 5000, actuator: { type: 'http', url: 'http://127.0.0.1:1/control' } },
  },
};

export function fakeTargets(): ControllerManagerDeps['targets'] {
  const targets: ResolvedTarget[] = [
    { name: 'svc', kind: 'service', spec: { kind: 'service' } as ResolvedTarget['spec'], metrics: [], control: CONTROL },
    { name: 'plain', kind: 'builtin', spec: { kind: 'builtin', problem: 'branin' } as ResolvedTarget['spec'], metrics: [] },
  ];
  return { resolve: async (name) => targets.find((t) => t.name === name) ?? null, list: async () => targets };
}

/** Fast loop settings: one sample suffices, no cooldown, no rollback. */
export const FAST = { min_samples: 1, cooldown_s: 0, rollback_after_s: 0 } as const;

export interface Harness {
  db: Db;
  store: ControllerStore;
  manager: ControllerManager;
  decisions: DecisionRecord[];
  statuses: ControllerStatus[];
}

/** A manager over `db` (new in-memory by default) driving `service`; the observer records everything. */
export function harness(clock: ManualClock, service: FakeService, options: { db?: Db; owner?: string; alive?: (owner: string) => boolean; offered?: readonly string[]; deps?: Partial<ControllerManagerDeps> } = {}): Harness {
  const db = options.db ?? openDatabase(':memory:');
  const store = new ControllerStore(db);
  const manager = new ControllerManager({
    store, clock, targets: fakeTargets(), settings: FAST,
    sources: () => service.source(clock, options.offered),
    actuators: () => service.actuator(),
    policies: () => stepPolicy(),
    owner: options.owner ?? 'p-1',
    isOwnerAlive: options.alive ?? (() => false),
    ...options.deps,
  });
  const decisions: DecisionRecord[] = [];
  const statuses: ControllerStatus[] = [];
  const observer: ControlObserver = { decision: (d) => decisions.push(d), status: (s) => statuses.push(s) };
  manager.addObserver(observer);
  return { db, store, manager, decisions, statuses };
}

/** Lets pending promise chains run (reads, applies, observer calls) without moving the clock. */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Moves the clock `periods` × `periodMs`, letting the loop run after each step. */
export async function tick(clock: ManualClock, periods = 1, periodMs = 1000): Promise<void> {
  for (let i = 0; i < periods; i++) {
    clock.advance(periodMs);
    await flush();
  }
}
