/**
 * Multi-objective acquisition for GP-BO: the hypervolume improvement of the optimistic prediction
 * (lower confidence bound μ − β·σ of one GP per objective) over the current feasible front, in the warped
 * objective space (SMS-EGO, Ponweiser et al. 2008, without its ε-adaptation). A candidate whose bound is
 * dominated scores below every improving one, by how far it is from the front (additive ε-indicator), so the
 * search still has a gradient to follow. Scores are log(HVI) for improving candidates.
 */
import { hypervolume } from '../../analysis/hypervolume.ts';
import { paretoFront } from '../../analysis/pareto.ts';
import type { GpModel } from './gp-model.ts';

export function hypervolumeImprovementScore(models: GpModel[], targets: Float64Array[], feasible: boolean[], beta = 1): ((x: Float64Array) => number) | null {
  const m = models.length;
  const observed: number[][] = [];
  for (let i = 0; i < feasible.length; i++) if (feasible[i]) observed.push(targets.map((t) => t[i]!));
  if (observed.length === 0) return null;
  const front = paretoFront(observed).map((i) => observed[i]!);
  const reference = Array.from({ length: m }, (_, k) => {
    const values = targets[k]!;
    let high = -Infinity;
    let low = Infinity;
    for (const v of values) {
      high = Math.max(high, v);
      low = Math.min(low, v);
    }
    return high + 0.1 * (high - low || 1);
  });
  const base = hypervolume(front, reference);
  return (x) => {
    const bound = models.map((model) => {
      const p = model.predict(x);
      return p.mean - beta * Math.sqrt(p.variance);
    });
    let epsilon = Infinity;
    for (const f of front) {
      let worst = -Infinity;
      for (let k = 0; k < m; k++) worst = Math.max(worst, bound[k]! - f[k]!);
      epsilon = Math.min(epsilon, worst);
    }
    if (epsilon < 0) {
      const gain = hypervolume([...front, bound], reference) - base;
      if (gain > 0) return Math.log(gain);
    }
    return -1e3 - Math.max(0, epsilon);
  };
}
