/**
 * Best-so-far history: after each finished trial (in number order), the best feasible objective value so far
 * (one objective) or the hypervolume of the feasible front so far (several objectives, against a reference point).
 */
import type { Direction, Trial } from '../types.ts';
import { hypervolume } from './hypervolume.ts';
import { toMinimization } from './pareto.ts';

export interface HistoryPoint {
  trial: number;
  /** The trial's own value (objective 0), null when it did not complete feasibly. */
  value: number | null;
  /** Best value so far (one objective) or hypervolume so far (several). Null until a feasible trial. */
  best: number | null;
}

export function isFeasible(trial: Trial): boolean {
  return (trial.constraintViolations ?? []).every((v) => v <= 0);
}

export function bestSoFarHistory(trials: readonly Trial[], directions: readonly Direction[], reference?: readonly number[]): HistoryPoint[] {
  const ordered = [...trials].filter((t) => t.state !== 'running' && t.state !== 'waiting').sort((a, b) => a.number - b.number);
  const points: number[][] = [];
  let best: number | null = null;
  const out: HistoryPoint[] = [];
  for (const trial of ordered) {
    const ok = trial.state === 'complete' && trial.values !== null && isFeasible(trial);
    if (ok) {
      if (directions.length === 1) {
        const v = trial.values![0]!;
        if (best === null || (directions[0] === 'maximize' ? v > best : v < best)) best = v;
      } else {
        points.push(toMinimization(trial.values!, directions));
        best = reference ? hypervolume(points, toMinimization([...reference], directions)) : null;
      }
    }
    out.push({ trial: trial.number, value: ok ? trial.values![0]! : null, best });
  }
  return out;
}
