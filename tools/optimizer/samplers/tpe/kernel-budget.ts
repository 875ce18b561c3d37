/**
 * A bound on the kernels of one Parzen estimator, so that an ask costs the same at 10,000 trials as at 1,000.
 *
 * TPE's "above" estimator has one kernel per observation: building it (sort, bandwidths, truncation masses) and
 * evaluating it at the EI candidates is O(n) per parameter and ask, 25–30 ms per ask at 5,000 trials. Past
 * `maxKernels` observations, the newest half of the budget stays one kernel per observation and the older ones
 * are merged, in chronological strata, into one kernel each: placed at the stratum's middle observation and
 * carrying the stratum's summed default weight. The mixture keeps its total weight and its shape over time
 * (a stratified sample of the older trials), while old observations already weigh little under Optuna's
 * default_weights (a linear ramp from 1/n, hyperopt's "linear forgetting"). Below the bound nothing changes:
 * the estimator is exactly Optuna's.
 */
export interface KernelPlan {
  /** Positions (into the chronological observations) that get a kernel, in chronological order. */
  positions: number[];
  /** Each kept kernel's weight (default_weights of the full set, summed over its stratum). */
  weights: number[];
}

/**
 * Null when `count` observations fit in `maxKernels` (use them all, with default weights). O(maxKernels): the
 * stratum weights are sums over the linear ramp of default_weights, in closed form.
 */
export function planKernels(count: number, maxKernels: number): KernelPlan | null {
  if (count <= maxKernels) return null;
  // The newest observations (at least the 25 flat-weight ones) stay individual kernels.
  const recent = Math.max(FLAT, Math.ceil(maxKernels / 2));
  const strata = maxKernels - recent;
  const older = count - recent;
  const positions: number[] = [];
  const weights: number[] = [];
  for (let j = 0; j < strata; j++) {
    const start = Math.floor((j * older) / strata);
    const end = Math.floor(((j + 1) * older) / strata);
    positions.push((start + end - 1) >> 1);
    weights.push(rampSum(count, start, end));
  }
  for (let i = older; i < count; i++) {
    positions.push(i);
    weights.push(rampSum(count, i, i + 1));
  }
  return { positions, weights };
}

/** Optuna's default_weights keep the newest 25 observations at weight 1. */
const FLAT = 25;

/** Σ default_weights(n)[i] for start ≤ i < end (see `defaultWeights` in parzen-estimator.ts; n > 25 here). */
function rampSum(n: number, start: number, end: number): number {
  const ramp = n - FLAT;
  const rampEnd = Math.min(end, ramp);
  let sum = Math.max(0, end - Math.max(start, ramp));
  if (rampEnd > start) {
    const terms = rampEnd - start;
    if (ramp === 1) return sum + terms / n;
    const indexSum = ((start + rampEnd - 1) * terms) / 2;
    sum += terms / n + ((1 - 1 / n) * indexSum) / (ramp - 1);
  }
  return sum;
}

/**
 * The "above" group: every observation index in [0, count) except `below` (sorted), in order, thinned to the
 * kernel budget. `weights` is null when all are kept (the estimator then uses default weights, as Optuna).
 */
export function chooseAbove(count: number, below: readonly number[], maxKernels: number): { indices: number[]; weights: number[] | null } {
  const plan = planKernels(count - below.length, maxKernels);
  const indices: number[] = [];
  if (!plan) {
    for (let i = 0, b = 0; i < count; i++) {
      if (b < below.length && below[b] === i) b++;
      else indices.push(i);
    }
    return { indices, weights: null };
  }
  // Position p among the above observations is index p + (number of below indices at or before it).
  let b = 0;
  for (const p of plan.positions) {
    while (b < below.length && below[b]! <= p + b) b++;
    indices.push(p + b);
  }
  return { indices, weights: plan.weights };
}
