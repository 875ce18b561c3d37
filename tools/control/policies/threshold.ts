/**
 * The hand-written autoscaler most services start with: grow the pool by a factor when requests wait for a
 * worker, shrink it by the same factor when it idles. Reactive (it acts once waiting has happened) and
 * blind to how much capacity the load needs, which is why `little` beats it; kept as the baseline.
 */
import type { Policy, PolicyContext, PolicyProposal } from '../types.ts';
import { checkOption, fmt, noChange, notReady, resolveOptions, signalOf } from './policy-support.ts';

export interface ThresholdOptions {
  /** Grow when the window's mean queue wait and the latest one are above this, ms. Default 5. */
  threshold_ms: number;
  /** Grow ×factor (ceil), shrink ×1/factor (floor). Default 1.5. */
  grow_factor: number;
  /** Idle: mean busy / current below this (and queue wait ≈ 0, SLO ok). Default 0.3. */
  shrink_utilization: number;
}

export const THRESHOLD_DEFAULTS: Readonly<ThresholdOptions> = Object.freeze({ threshold_ms: 5, grow_factor: 1.5, shrink_utilization: 0.3 });

/** "Queue wait ≈ 0": the window's mean below a tenth of the threshold. */
const IDLE_WAIT_SHARE = 0.1;

export class ThresholdPolicy implements Policy {
  readonly name = 'threshold' as const;
  readonly requires = ['queue_wait_ms', 'busy'] as const;
  private readonly options: ThresholdOptions;

  constructor(options?: Readonly<Record<string, number>>) {
    this.options = resolveOptions('threshold', { ...THRESHOLD_DEFAULTS }, options);
    checkOption('threshold', 'threshold_ms', this.options.threshold_ms, this.options.threshold_ms > 0, '> 0');
    checkOption('threshold', 'grow_factor', this.options.grow_factor, this.options.grow_factor > 1, '> 1');
    const share = this.options.shrink_utilization;
    checkOption('threshold', 'shrink_utilization', share, share >= 0 && share < 1, '≥ 0 and < 1');
  }

  decide(context: PolicyContext): PolicyProposal {
    const blocked = notReady(context, this.requires);
    if (blocked) return blocked;
    const { threshold_ms: threshold, grow_factor: factor, shrink_utilization: idleShare } = this.options;
    const wait = signalOf(context, 'queue_wait_ms')!;
    const busy = signalOf(context, 'busy')!;
    const current = context.current;
    const name = context.parameter;
    const utilization = current > 0 ? busy.mean / current : 1;
    const inputs = { queue_wait_mean_ms: wait.mean, queue_wait_ms: wait.value, threshold_ms: threshold, busy: busy.mean, utilization, current };
    if (wait.mean > threshold && wait.value > threshold) {
      const value = Math.max(Math.ceil(current * factor), current + 1);
      return { value, reason: `queue wait ${fmt(wait.mean)} ms (window mean; latest ${fmt(wait.value)} ms) > ${fmt(threshold)} ms → ${name} ×${fmt(factor)}: ${fmt(current)} → ${fmt(value)}`, inputs };
    }
    const idle = utilization < idleShare && wait.mean < threshold * IDLE_WAIT_SHARE && context.analysis.slo.state === 'ok';
    if (idle) {
      // Keep one spare worker above the busiest moment of the window, so a shrink never starts a queue.
      const floor = Math.ceil(busy.max) + 1;
      const value = Math.max(Math.floor(current / factor), floor);
      const why = `idle: utilization ${fmt(utilization * 100)}% < ${fmt(idleShare * 100)}%, queue wait ${fmt(wait.mean)} ms, SLO ok`;
      if (value < current) return { value, reason: `${why} → ${name} ÷${fmt(factor)}: ${fmt(current)} → ${fmt(value)} (kept ≥ busy max ${fmt(busy.max)} + 1)`, inputs };
      return noChange(`${why}, but ${name} ${fmt(current)} is already the smallest that keeps busy max ${fmt(busy.max)} + 1`, inputs);
    }
    return noChange(`queue wait ${fmt(wait.mean)} ms ≤ ${fmt(threshold)} ms (latest ${fmt(wait.value)} ms) and not idle (utilization ${fmt(utilization * 100)}%, SLO ${context.analysis.slo.state}): ${name} stays ${fmt(current)}`, inputs);
  }
}
