/**
 * Synthetic analyses for policy tests: a signal given as a number has every statistic equal to it (a steady
 * window); a partial object overrides some (e.g. {value: 12, mean: 8, max: 14}).
 */
import type { Analysis, Policy, PolicyContext, PolicyProposal, SignalStats, Slo, SloState } from '../../../../tools/control/types.ts';

export type SignalInput = number | (Partial<SignalStats> & { value: number });

export function stats(input: SignalInput): SignalStats {
  const value = typeof input === 'number' ? input : input.value;
  const base: SignalStats = { value, ewma: value, mean: value, min: value, max: value, p50: value, p95: value, slope_per_s: 0, samples: 10 };
  return typeof input === 'number' ? base : { ...base, ...input };
}

export interface Step {
  /** Seconds since the start (default: the step's index × period_s). */
  t?: number;
  current?: number;
  signals: Record<string, SignalInput>;
  state?: SloState;
  stale?: boolean;
  samples?: number;
}

export interface Setup {
  parameter?: string;
  slo?: Slo;
  bounds?: { min: number; max: number };
  period_s?: number;
  /** Epoch of t = 0, ms. */
  start?: number;
}

export const DEFAULT_SLO: Slo = { metric: 'latency_p99_ms', op: '<', value: 40 };

export function analysisOf(step: Step, setup: Setup = {}, at = 0): Analysis {
  const slo = setup.slo ?? DEFAULT_SLO;
  const signals = Object.fromEntries(Object.entries(step.signals).map(([name, input]) => [name, stats(input)]));
  const sloValue = signals[slo.metric]?.value ?? null;
  const state: SloState = step.state ?? (sloValue === null ? 'unknown' : 'ok');
  return {
    at,
    samples: step.samples ?? 10,
    stale: step.stale ?? false,
    ...(step.stale ? { stale_reason: 'no successful read for 7 s: connect ECONNREFUSED 127.0.0.1:8090' } : {}),
    signals,
    slo: { metric: slo.metric, op: slo.op, limit: slo.value, value: sloValue, state, for_s: 5, reason: `${slo.metric} ${sloValue ?? 'n/a'} (${state})` },
  };
}

export function contextOf(step: Step, setup: Setup = {}, index = 0, current = step.current ?? 8): PolicyContext {
  const period = setup.period_s ?? 1;
  const now = (setup.start ?? 1_700_000_000_000) + (step.t ?? index * period) * 1000;
  return {
    now,
    parameter: setup.parameter ?? 'workers',
    current,
    bounds: setup.bounds ?? { min: 1, max: 64 },
    slo: setup.slo ?? DEFAULT_SLO,
    analysis: analysisOf(step, setup, now),
    period_s: period,
  };
}

/**
 * Runs a policy over steps. `follow`: the next step's current is the previous proposal (rounded, clamped
 * to the bounds), as a controller that applies every proposal; otherwise each step's own `current` (default 8).
 */
export async function runSteps(policy: Policy, steps: readonly Step[], setup: Setup = {}, options: { start?: number; follow?: boolean } = {}): Promise<PolicyProposal[]> {
  const out: PolicyProposal[] = [];
  let current = options.start ?? steps[0]?.current ?? 8;
  const bounds = setup.bounds ?? { min: 1, max: 64 };
  for (const [index, step] of steps.entries()) {
    if (!options.follow) current = step.current ?? current;
    const proposal = await policy.decide(contextOf(step, setup, index, current));
    out.push(proposal);
    if (options.follow && proposal.value !== null) current = Math.min(bounds.max, Math.max(bounds.min, Math.round(proposal.value)));
  }
  return out;
}

/** `count` copies of a step. */
export function repeat(count: number, step: Step): Step[] {
  return Array.from({ length: count }, () => ({ ...step }));
}
