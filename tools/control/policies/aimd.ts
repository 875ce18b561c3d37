/**
 * Additive increase, multiplicative decrease, as Netflix concurrency-limits' `AIMDLimit`: on a drop,
 * L = floor(L·backoff); otherwise, when the limit is in use (inflight·2 ≥ L), L + 1; otherwise the service is
 * app-limited and L stays. Where we differ: a "drop" is a window with the SLO violated, any errors, or an rtt
 * (p99 latency, else mean, else service time) above the timeout, since we see windows, not single requests;
 * L is the controller's current value each tick (its bounds replace AIMDLimit's [20, 200] clamp).
 */
import type { Policy, PolicyContext, PolicyProposal } from '../types.ts';
import { checkOption, dropReason, firstSignal, fmt, noChange, notReady, resolveOptions, signalOf } from './policy-support.ts';

export interface AimdOptions {
  /** L·backoff on a drop; AIMDLimit allows 0.5 ≤ backoff < 1. Default 0.9. */
  backoff_ratio: number;
  /** An rtt above this is a drop, ms. Default 5000 (AIMDLimit's 5 s). */
  timeout_ms: number;
}

export const AIMD_DEFAULTS: Readonly<AimdOptions> = Object.freeze({ backoff_ratio: 0.9, timeout_ms: 5000 });

/** The rtt compared with the timeout: the worst requests of the window when the source has percentiles. */
const RTT_SIGNALS = ['latency_p99_ms', 'latency_mean_ms', 'service_ms'] as const;

export class AimdPolicy implements Policy {
  readonly name = 'aimd' as const;
  readonly requires = ['inflight'] as const;
  private readonly options: AimdOptions;

  constructor(options?: Readonly<Record<string, number>>) {
    this.options = resolveOptions('aimd', { ...AIMD_DEFAULTS }, options);
    const ratio = this.options.backoff_ratio;
    checkOption('aimd', 'backoff_ratio', ratio, ratio >= 0.5 && ratio < 1, '≥ 0.5 and < 1');
    checkOption('aimd', 'timeout_ms', this.options.timeout_ms, this.options.timeout_ms > 0, '> 0');
  }

  decide(context: PolicyContext): PolicyProposal {
    const blocked = notReady(context, this.requires);
    if (blocked) return blocked;
    const limit = context.current;
    const inflight = signalOf(context, 'inflight')!.value;
    const rtt = firstSignal(context, RTT_SIGNALS);
    const inputs: Record<string, number> = { limit, inflight, backoff_ratio: this.options.backoff_ratio };
    if (rtt) inputs.rtt_ms = rtt.stats.value;
    const name = context.parameter;
    const drop = dropReason(context, rtt ? rtt.stats.value : null, this.options);
    if (drop) {
      const value = Math.floor(limit * this.options.backoff_ratio);
      return { value, reason: `drop (${drop}) → ${name} ×${fmt(this.options.backoff_ratio)}: floor(${fmt(limit)} × ${fmt(this.options.backoff_ratio)}) = ${fmt(value)}`, inputs };
    }
    if (inflight * 2 >= limit) {
      return { value: limit + 1, reason: `no drop and inflight ${fmt(inflight)} × 2 ≥ ${name} ${fmt(limit)} → +1: ${fmt(limit)} → ${fmt(limit + 1)}`, inputs };
    }
    return noChange(`app-limited: inflight ${fmt(inflight)} × 2 < ${name} ${fmt(limit)}, no drop: ${name} stays ${fmt(limit)}`, inputs);
  }
}
