/**
 * The controller's guard rails on a policy's proposal, as pure functions: clamp to the bounds, round an integer
 * parameter, and limit one step to `max_step_ratio` of the current value (×(1+r) up, ÷(1+r) down: with the default
 * r = 1 that is ×2 / ÷2), at least one unit so a small value can still move. The result is always inside the bounds.
 * And the rollback rule on a change already applied (judgeChange).
 */
import { formatNumber } from './analyzer.ts';
import type { Analysis, ControllerSettings, SloOp } from './types.ts';

export interface StepLimits {
  bounds: { min: number; max: number };
  integer: boolean;
  max_step_ratio: number;
}

export interface PlannedStep {
  value: number;
  /** What the guard rails changed, in words ("limited to ×2: 16 instead of 40", "clamped to the upper bound 64"). */
  notes: string[];
}

export function clampToBounds(value: number, limits: StepLimits): number {
  const { min, max } = limits.bounds;
  const clamped = Math.min(max, Math.max(min, value));
  if (!limits.integer) return clamped;
  // Whole-number bounds (control-section.ts checks them), so rounding inside them stays inside.
  return Math.min(Math.floor(max), Math.max(Math.ceil(min), Math.round(clamped)));
}

/** The smallest move worth making: one unit for an integer, 1% of the range otherwise. */
export function unitOf(limits: StepLimits): number {
  return limits.integer ? 1 : (limits.bounds.max - limits.bounds.min) / 100;
}

/** From the current value (inside the bounds) towards `proposed`, within the step limit and the bounds. */
export function planStep(current: number, proposed: number, limits: StepLimits): PlannedStep {
  const notes: string[] = [];
  let target = clampToBounds(proposed, limits);
  if (proposed > limits.bounds.max) notes.push(`clamped to the upper bound ${formatNumber(limits.bounds.max)}`);
  else if (proposed < limits.bounds.min) notes.push(`clamped to the lower bound ${formatNumber(limits.bounds.min)}`);
  const unit = unitOf(limits);
  const ratio = limits.max_step_ratio;
  const upLimit = Math.max(current * (1 + ratio), current + unit);
  const downLimit = Math.min(current / (1 + ratio), current - unit);
  if (target > upLimit) {
    const limited = clampToBounds(limits.integer ? Math.floor(upLimit) : upLimit, limits);
    notes.push(`step limited to ×${formatNumber(1 + ratio)}: ${formatNumber(limited)} instead of ${formatNumber(target)}`);
    target = limited;
  } else if (target < downLimit) {
    const limited = clampToBounds(limits.integer ? Math.ceil(downLimit) : downLimit, limits);
    notes.push(`step limited to ÷${formatNumber(1 + ratio)}: ${formatNumber(limited)} instead of ${formatNumber(target)}`);
    target = limited;
  }
  return { value: target, notes };
}

/** A change the controller applied, watched for `rollback_after_s`. */
export interface AppliedChange {
  at: number;
  from: number;
  to: number;
  /** The SLO signal's value when the change was made. */
  sloBefore: number | null;
  /** The load (requests_per_s, else work_per_s) when the change was made: a worse SLO under more load is the load's doing. */
  loadBefore?: number | null;
}

/** Load growth beyond which a worse SLO is put down to the load, not to the change. */
export const LOAD_RISE_RATIO = 0.1;

/** The load the analysis sees now: requests per second, else units of work per second; null when neither is known. */
export function loadOf(analysis: Analysis): number | null {
  return analysis.signals.requests_per_s?.value ?? analysis.signals.work_per_s?.value ?? null;
}

export type ChangeVerdict = 'keep' | 'expired' | { reason: string; block: { direction: 'up' | 'down'; until: number; why: string } };

/**
 * Whether to undo `change`: only within `rollback_after_s`, only once the change has had time to show (after
 * max(cooldown_s, 2 periods): earlier windows still hold the time before it), only when the SLO is violated now,
 * only when the load did not grow by more than LOAD_RISE_RATIO since (a load step coinciding with the change is
 * not the change's fault), and only when the SLO value moved the wrong way by more than `rollback_worse_ratio` of the
 * value before the change. The direction of the change is then blocked for max(cooldown_s, rollback_after_s), so
 * the policy cannot redo it at once.
 */
export function judgeChange(options: { change: AppliedChange; analysis: Analysis; now: number; op: SloOp; parameter: string; settings: ControllerSettings }): ChangeVerdict {
  const { change, analysis, now, op, parameter: p } = options;
  const { rollback_after_s, rollback_worse_ratio, cooldown_s } = options.settings;
  if (now - change.at > rollback_after_s * 1000) return 'expired';
  if (now - change.at < Math.max(cooldown_s, 2 * options.settings.period_s) * 1000) return 'keep';
  const load = loadOf(analysis);
  if (change.loadBefore != null && load !== null && load > change.loadBefore * (1 + LOAD_RISE_RATIO)) return 'keep';
  const value = analysis.slo.value;
  if (analysis.slo.state !== 'violated' || value === null || change.sloBefore === null) return 'keep';
  const upper = op === '<' || op === '<=';
  const worse = upper ? value - change.sloBefore : change.sloBefore - value;
  if (!(worse > rollback_worse_ratio * Math.abs(change.sloBefore))) return 'keep';
  const direction = change.to > change.from ? 'up' : 'down';
  const blockS = Math.max(cooldown_s, rollback_after_s);
  const why = `${p} ${formatNumber(change.from)} → ${formatNumber(change.to)} made ${analysis.slo.reason} worse than ${formatNumber(change.sloBefore)} before it (by more than ${formatNumber(rollback_worse_ratio * 100)}%)`;
  return {
    reason: `${why} → back to ${p} ${formatNumber(change.from)}; ${direction === 'up' ? 'raising' : 'lowering'} it is blocked for ${formatNumber(blockS)} s`,
    block: { direction, until: now + blockS * 1000, why },
  };
}
