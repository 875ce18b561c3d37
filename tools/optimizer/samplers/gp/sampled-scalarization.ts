/**
 * Several objectives, qParEGO-style (Daulton et al. 2020): one GP per normalized objective, and the expected
 * improvement of the trial's hypervolume scalarization (`scalarization.ts`) estimated over posterior samples.
 * Modelling each objective keeps the surrogates smooth (a GP fitted to the scalarized values has to model the
 * kinks of the max), and sampling carries every objective's uncertainty into the scalarization. Each GP models
 * its objective through the output warping of `output-transform.ts`; samples are mapped back before scalarizing.
 * The normal draws are fixed for one ask (common random numbers, antithetic pairs), so the estimate is a
 * deterministic function of the candidate that the acquisition optimizer can climb. Scores are log EI; a
 * candidate with no improving sample scores below every improving one, by how far its best sample falls short.
 */
import type { Rng } from '../../../common/rng.ts';
import type { GpModel } from './gp-model.ts';
import type { Scalarization } from './scalarization.ts';

export interface ObjectiveModel {
  model: Pick<GpModel, 'predict'>;
  /** The objective value of a model target (the inverse of its output warping). */
  inverse(target: number): number;
}

export function sampledScalarizationScore(objectives: ObjectiveModel[], scalarization: Scalarization, best: number, rng: Rng, samples = 64): (x: Float64Array) => number {
  const m = objectives.length;
  const half = samples >> 1;
  const normals = new Float64Array(half * 2 * m);
  for (let s = 0; s < half; s++) {
    for (let k = 0; k < m; k++) {
      const z = rng.normal();
      normals[2 * s * m + k] = z;
      normals[(2 * s + 1) * m + k] = -z;
    }
  }
  const count = half * 2;
  const mean = new Float64Array(m);
  const sd = new Float64Array(m);
  const f = new Float64Array(m);
  return (x) => {
    for (let k = 0; k < m; k++) {
      const o = objectives[k]!;
      const p = o.model.predict(x);
      mean[k] = p.mean;
      sd[k] = Math.sqrt(p.variance);
    }
    let total = 0;
    let closest = -Infinity;
    for (let s = 0; s < count; s++) {
      for (let k = 0; k < m; k++) f[k] = scalarization.normalize(objectives[k]!.inverse(mean[k]! + sd[k]! * normals[s * m + k]!), k);
      const gain = best - scalarization.scalar(f);
      if (gain > 0) total += gain;
      else if (gain > closest) closest = gain;
    }
    return total > 0 ? Math.log(total / count) : -1e3 + closest;
  };
}
