/**
 * Pareto dominance for any number of objectives, in "minimize everything" form: callers negate maximized
 * objectives first (`toMinimization`). Fast non-dominated sort (Deb et al. 2002, O(M·N²)), crowding
 * distance, Deb's constrained domination, and the knee point of a front.
 */
import type { Direction } from '../types.ts';

export type Point = readonly number[];

/** Values as minimization: maximized objectives are negated. */
export function toMinimization(values: readonly number[], directions: readonly Direction[]): number[] {
  return values.map((v, i) => (directions[i] === 'maximize' ? -v : v));
}

/** a dominates b: no worse in every objective and better in at least one. */
export function dominates(a: Point, b: Point): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return false;
    if (a[i]! < b[i]!) better = true;
  }
  return better;
}

/**
 * Deb's constrained domination: a feasible point beats an infeasible one; of two infeasible points the one with
 * the smaller total violation wins; two feasible points compare by Pareto dominance.
 */
export function constrainedDominates(a: Point, violationA: number, b: Point, violationB: number): boolean {
  const feasibleA = violationA <= 0;
  const feasibleB = violationB <= 0;
  if (feasibleA && !feasibleB) return true;
  if (!feasibleA && feasibleB) return false;
  if (!feasibleA && !feasibleB) return violationA < violationB;
  return dominates(a, b);
}

/**
 * Fast non-dominated sort. Returns fronts as index lists, front 0 first. With `violations`, uses constrained
 * domination.
 */
export function nonDominatedSort(points: readonly Point[], violations?: readonly number[]): number[][] {
  const n = points.length;
  const dominatedBy = new Int32Array(n);
  const dominating: number[][] = Array.from({ length: n }, () => []);
  const better = violations
    ? (i: number, j: number) => constrainedDominates(points[i]!, violations[i]!, points[j]!, violations[j]!)
    : (i: number, j: number) => dominates(points[i]!, points[j]!);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (better(i, j)) {
        dominating[i]!.push(j);
        dominatedBy[j]!++;
      } else if (better(j, i)) {
        dominating[j]!.push(i);
        dominatedBy[i]!++;
      }
    }
  }
  const fronts: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i < n; i++) if (dominatedBy[i] === 0) current.push(i);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominating[i]!) {
        if (--dominatedBy[j]! === 0) next.push(j);
      }
    }
    current = next;
  }
  return fronts;
}

/** Indices of the non-dominated points. */
export function paretoFront(points: readonly Point[]): number[] {
  return points.length === 0 ? [] : nonDominatedSort(points)[0]!;
}

/** Crowding distance of each point of one front (boundary points get Infinity). */
export function crowdingDistance(points: readonly Point[]): number[] {
  const n = points.length;
  const distance = new Array<number>(n).fill(0);
  if (n <= 2) return distance.fill(Infinity);
  const m = points[0]!.length;
  for (let k = 0; k < m; k++) {
    const order = [...points.keys()].sort((a, b) => points[a]![k]! - points[b]![k]! || a - b);
    const low = points[order[0]!]![k]!;
    const high = points[order[n - 1]!]![k]!;
    distance[order[0]!] = Infinity;
    distance[order[n - 1]!] = Infinity;
    if (high === low) continue;
    for (let i = 1; i < n - 1; i++) {
      distance[order[i]!]! += (points[order[i + 1]!]![k]! - points[order[i - 1]!]![k]!) / (high - low);
    }
  }
  return distance;
}

/**
 * Knee of a front: after normalizing each objective to [0, 1] over the front, the point with the smallest sum of
 * normalized values, i.e. the one farthest below the hyperplane Σ f̂_k = 1 through the unit extremes (in 2-D, the
 * line joining the two ends of the front): the trade-off where improving one objective starts to cost much more of
 * the others. Ties go to the earlier point. Returns an index into `points`, or null for an empty front.
 */
export function kneePoint(points: readonly Point[]): number | null {
  if (points.length === 0) return null;
  if (points.length <= 2) return 0;
  const m = points[0]!.length;
  const low = Array.from({ length: m }, (_, k) => Math.min(...points.map((p) => p[k]!)));
  const high = Array.from({ length: m }, (_, k) => Math.max(...points.map((p) => p[k]!)));
  const normalized = points.map((p) => p.map((v, k) => (high[k] === low[k] ? 0 : (v - low[k]!) / (high[k]! - low[k]!))));
  let best = 0;
  let bestScore = Infinity;
  normalized.forEach((p, i) => {
    const score = p.reduce((s, v) => s + v, 0);
    if (score < bestScore - 1e-12) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}
