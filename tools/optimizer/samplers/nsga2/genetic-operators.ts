/**
 * Variation operators of NSGA-II on the unit cube (Deb & Agrawal 1995; Deb & Goyal 1996):
 * simulated binary crossover (bounded form) and polynomial mutation, plus uniform crossover for categoricals.
 */
import type { Rng } from '../../../common/rng.ts';

/** Bounded SBX on [0,1] for one coordinate pair; returns the two children. */
export function sbx(x1: number, x2: number, eta: number, rng: Rng): [number, number] {
  if (Math.abs(x1 - x2) < 1e-14) return [x1, x2];
  const y1 = Math.min(x1, x2);
  const y2 = Math.max(x1, x2);
  const u = rng.next();
  const child = (beta: number): number => {
    const alpha = 2 - Math.pow(beta, -(eta + 1));
    const betaq = u <= 1 / alpha ? Math.pow(u * alpha, 1 / (eta + 1)) : Math.pow(1 / (2 - u * alpha), 1 / (eta + 1));
    return betaq;
  };
  const span = y2 - y1;
  const bq1 = child(1 + (2 * y1) / span);
  const c1 = 0.5 * (y1 + y2 - bq1 * span);
  const bq2 = child(1 + (2 * (1 - y2)) / span);
  const c2 = 0.5 * (y1 + y2 + bq2 * span);
  const a = Math.min(1, Math.max(0, c1));
  const b = Math.min(1, Math.max(0, c2));
  return rng.next() < 0.5 ? [b, a] : [a, b];
}

/** Polynomial mutation of one coordinate in [0,1]. */
export function polynomialMutation(x: number, eta: number, rng: Rng): number {
  const u = rng.next();
  const power = 1 / (eta + 1);
  let delta: number;
  if (u < 0.5) {
    const xy = 1 - x;
    delta = Math.pow(2 * u + (1 - 2 * u) * Math.pow(xy, eta + 1), power) - 1;
  } else {
    const xy = x;
    delta = 1 - Math.pow(2 * (1 - u) + 2 * (u - 0.5) * Math.pow(xy, eta + 1), power);
  }
  return Math.min(1, Math.max(0, x + delta));
}
