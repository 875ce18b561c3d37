/**
 * The Kubernetes Horizontal Pod Autoscaler's algorithm (autoscaling/v2 with its default `behavior`):
 *   ratio = metric / target; |ratio − 1| ≤ tolerance (0.1) → keep current; else desired = ceil(current · ratio)
 *   stabilization: scale down only to the highest recommendation of the last 300 s; scale up at once (window 0)
 *   rate: up to max(+100 %, +4) per 15 s; down by at most 100 % per 15 s (counted from the changes it saw)
 * The metric is the SLO's signal and the target its value. For a `<`/`<=` SLO (latency, queue wait) ratio =
 * metric / target: above the target means too few replicas. For a `>`/`>=` SLO (throughput that must stay up)
 * the ratio inverts, target / metric, so falling short still scales up. Options: `target` replaces the SLO's
 * value; `utilization_target` (e.g. 0.7) switches the metric to utilization = busy / current, the HPA's classic use.
 *
 * Where we differ: it evaluates every controller tick instead of every 15 s sync; "replicas" is the controlled
 * parameter; missing metrics give no change (the HPA assumes 100 % / 0 % of target for missing pods).
 */
import type { Policy, PolicyContext, PolicyProposal } from '../types.ts';
import { checkOption, fmt, noChange, notReady, resolveOptions, signalOf } from './policy-support.ts';

export interface HpaOptions {
  /** Dead-band around ratio 1. Default 0.1. */
  tolerance: number;
  /** Scale-down stabilization window, s: the highest recommendation in it wins. Default 300. */
  scale_down_stabilization_s: number;
  /** Scale-up stabilization window, s: the lowest recommendation in it wins. Default 0. */
  scale_up_stabilization_s: number;
  /** Scale-up policies per `period_s`: +percent and +pods, the larger wins (selectPolicy Max). Defaults 100, 4. */
  scale_up_percent: number;
  scale_up_pods: number;
  /** Scale-down policy per `period_s`: −percent. Default 100. */
  scale_down_percent: number;
  /** The rate policies' period, s. Default 15. */
  period_s: number;
  /** Target of the SLO metric; 0 = the SLO's value. */
  target: number;
  /** When > 0: the metric is utilization busy / current with this target (e.g. 0.7). Default 0 (off). */
  utilization_target: number;
}

export const HPA_DEFAULTS: Readonly<HpaOptions> = Object.freeze({
  tolerance: 0.1,
  scale_down_stabilization_s: 300,
  scale_up_stabilization_s: 0,
  scale_up_percent: 100,
  scale_up_pods: 4,
  scale_down_percent: 100,
  period_s: 15,
  target: 0,
  utilization_target: 0,
});

export class HpaPolicy implements Policy {
  readonly name = 'hpa' as const;
  readonly requires: readonly string[];
  private readonly options: HpaOptions;
  private readonly recommendations: { at: number; value: number }[] = [];
  private readonly changes: { at: number; delta: number }[] = [];
  private lastCurrent: number | null = null;

  constructor(options?: Readonly<Record<string, number>>) {
    const o = (this.options = resolveOptions('hpa', { ...HPA_DEFAULTS }, options));
    for (const key of ['tolerance', 'scale_down_stabilization_s', 'scale_up_stabilization_s', 'scale_up_percent', 'scale_up_pods', 'target', 'utilization_target'] as const) {
      checkOption('hpa', key, o[key], o[key] >= 0, '≥ 0');
    }
    checkOption('hpa', 'scale_down_percent', o.scale_down_percent, o.scale_down_percent >= 0 && o.scale_down_percent <= 100, 'from 0 to 100');
    checkOption('hpa', 'period_s', o.period_s, o.period_s > 0, '> 0');
    this.requires = o.utilization_target > 0 ? ['busy'] : [];
  }

