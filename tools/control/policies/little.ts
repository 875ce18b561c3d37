/**
 * Capacity planning for a worker pool by Little's law: workers busy = work started per second × service time.
 * Sizing the pool for a target utilization leaves room for the bursts of random arrivals, so the pool grows
 * *before* requests wait (the threshold rule only reacts once they have):
 *
 *   offered = work_per_s × service_ms / 1000                 (busy workers the load needs, Little's law)
 *   surge   = max(0, Δinflight / Δt) × service_ms / 1000     (arrivals beyond what the pool starts: the queue's growth)
 *   drain   = max(0, inflight − busy) × service_ms / 1000 / drain_s   (clear the backlog within drain_s)
 *   need    = (offered + surge + drain) / target_utilization (0.7)
 *   headroom when requests wait (queue_wait_ms > 0) or the SLO is at risk / violated: max(need × 1.2, need + 1)
 *   needed  = ceil(need), at least the lower bound
 *
 * A saturated pool starts only as much work as it has workers, so work_per_s alone under-states the load:
 * when the pool is full and requests wait longer than a service time, the work rate is at least the pool's own
 * throughput busy / service time (Little's law on the pool; work_per_s, a rate over the source's window, lags a
 * step), and surge and drain (from the `inflight` and `busy` gauges, when the source has them) add what waits.
 * Diminishing returns: a full pool whose last growth raised its throughput by less than `min_gain` (25%) of the
 * growth stops growing until it is no longer full: the backend is contended (the example service slows 15% per
 * concurrent lookup beyond 4), and more workers would only slow every request.
 * While the pool is full and the SLO violated, the demand beyond its throughput is hidden (both rates measure what
 * it served), so the need is at least ×`full_growth` (2) of the current size, like TCP's slow start.
 * With `beta` > 0 the need is at least load + beta × √load (square-root staffing): small pools keep more spare room.
 * Up at once; down only after the need stayed below the current value for `stabilization_s` (default 10 s),
 * then to the highest need of that stretch, so a noisy window does not flap the pool.
 * Without work_per_s or service_ms in the window (no work ran) it sizes from busy / target_utilization.
 * Our own policy: no anchor; the queueing-theory staffing rule it simplifies is Little's law plus a utilization cap.
 */
import type { Policy, PolicyContext, PolicyProposal } from '../types.ts';
import { checkOption, fmt, noChange, notReady, resolveOptions, signalOf } from './policy-support.ts';

export interface LittleOptions {
  /** Busy share the pool is sized for. Default 0.7. */
  target_utilization: number;
  /** Extra capacity when requests wait or the SLO is at risk: ×factor (at least +1). Default 1.2. */
  headroom_factor: number;
  /** Seconds the need must stay below the current value before scaling down. Default 10. */
  stabilization_s: number;
  /** Seconds to clear a backlog of queued requests in. Default 5. */
  drain_s: number;
  /**
   * Diminishing returns: after growing a full pool, the pool's throughput (busy / service time) must rise by at
   * least this share of the growth (e.g. ×2 workers → ≥ +25%), else more workers only add contention and the pool
   * stops growing until it is no longer full. Default 0.25; 0 turns the check off.
   */
  min_gain: number;
  /**
   * A full pool with the SLO violated hides the demand beyond its own throughput (work_per_s and busy / service
   * time both measure what it served), so it grows by at least this factor per decision, like TCP's slow start,
   * until it is no longer full (the controller's step limit still applies). Default 2; 1 turns it off.
   */
  full_growth: number;
  /**
   * Square-root staffing (Halfin–Whitt): the pool holds at least load + beta × √load workers, so a small pool keeps
   * room for random service times (3 workers at 80% busy queue often; 14 at 80% rarely). The utilization target
   * dominates for large pools, this term for small ones. Default 0 (off).
   */
  beta: number;
}

export const LITTLE_DEFAULTS: Readonly<LittleOptions> = Object.freeze({ target_utilization: 0.7, headroom_factor: 1.2, stabilization_s: 10, drain_s: 5, min_gain: 0.25, full_growth: 2, beta: 0 });

/** Rounding slack: a need of 8.0000001 (float noise) is 8 workers, not 9. */
const EPSILON = 1e-9;

