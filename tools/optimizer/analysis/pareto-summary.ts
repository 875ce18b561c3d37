/**
 * The Pareto front of a study as the agent reports it: the non-dominated feasible trials, the knee point, and the
 * hypervolume against a reference point (given, or the nadir of the complete feasible trials plus 10% of each
 * objective's range, a common default).
 */
import type { Direction, Trial } from '../types.ts';
import { isFeasible } from './history.ts';
import { hypervolume } from './hypervolume.ts';
import { kneePoint, paretoFront, toMinimization } from './pareto.ts';

export interface ParetoSummary {
  objectives: number;
  feasibleTrials: number;
  front: Array<{ trial: number; values: number[]; params: Trial['params'] }>;
  /** Trial number of the knee point (best trade-off), null for an empty front. */
  knee: number | null;
  hypervolume: number;
  /** In the study's own directions. */
  reference: number[];
}

export function paretoSummary(trials: readonly Trial[], directions: readonly Direction[], reference?: readonly number[]): ParetoSummary {
  const feasible = trials.filter((t) => t.state === 'complete' && t.values !== null && t.values.length === directions.length && isFeasible(t));
  const minimized = feasible.map((t) => toMinimization(t.values!, directions));
  const frontIdx = paretoFront(minimized).sort((a, b) => feasible[a]!.number - feasible[b]!.number);
  const frontPoints = frontIdx.map((i) => minimized[i]!);
  const knee = kneePoint(frontPoints);
  let ref: number[];
  if (reference) ref = toMinimization([...reference], directions);
  else {
    ref = directions.map((_, k) => {
      const values = minimized.map((p) => p[k]!);
      const high = Math.max(...values);
      const low = Math.min(...values);
      return high + 0.1 * (high - low || Math.abs(high) || 1);
    });
  }
  return {
    objectives: directions.length,
    feasibleTrials: feasible.length,
    front: frontIdx.map((i) => ({ trial: feasible[i]!.number, values: feasible[i]!.values!, params: feasible[i]!.params })),
    knee: knee === null ? null : feasible[frontIdx[knee]!]!.number,
    hypervolume: minimized.length === 0 ? 0 : hypervolume(minimized, ref),
    reference: toMinimization(ref, directions),
  };
}
