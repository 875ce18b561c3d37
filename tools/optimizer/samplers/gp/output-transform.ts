/**
 * Output warping before the GP: objective values are shifted above their minimum (by 10% of median − min: a smaller
 * shift turns the best point into an outlier hole the GP then creeps around) and Box–Cox transformed with the
 * λ ∈ {0 (log), 0.25, 0.5, 1 (identity)} that makes them most normal (profile likelihood), then standardized.
 * Heavy-tailed objectives (Rosenbrock-like valleys, latency with outliers) become much easier to model, and the
 * map is monotone, so minimizers are unchanged. (HEBO, Cowen-Rivers et al. 2022, uses power transforms likewise.)
 */
export function warpTargets(values: readonly number[]): Float64Array {
  return fitWarp(values).targets;
}

export interface Warp {
  /** The warped, standardized values (the GP's targets). */
  targets: Float64Array;
  /** The original value of a target (monotone; below the warp's range it returns the shifted minimum's floor). */
  inverse(target: number): number;
}

/** The warp of `warpTargets` with its inverse, to map posterior samples back to objective values. */
export function fitWarp(values: readonly number[], lambdas: readonly number[] = [0, 0.25, 0.5, 1]): Warp {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const min = sorted[0]!;
  const median = sorted[Math.floor(n / 2)]!;
  const scale = Math.max(median - min, 1e-12 * Math.max(1, Math.abs(min)));
  const shift = 0.1 * scale;
  const shifted = values.map((v) => v - min + shift);
  let best: number[] = shifted;
  let bestLambda = 1;
  let bestLl = -Infinity;
  for (const lambda of lambdas) {
    const t = shifted.map((v) => (lambda === 0 ? Math.log(v) : (Math.pow(v, lambda) - 1) / lambda));
    const mean = t.reduce((s, v) => s + v, 0) / n;
    const variance = t.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    const logJacobian = shifted.reduce((s, v) => s + Math.log(v), 0) * (lambda - 1);
    const ll = -0.5 * n * Math.log(Math.max(variance, 1e-300)) + logJacobian;
    if (ll > bestLl) {
      bestLl = ll;
      best = t;
      bestLambda = lambda;
    }
  }
  const mean = best.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(best.reduce((s, v) => s + (v - mean) ** 2, 0) / n) || 1;
  const lambda = bestLambda;
  const inverse = (target: number): number => {
    const t = target * sd + mean;
    const v = lambda === 0 ? Math.exp(t) : Math.pow(Math.max(0, lambda * t + 1), 1 / lambda);
    return v + min - shift;
  };
  return { targets: Float64Array.from(best, (v) => (v - mean) / sd), inverse };
}

export function standardize(values: readonly number[]): Float64Array {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / n) || 1;
  return Float64Array.from(values, (v) => (v - mean) / sd);
}