export class LittlePolicy implements Policy {
  readonly name = 'little' as const;
  readonly requires = ['work_per_s', 'service_ms'] as const;
  private readonly options: LittleOptions;
  private previousInflight: { at: number; value: number } | null = null;
  /** Needs since they went below the current value (the scale-down stretch). */
  private lowNeeds: { at: number; value: number }[] = [];
  /** The value the stretch is compared with: any change of the parameter starts a new stretch. */
  private lowAgainst: number | null = null;
  private lowSince: number | null = null;
  /** The value a full pool was last grown from, and its throughput then. */
  private fullGrowth: { from: number; rate: number } | null = null;

  constructor(options?: Readonly<Record<string, number>>) {
    const o = (this.options = resolveOptions('little', { ...LITTLE_DEFAULTS }, options));
    checkOption('little', 'target_utilization', o.target_utilization, o.target_utilization > 0 && o.target_utilization <= 1, '> 0 and ≤ 1');
    checkOption('little', 'headroom_factor', o.headroom_factor, o.headroom_factor >= 1, '≥ 1');
    checkOption('little', 'stabilization_s', o.stabilization_s, o.stabilization_s >= 0, '≥ 0');
    checkOption('little', 'drain_s', o.drain_s, o.drain_s > 0, '> 0');
    checkOption('little', 'min_gain', o.min_gain, o.min_gain >= 0 && o.min_gain <= 1, 'from 0 to 1');
    checkOption('little', 'full_growth', o.full_growth, o.full_growth >= 1 && o.full_growth <= 10, 'from 1 to 10');
    checkOption('little', 'beta', o.beta, o.beta >= 0 && o.beta <= 5, 'from 0 to 5');
  }

