/**
 * The controller's guard rails on a policy's proposal, as pure functions: clamp to the bounds, round an integer
 * parameter, and limit one step to `max_step_ratio` of the current value (×(1+r) up, ÷(1+r) down: with the default
 * r = 1 that is ×2 / ÷2), at least one unit so a small value can still move. The result is always inside the bounds.
 */
import { formatNumber } from './analyzer.ts';

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
