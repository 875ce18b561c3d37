/**
 * Learning-rate schedules for training targets.
 *
 * Cosine annealing (Loshchilov & Hutter, "SGDR", 2017, without restarts) after a linear warm-up (Goyal et al., 2017):
 * warm-up ramps from base/warmupSteps to base over `warmupSteps` steps, then the rate follows
 * min + (base − min)·(1 + cos(π·progress))/2 down to `min` (default 0) at `totalSteps`.
 */

/**
 * The learning rate at `step` (0-based) of `totalSteps`.
 * Invariants: rate ≤ base; at step = warmupSteps the rate is base; at step ≥ totalSteps it is `minRate`.
 */
export function learningRateAt(step: number, totalSteps: number, base: number, warmupSteps = 0, minRate = 0): number {
  if (warmupSteps > 0 && step < warmupSteps) return (base * (step + 1)) / warmupSteps;
  const decaySteps = Math.max(1, totalSteps - warmupSteps);
  const progress = Math.min(1, Math.max(0, (step - warmupSteps) / decaySteps));
  return minRate + ((base - minRate) * (1 + Math.cos(Math.PI * progress))) / 2;
}
