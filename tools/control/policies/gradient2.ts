/**
 * Netflix concurrency-limits' `Gradient2Limit` (their recommended server limiter): compare a long-term RTT
 * (an exponential average) with the latest one; when the latest is higher, queueing has begun and the limit
 * shrinks in proportion, else it grows by a fixed queue allowance.
 *
 *   longRtt  = exp. average over 600 samples (factor 2/601), a plain mean for the first 10 (warm-up)
 *   shortRtt = the latest rtt
 *   if longRtt / shortRtt > 2: longRtt ×= 0.95 (faster recovery after a load spike; used from the next sample)
 *   if inflight < L/2: no change (app-limited)
 *   gradient = clamp(1.5 · longRtt / shortRtt, 0.5, 1)
 *   new = L · gradient + queueSize (4);  L = L · (1 − 0.2) + new · 0.2, clamped to the bounds
 *
 * Where we differ: one sample per controller tick, the rtt being the window's `service_ms` (the time a unit of
 * work takes once it runs; `latency_mean_ms` when the source has no service time), like `WindowedLimit`
 * aggregating a window into one sample; the [min, max] clamp is the controller's bounds, not [20, 200]; L is
 * kept fractional while it tracks the applied value (see `trackedLimit`). Drops are ignored, as in Gradient2Limit.
 */
import type { Policy, PolicyContext, PolicyProposal } from '../types.ts';
import { checkOption, clamp, firstSignal, fmt, noChange, notReady, resolveOptions, signalOf, trackedLimit } from './policy-support.ts';

export interface Gradient2Options {
  /** Samples of the long RTT's exponential average. Default 600. */
  long_window: number;
  /** Samples averaged plainly before the exponential average starts. Default 10. */
  warmup: number;
  /** Tolerance: how much larger than the long RTT the latest may be before the limit shrinks. Default 1.5. */
  rtt_tolerance: number;
  /** Growth allowance added each sample. Default 4. */
  queue_size: number;
  /** Weight of the new limit. Default 0.2. */
  smoothing: number;
}

export const GRADIENT2_DEFAULTS: Readonly<Gradient2Options> = Object.freeze({ long_window: 600, warmup: 10, rtt_tolerance: 1.5, queue_size: 4, smoothing: 0.2 });

const RTT_SIGNALS = ['service_ms', 'latency_mean_ms'] as const;

/** Netflix's `ExpAvgMeasurement`: a mean over the warm-up samples, then an exponential average with factor 2/(window+1). */
export class ExpAvgMeasurement {
  private count = 0;
  private sum = 0;
  value = 0;

  constructor(
    private readonly window: number,
    private readonly warmup: number,
  ) {}

  add(sample: number): number {
    if (this.count < this.warmup) {
      this.count++;
      this.sum += sample;
      this.value = this.sum / this.count;
    } else {
      const factor = 2 / (this.window + 1);
      this.value = this.value * (1 - factor) + sample * factor;
    }
    return this.value;
  }
}

export class Gradient2Policy implements Policy {
  readonly name = 'gradient2' as const;
  readonly requires = ['inflight'] as const;
  private readonly options: Gradient2Options;
  private readonly longRtt: ExpAvgMeasurement;
  private estimate: number | null = null;

  constructor(options?: Readonly<Record<string, number>>) {
    const o = (this.options = resolveOptions('gradient2', { ...GRADIENT2_DEFAULTS }, options));
    checkOption('gradient2', 'long_window', o.long_window, Number.isInteger(o.long_window) && o.long_window >= 1, 'an integer ≥ 1');
    checkOption('gradient2', 'warmup', o.warmup, Number.isInteger(o.warmup) && o.warmup >= 0, 'an integer ≥ 0');
    checkOption('gradient2', 'rtt_tolerance', o.rtt_tolerance, o.rtt_tolerance >= 1, '≥ 1');
    checkOption('gradient2', 'queue_size', o.queue_size, o.queue_size >= 0, '≥ 0');
    checkOption('gradient2', 'smoothing', o.smoothing, o.smoothing > 0 && o.smoothing <= 1, '> 0 and ≤ 1');
    this.longRtt = new ExpAvgMeasurement(o.long_window, o.warmup);
  }

  decide(context: PolicyContext): PolicyProposal {
    const blocked = notReady(context, this.requires);
    if (blocked) return blocked;
    const rtt = firstSignal(context, RTT_SIGNALS);
    if (!rtt) return noChange(`no decision: no service_ms or latency_mean_ms (the rtt) in the window's ${context.analysis.samples} samples`, { samples: context.analysis.samples });
    const shortRtt = rtt.stats.value;
    if (!(shortRtt > 0)) return noChange(`no decision: ${rtt.name} ${fmt(shortRtt)} ms is not a usable rtt (> 0 needed)`, { short_rtt_ms: shortRtt });
    const { rtt_tolerance: tolerance, queue_size: queueSize, smoothing } = this.options;
    const limit = trackedLimit(this.estimate, context.current);
    const inflight = signalOf(context, 'inflight')!.value;
    const longRtt = this.longRtt.add(shortRtt);
    const recovering = longRtt / shortRtt > 2;
    if (recovering) this.longRtt.value *= 0.95;
    const inputs: Record<string, number> = { limit, inflight, long_rtt_ms: longRtt, short_rtt_ms: shortRtt, queue_size: queueSize };
    const name = context.parameter;
    const rttText = `long rtt ${fmt(longRtt)} ms, short rtt ${fmt(shortRtt)} ms (${rtt.name})${recovering ? ', long rtt ×0.95 (over 2× the short)' : ''}`;
    if (inflight < limit / 2) {
      this.estimate = limit;
      return noChange(`app-limited: inflight ${fmt(inflight)} < ${name} ${fmt(limit)} / 2 (${rttText}): ${name} stays ${fmt(limit)}`, inputs);
    }
    const gradient = clamp((tolerance * longRtt) / shortRtt, 0.5, 1);
    const raw = limit * gradient + queueSize;
    const smoothed = limit * (1 - smoothing) + raw * smoothing;
    const value = clamp(smoothed, context.bounds.min, context.bounds.max);
    this.estimate = value;
    inputs.gradient = gradient;
    return {
      value,
      reason: `${rttText}: gradient clamp(${fmt(tolerance)} × ${fmt(longRtt)} / ${fmt(shortRtt)}, 0.5, 1) = ${fmt(gradient)} → ${name} ${fmt(limit)} × ${fmt(gradient)} + ${fmt(queueSize)}, smoothed ${fmt(smoothing)}: ${fmt(value)}`,
      inputs,
    };
  }
}
