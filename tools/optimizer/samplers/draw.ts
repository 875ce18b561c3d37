/**
 * Maps a uniform number u in [0, 1) onto a distribution by its prior (inverse CDF), honouring log scales,
 * steps, hyperopt q rounding and pchoice weights. Random and quasi-random samplers are built on it.
 */
import { snap } from '../distributions.ts';
import type { Distribution, ParamValue } from '../types.ts';
import { normalQuantile } from './normal-math.ts';

export function fromUnit(distribution: Distribution, u: number): ParamValue {
  switch (distribution.type) {
    case 'categorical': {
      const { choices, weights } = distribution;
      if (!weights) return choices[Math.min(choices.length - 1, Math.floor(u * choices.length))]!;
      let acc = 0;
      for (let i = 0; i < choices.length; i++) {
        acc += weights[i]!;
        if (u < acc) return choices[i]!;
      }
      return choices[choices.length - 1]!;
    }
    case 'int': {
      const { low, high, step, log } = distribution;
      if (log) {
        // Optuna: uniform in [log(low − 0.5), log(high + 0.5)], then round.
        const lo = Math.log(low - 0.5);
        const hi = Math.log(high + 0.5);
        return snap(distribution, Math.exp(lo + u * (hi - lo)));
      }
      const count = Math.floor((high - low) / step) + 1;
      return low + Math.min(count - 1, Math.floor(u * count)) * step;
    }
    case 'float': {
      const { low, high, log, step } = distribution;
      if (step !== null) {
        const count = Math.floor((high - low) / step + 1e-9) + 1;
        return snap(distribution, low + Math.min(count - 1, Math.floor(u * count)) * step);
      }
      const x = log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
      return snap(distribution, x);
    }
    case 'normal': {
      const z = normalQuantile(Math.min(Math.max(u, 1e-12), 1 - 1e-12));
      const x = distribution.mu + distribution.sigma * z;
      return snap(distribution, distribution.log ? Math.exp(x) : x);
    }
  }
}
