/**
 * The hypervolume scalarization of several objectives (Golovin & Zhang 2020) with ParEGO's augmentation
 * (Knowles 2006): for a direction λ on the positive unit sphere, s(f) = max_k (f_k − r_k)/λ_k + 0.05·Σ_k f_k,
 * minimized, on objectives normalized to their observed ranges, with r = 1.1 × the current front's worst
 * normalized value per objective. The optimum of s on the front lies on the ray from r along −λ, and with λ
 * uniform on the sphere the expected scalarization is the hypervolume itself.
 */
import { paretoFront } from '../../analysis/pareto.ts';
import { normalQuantile } from './normal-math.ts';

export interface Scalarization {
  /** Objective k of `value` mapped to [0, 1] over the observed range. */
  normalize(value: number, k: number): number;
  /** s of a normalized objective vector (indexable 0..m−1). */
  scalar(normalized: ArrayLike<number>): number;
}

/**
 * The scalarization for direction `lambda`, normalized by the observed `values` (minimization vectors); with
 * `feasible`, the reference point follows the front of the feasible observations.
 */
export function hypervolumeScalarization(values: readonly (readonly number[])[], lambda: readonly number[], feasible?: readonly boolean[]): Scalarization {
  const m = lambda.length;
  const low = Array.from({ length: m }, (_, k) => Math.min(...values.map((v) => v[k]!)));
  const high = Array.from({ length: m }, (_, k) => Math.max(...values.map((v) => v[k]!)));
  const normalize = (value: number, k: number) => (high[k] === low[k] ? 0 : (value - low[k]!) / (high[k]! - low[k]!));
  // The reference follows the feasible front when there is one: infeasible points must not set the bar.
  const candidates = feasible?.some((f) => f) ? values.map((_, i) => i).filter((i) => feasible[i]) : values.map((_, i) => i);
  const front = paretoFront(candidates.map((i) => values[i]! as number[])).map((j) => candidates[j]!);
  const reference = Array.from({ length: m }, (_, k) => {
    const worst = Math.max(...front.map((i) => normalize(values[i]![k]!, k)));
    return worst + Math.max(0.1 * worst, 0.05);
  });
  const weights = lambda.map((v) => 1 / Math.max(v, 1e-3));
  const scalar = (f: ArrayLike<number>): number => {
    let max = -Infinity;
    let sum = 0;
    for (let k = 0; k < m; k++) {
      max = Math.max(max, (f[k]! - reference[k]!) * weights[k]!);
      sum += f[k]!;
    }
    return max + 0.05 * sum;
  };
  return { normalize, scalar };
}

/** The scalarized value of each observation. */
export function scalarizeAll(values: readonly (readonly number[])[], lambda: readonly number[], feasible?: readonly boolean[]): number[] {
  const s = hypervolumeScalarization(values, lambda, feasible);
  return values.map((v) => s.scalar(v.map((x, k) => s.normalize(x, k))));
}

/**
 * A direction for trial `n`, uniform on the positive unit sphere: a Kronecker (R_d, Roberts 2018) low-discrepancy
 * point in the cube mapped through the half-normal quantile, so successive trials cover all directions evenly.
 */
export function sphereDirection(objectives: number, n: number, seed: number): number[] {
  if (objectives === 1) return [1];
  let phi = 2;
  for (let i = 0; i < 30; i++) phi = Math.pow(1 + phi, 1 / (objectives + 1));
  const shift = ((seed >>> 0) % 9973) / 9973;
  return Array.from({ length: objectives }, (_, k) => Math.abs(normalQuantile(0.5 + 0.5 * ((shift + (n + 1) * Math.pow(1 / phi, k + 1)) % 1))));
}