  decide(context: PolicyContext): PolicyProposal {
    const blocked = notReady(context, this.requires);
    if (blocked) return blocked;
    const { now, current } = context;
    const o = this.options;
    this.noteChange(now, current);
    const metric = this.metric(context);
    if (typeof metric === 'string') return noChange(metric, { current, samples: context.analysis.samples });
    const name = context.parameter;
    const base = Math.max(current, 1);
    let desired = current;
    let step: string;
    if (Math.abs(metric.ratio - 1) <= o.tolerance) step = `within the ±${fmt(o.tolerance)} tolerance: recommend ${fmt(current)}`;
    else {
      desired = Math.ceil(Math.min(base * metric.ratio, context.bounds.max));
      desired = Math.max(desired, context.bounds.min);
      step = `outside ±${fmt(o.tolerance)}: ceil(${fmt(base)} × ${fmt(metric.ratio)}) = ${fmt(desired)}`;
    }
    this.recommendations.push({ at: now, value: desired });
    const keepMs = Math.max(o.scale_down_stabilization_s, o.scale_up_stabilization_s) * 1000;
    while (this.recommendations.length > 0 && this.recommendations[0]!.at < now - keepMs) this.recommendations.shift();
    // k8s stabilizeRecommendationWithBehaviors: up to the lowest of the up window, down to the highest of the down window.
    let upRecommendation = desired;
    let downRecommendation = desired;
    for (const r of this.recommendations) {
      if (r.at >= now - o.scale_up_stabilization_s * 1000) upRecommendation = Math.min(upRecommendation, r.value);
      if (r.at >= now - o.scale_down_stabilization_s * 1000) downRecommendation = Math.max(downRecommendation, r.value);
    }
    let stabilized = current;
    if (stabilized < upRecommendation) stabilized = upRecommendation;
    if (stabilized > downRecommendation) stabilized = downRecommendation;
    const { upLimit, downLimit } = this.rateLimits(now, current);
    const value = Math.min(Math.max(stabilized, downLimit), upLimit);
    const inputs = { metric: metric.value, target: metric.target, ratio: metric.ratio, desired, stabilized, up_limit: upLimit, down_limit: downLimit, current };
    let reason = `${metric.text} → ratio ${fmt(metric.ratio)}, ${step}`;
    if (stabilized !== desired) reason += `; stabilized to ${fmt(stabilized)} (highest recommendation of the last ${fmt(o.scale_down_stabilization_s)} s)`;
    if (value !== stabilized) reason += `; rate-limited to ${fmt(value)} (${value > current ? `up to max(+${fmt(o.scale_up_percent)}%, +${fmt(o.scale_up_pods)})` : `down by ${fmt(o.scale_down_percent)}%`} per ${fmt(o.period_s)} s)`;
    if (value === current) return noChange(`${reason}: ${name} stays ${fmt(current)}`, inputs);
    return { value, reason: `${reason}: ${name} ${fmt(current)} → ${fmt(value)}`, inputs };
  }

  /** The metric, its target and the ratio; a string says why there is none. */
  private metric(context: PolicyContext): { value: number; target: number; ratio: number; text: string } | string {
    const o = this.options;
    if (o.utilization_target > 0) {
      const busy = signalOf(context, 'busy')!.value;
      const value = context.current > 0 ? busy / context.current : 1;
      return { value, target: o.utilization_target, ratio: value / o.utilization_target, text: `utilization ${fmt(busy)} busy / ${fmt(context.current)} = ${fmt(value)} vs target ${fmt(o.utilization_target)}` };
    }
    const { slo } = context;
    const stats = signalOf(context, slo.metric);
    if (!stats) return `no decision: no ${slo.metric} (the HPA's metric) in the window's ${context.analysis.samples} samples`;
    const target = o.target > 0 ? o.target : slo.value;
    if (!(target > 0)) return `no decision: the target of ${slo.metric} is ${fmt(target)}; the HPA needs a target > 0`;
    const inverted = slo.op === '>' || slo.op === '>=';
    // A metric of 0 under a `>` SLO asks for "infinitely" many: the bounds' max (the ratio stays finite for the record).
    const ratio = inverted ? (stats.value > 0 ? target / stats.value : Number.MAX_SAFE_INTEGER) : stats.value / target;
    const text = `${slo.metric} ${fmt(stats.value)} vs target ${fmt(target)}${inverted ? ` (SLO ${slo.op}: ratio target / metric)` : ''}`;
    return { value: stats.value, target, ratio, text };
  }

  /** Changes of the parameter the policy saw between ticks: the HPA's scale events for its rate policies. */
  private noteChange(now: number, current: number): void {
    if (this.lastCurrent !== null && current !== this.lastCurrent) this.changes.push({ at: now, delta: current - this.lastCurrent });
    this.lastCurrent = current;
    while (this.changes.length > 0 && this.changes[0]!.at <= now - this.options.period_s * 1000) this.changes.shift();
  }

  private rateLimits(now: number, current: number): { upLimit: number; downLimit: number } {
    const o = this.options;
    let added = 0;
    let removed = 0;
    for (const change of this.changes) {
      if (change.at <= now - o.period_s * 1000) continue;
      if (change.delta > 0) added += change.delta;
      else removed -= change.delta;
    }
    const upStart = current - added;
    const upLimit = Math.max(current, Math.ceil(upStart * (1 + o.scale_up_percent / 100)), upStart + o.scale_up_pods);
    const downStart = current + removed;
    const downLimit = Math.min(current, Math.floor(downStart * (1 - o.scale_down_percent / 100)));
    return { upLimit, downLimit };
  }
}
