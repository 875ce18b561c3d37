/**
 * Netflix concurrency-limits' `VegasLimit` (TCP Vegas applied to a concurrency limit): estimate the queue as
 * queue = ceil(L · (1 − rtt_noload / rtt)), with rtt_noload the smallest rtt seen, and keep it between alpha
 * and beta. With log = max(1, ⌊log10 L⌋): alpha = 3·log, beta = 6·log, threshold = log.
 *   drop → L − log;  inflight·2 < L → no change (app-limited);  queue ≤ threshold → L + beta;
 *   queue < alpha → L + log;  queue > beta → L − log;  else no change.
 * Then L = (1 − s)·L_old + s·L_new (smoothing s = 1.0). A new minimum rtt is only recorded (no update), and
 * every probeJitter(0.5..1) · probeMultiplier(30) · L samples rtt_noload is reset to the latest rtt (re-probe).
 *
 * Where we differ: one sample per controller tick (the rtt is the window's `service_ms`, else
 * `latency_mean_ms`); a drop is the SLO violated, errors in the window or an rtt above the timeout; the clamp
 * is the controller's bounds, not [1, 1000]; the probe jitter comes from a seeded generator (deterministic).
 */
import { createRng, type Rng } from '../../common/rng.ts';
import type { Policy, PolicyContext, PolicyProposal } from '../types.ts';
import { checkOption, clamp, dropReason, firstSignal, fmt, noChange, notReady, resolveOptions, signalOf, trackedLimit } from './policy-support.ts';

export interface VegasOptions {
  /** Re-probe rtt_noload every jitter · this · L samples. Default 30. */
  probe_multiplier: number;
  /** Weight of the new limit. Default 1.0. */
  smoothing: number;
  /** An rtt above this is a drop, ms. Default 5000. */
  timeout_ms: number;
}

export const VEGAS_DEFAULTS: Readonly<VegasOptions> = Object.freeze({ probe_multiplier: 30, smoothing: 1, timeout_ms: 5000 });

const RTT_SIGNALS = ['service_ms', 'latency_mean_ms'] as const;
const PROBE_SEED = 15;

/** Vegas's log10 step: max(1, ⌊log10 L⌋) over the integer limit. */
export function vegasLog(limit: number): number {
  return Math.max(1, Math.floor(Math.log10(Math.max(1, Math.trunc(limit)))));
}

export class VegasPolicy implements Policy {
  readonly name = 'vegas' as const;
  readonly requires = ['inflight'] as const;
  private readonly options: VegasOptions;
  private readonly rng: Rng;
  private rttNoLoad = 0;
  private probeCount = 0;
  private probeJitter: number;
  private estimate: number | null = null;

  constructor(options?: Readonly<Record<string, number>>, rng?: Rng) {
    const o = (this.options = resolveOptions('vegas', { ...VEGAS_DEFAULTS }, options));
    checkOption('vegas', 'probe_multiplier', o.probe_multiplier, o.probe_multiplier > 0, '> 0');
    checkOption('vegas', 'smoothing', o.smoothing, o.smoothing > 0 && o.smoothing <= 1, '> 0 and ≤ 1');
    checkOption('vegas', 'timeout_ms', o.timeout_ms, o.timeout_ms > 0, '> 0');
    this.rng = rng ?? createRng(PROBE_SEED);
    this.probeJitter = this.nextJitter();
  }

  decide(context: PolicyContext): PolicyProposal {
    const blocked = notReady(context, this.requires);
    if (blocked) return blocked;
    const rttSignal = firstSignal(context, RTT_SIGNALS);
    if (!rttSignal) return noChange(`no decision: no service_ms or latency_mean_ms (the rtt) in the window's ${context.analysis.samples} samples`, { samples: context.analysis.samples });
    const rtt = rttSignal.stats.value;
    if (!(rtt > 0)) return noChange(`no decision: ${rttSignal.name} ${fmt(rtt)} ms is not a usable rtt (> 0 needed)`, { rtt_ms: rtt });
    const limit = trackedLimit(this.estimate, context.current);
    this.estimate = limit;
    const name = context.parameter;
    this.probeCount++;
    if (this.probeJitter * this.options.probe_multiplier * limit <= this.probeCount) {
      const samples = this.probeCount;
      this.probeJitter = this.nextJitter();
      this.probeCount = 0;
      this.rttNoLoad = rtt;
      return noChange(`re-probe after ${samples} samples: rtt_noload reset to ${fmt(rtt)} ms; ${name} stays ${fmt(limit)}`, { rtt_ms: rtt, rtt_noload_ms: rtt, limit });
    }
    if (this.rttNoLoad === 0 || rtt < this.rttNoLoad) {
      const before = this.rttNoLoad;
      this.rttNoLoad = rtt;
      return noChange(`new minimum rtt ${fmt(rtt)} ms${before > 0 ? ` (was ${fmt(before)} ms)` : ''}: rtt_noload recorded, ${name} stays ${fmt(limit)}`, { rtt_ms: rtt, rtt_noload_ms: rtt, limit });
    }
    const inflight = signalOf(context, 'inflight')!.value;
    const queue = Math.ceil(limit * (1 - this.rttNoLoad / rtt));
    const log = vegasLog(limit);
    const alpha = 3 * log;
    const beta = 6 * log;
    const threshold = log;
    const inputs = { limit, inflight, rtt_ms: rtt, rtt_noload_ms: this.rttNoLoad, queue, alpha, beta, threshold };
    const queueText = `queue ceil(${fmt(limit)} × (1 − ${fmt(this.rttNoLoad)} / ${fmt(rtt)})) = ${queue}`;
    let next: number;
    let why: string;
    const drop = dropReason(context, rtt, this.options);
    if (drop) {
      next = limit - log;
      why = `drop (${drop}) → −${log}`;
    } else if (inflight * 2 < limit) {
      return noChange(`app-limited: inflight ${fmt(inflight)} × 2 < ${name} ${fmt(limit)} (${queueText}): ${name} stays ${fmt(limit)}`, inputs);
    } else if (queue <= threshold) {
      next = limit + beta;
      why = `${queueText} ≤ threshold ${threshold} → +beta ${beta}`;
    } else if (queue < alpha) {
      next = limit + log;
      why = `${queueText} < alpha ${alpha} → +${log}`;
    } else if (queue > beta) {
      next = limit - log;
      why = `${queueText} > beta ${beta} → −${log}`;
    } else {
      return noChange(`${queueText} within alpha ${alpha} .. beta ${beta}: ${name} stays ${fmt(limit)}`, inputs);
    }
    const clamped = clamp(next, context.bounds.min, context.bounds.max);
    const value = (1 - this.options.smoothing) * limit + this.options.smoothing * clamped;
    this.estimate = value;
    return { value, reason: `${why}: ${name} ${fmt(limit)} → ${fmt(value)}`, inputs };
  }

  private nextJitter(): number {
    return 0.5 + 0.5 * this.rng.next();
  }
}