  decide(context: PolicyContext): PolicyProposal {
    const blocked = notReady(context, []);
    if (blocked) return blocked;
    const o = this.options;
    const { current, now } = context;
    const name = context.parameter;
    const work = signalOf(context, 'work_per_s');
    const service = signalOf(context, 'service_ms');
    const busy = signalOf(context, 'busy');
    const inflight = signalOf(context, 'inflight');
    const wait = signalOf(context, 'queue_wait_ms');
    const inputs: Record<string, number> = { current, target_utilization: o.target_utilization };
    const growth = this.inflightGrowth(now, inflight?.value);
    let load: number;
    let basis: string;
    let full: { rate: number } | null = null;
    if (work && service) {
      const seconds = service.value / 1000;
      const backlog = inflight && busy ? Math.max(0, inflight.value - busy.value) : 0;
      // A full pool with a real queue (requests wait longer than a service time) starts only as much work as it
      // has workers, and work_per_s (a rate over the source's window) lags a step: the pool's own throughput now,
      // busy / service time, is the better floor.
      const saturated = busy !== undefined && backlog > 0 && busy.value >= current - 0.5 && seconds > 0 && wait !== undefined && wait.value >= service.value;
      const poolRate = saturated ? busy.value / seconds : 0;
      if (saturated) full = { rate: poolRate };
      const rate = Math.max(work.value, poolRate);
      const offered = rate * seconds;
      const surge = growth * seconds;
      const drain = (backlog * seconds) / o.drain_s;
      load = offered + surge + drain;
      Object.assign(inputs, { work_per_s: work.value, service_ms: service.value, offered, surge, backlog, drain });
      basis =
        rate > work.value
          ? `pool full (busy ${fmt(busy!.value)} of ${fmt(current)}, ${fmt(backlog)} queued): ${fmt(busy!.value)} / ${fmt(service.value)} ms = ${fmt(rate)} work/s > measured ${fmt(work.value)}/s, × ${fmt(service.value)} ms = ${fmt(offered)} busy`
          : `${fmt(work.value)} work/s × ${fmt(service.value)} ms = ${fmt(offered)} busy`;
      if (surge > 0) basis += ` + surge ${fmt(surge)} (inflight +${fmt(growth)}/s)`;
      if (drain > 0) basis += ` + drain ${fmt(drain)} (${fmt(backlog)} queued in ${fmt(o.drain_s)} s)`;
    } else if (busy) {
      load = busy.value;
      inputs.busy = busy.value;
      basis = `no ${work ? 'service_ms' : 'work_per_s'} in the window: busy ${fmt(busy.value)}`;
    } else {
      return noChange(`no decision: no work_per_s and service_ms, nor busy, in the window's ${context.analysis.samples} samples`, inputs);
    }
    if (!full) this.fullGrowth = null;
    let need = load / o.target_utilization;
    let text = `${basis}; need ${fmt(load)} / ${fmt(o.target_utilization)} utilization = ${fmt(need)}`;
    const staffed = load + o.beta * Math.sqrt(load);
    if (staffed > need) {
      need = staffed;
      text += `, at least ${fmt(load)} + ${fmt(o.beta)} × √${fmt(load)} = ${fmt(staffed)} (square-root staffing)`;
    }
    const state = context.analysis.slo.state;
    // A queue worth headroom: waits longer than a tenth of a service time (at least 0.5 ms), not timer noise.
    const waiting = wait !== undefined && wait.value > Math.max(0.5, 0.1 * (service?.value ?? 0));
    if (waiting || state === 'at_risk' || state === 'violated') {
      need = Math.max(need * o.headroom_factor, need + 1);
      text += `, with headroom (${waiting ? `queue wait ${fmt(wait!.value)} ms` : `SLO ${state}`}) ${fmt(need)}`;
    }
    if (full && state === 'violated' && o.full_growth > 1 && need < current * o.full_growth) {
      need = current * o.full_growth;
      text += `; the full pool hides the demand beyond its throughput: at least ×${fmt(o.full_growth)} = ${fmt(need)}`;
    }
    const needed = Math.max(context.bounds.min, Math.ceil(need - EPSILON));
    Object.assign(inputs, { need, needed });
    if (needed >= current || this.lowAgainst !== current) {
      this.lowNeeds = [];
      this.lowSince = null;
    }
    this.lowAgainst = current;
    if (needed > current) {
      const stalled = this.stalledGrowth(full, current, name);
      if (stalled) return noChange(`${text}, but ${stalled}: ${name} stays ${fmt(current)} while the backlog drains`, inputs);
      // A growth still pending (asked from this value, not applied yet) keeps the throughput measured before it.
      if (full && this.fullGrowth?.from !== current) this.fullGrowth = { from: current, rate: full.rate };
      return { value: needed, reason: `${text} → ${name} ${fmt(current)} → ${fmt(needed)}`, inputs };
    }
    if (needed === current) return noChange(`${text} → ${name} ${fmt(current)} fits`, inputs);
    this.lowSince ??= now;
    this.lowNeeds.push({ at: now, value: needed });
    // Only the stretch's last stabilization_s count (bounded memory while a dry run never changes the value).
    while (this.lowNeeds[0]!.at < now - o.stabilization_s * 1000) this.lowNeeds.shift();
    const lowFor = (now - this.lowSince) / 1000;
    if (lowFor < o.stabilization_s) {
      return noChange(`${text} → ${fmt(needed)} < ${name} ${fmt(current)} for ${fmt(lowFor)} s of ${fmt(o.stabilization_s)} s: waiting before scaling down`, inputs);
    }
    const value = Math.max(...this.lowNeeds.map((n) => n.value));
    return { value, reason: `${text}; the need stayed below ${fmt(current)} for ${fmt(lowFor)} s (highest of the last ${fmt(o.stabilization_s)} s: ${fmt(value)}) → ${name} ${fmt(current)} → ${fmt(value)}`, inputs };
  }

  /**
   * Diminishing returns on a full pool: when the last growth (from → current) raised the pool's throughput by
   * less than `min_gain` of its relative size, more workers add contention, not throughput. Returns why, or null.
   * Forgotten once the pool is no longer full.
   */
  private stalledGrowth(full: { rate: number } | null, current: number, name: string): string | null {
    const last = this.fullGrowth;
    if (!full || !last || this.options.min_gain === 0 || current <= last.from || last.rate <= 0) return null;
    const grown = current / last.from - 1;
    const gained = full.rate / last.rate - 1;
    if (gained >= this.options.min_gain * grown) return null;
    return `diminishing returns: ${name} ${fmt(last.from)} → ${fmt(current)} (+${fmt(grown * 100)}%) raised the full pool's throughput ${fmt(last.rate)} → ${fmt(full.rate)}/s (${gained >= 0 ? '+' : ''}${fmt(gained * 100)}% < ${fmt(this.options.min_gain * 100)}% of the growth)`;
  }

  /** Growth of the inflight gauge per second since the previous tick (0 when falling, unknown or first). */
  private inflightGrowth(now: number, value: number | undefined): number {
    const previous = this.previousInflight;
    this.previousInflight = value === undefined ? null : { at: now, value };
    if (!previous || value === undefined || now <= previous.at) return 0;
    return Math.max(0, (value - previous.value) / ((now - previous.at) / 1000));
  }
}
