/**
 * Independent draws and per-trial random streams shared by the advanced samplers. A sampler derives one
 * stream per trial from (seed, trial number, purpose), so its choices do not depend on the order in which
 * parallel trials are asked, and a resumed study reproduces them.
 */
import { createRng, type Rng } from '../../../common/rng.ts';
import type { Distribution, ParamValue } from '../../types.ts';
import { fromUnit } from './space-encoding.ts';

/** A value drawn from the distribution's prior (uniform/log-uniform, normal, weighted choice). */
export function randomValue(distribution: Distribution, rng: Rng): ParamValue {
  if (distribution.type === 'categorical') {
    const { choices, weights } = distribution;
    if (!weights) return choices[Math.floor(rng.next() * choices.length)]!;
    const total = weights.reduce((s, w) => s + w, 0);
    let u = rng.next() * total;
    for (let i = 0; i < choices.length; i++) {
      u -= weights[i]!;
      if (u < 0) return choices[i]!;
    }
    return choices[choices.length - 1]!;
  }
  return fromUnit(distribution, rng.next());
}

/** A stream for one trial and purpose, derived from the sampler seed. */
export function trialRng(seed: number, trialNumber: number, purpose: number): Rng {
  return createRng(mix(mix(seed >>> 0, trialNumber >>> 0), purpose >>> 0));
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Latin hypercube of `n` points in [0,1]^d (one stratum per point per coordinate). */
export function latinHypercube(n: number, d: number, rng: Rng): Float64Array[] {
  const points = Array.from({ length: n }, () => new Float64Array(d));
  for (let k = 0; k < d; k++) {
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    for (let i = 0; i < n; i++) points[i]![k] = (perm[i]! + rng.next()) / n;
  }
  return points;
}
