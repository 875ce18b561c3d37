/**
 * Hypervolume (minimization; the region dominated by the points and bounded by the reference point).
 * - 2-D: exact sweep, O(n log n).
 * - 3-D: exact sweep over the third objective maintaining a 2-D staircase, O(n² ) in the worst case
 *   (the dimension-sweep of Fonseca et al. 2006 without its balanced tree).
 * - ≥ 4-D: exact recursive slicing (HSO, While et al. 2006): slices along the last objective, each slice's
 *   volume being the (d−1)-D hypervolume of the points below it. Exact; cost grows as n^(d−1), fine for
 *   the fronts a study produces (hundreds of points, 4–5 objectives).
 * Points not strictly better than the reference in every objective contribute nothing and are dropped.
 */
import { paretoFront, type Point } from './pareto.ts';

export function hypervolume(points: readonly Point[], reference: readonly number[]): number {
  const d = reference.length;
  const inside = points.filter((p) => p.length === d && p.every((v, k) => v < reference[k]!));
  if (inside.length === 0) return 0;
  const front = paretoFront(inside).map((i) => inside[i]!);
  if (d === 1) return reference[0]! - Math.min(...front.map((p) => p[0]!));
  if (d === 2) return hv2(front, reference);
  if (d === 3) return hv3(front, reference);
  return hvSlice(front, reference);
}

function hv2(points: readonly Point[], ref: readonly number[]): number {
  const sorted = [...points].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let volume = 0;
  let lastY = ref[1]!;
  for (const p of sorted) {
    if (p[1]! < lastY) {
      volume += (ref[0]! - p[0]!) * (lastY - p[1]!);
      lastY = p[1]!;
    }
  }
  return volume;
}

function hv3(points: readonly Point[], ref: readonly number[]): number {
  const sorted = [...points].sort((a, b) => a[2]! - b[2]!);
  let volume = 0;
  // Staircase of the 2-D projections seen so far, sorted by x ascending with y strictly descending.
  const stair: Array<[number, number]> = [];
  let area = 0;
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    area = insertStair(stair, p[0]!, p[1]!, area, ref);
    const nextZ = i + 1 < sorted.length ? sorted[i + 1]![2]! : ref[2]!;
    volume += area * (nextZ - p[2]!);
  }
  return volume;
}

/** Adds (x, y) to the staircase and returns the new dominated area. */
function insertStair(stair: Array<[number, number]>, x: number, y: number, area: number, ref: readonly number[]): number {
  // Find the first step with sx >= x.
  let lo = 0;
  let hi = stair.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stair[mid]![0] < x) lo = mid + 1;
    else hi = mid;
  }
  // Dominated by the step to its left (or equal point)?
  if (lo > 0 && stair[lo - 1]![1] <= y) return area;
  if (lo < stair.length && stair[lo]![0] === x && stair[lo]![1] <= y) return area;
  // Remove the steps the new point dominates and account for the area.
  let end = lo;
  while (end < stair.length && stair[end]![1] >= y) end++;
  // Area added: region [x, ref0] × [y, upper) minus what the removed steps already covered.
  const upperY = lo > 0 ? stair[lo - 1]![1] : ref[1]!;
  let added = 0;
  let prevX = x;
  let prevY = upperY;
  for (let k = lo; k < end; k++) {
    const [sx, sy] = stair[k]!;
    added += (sx - prevX) * (prevY - y);
    prevX = sx;
    prevY = sy;
  }
  const nextX = end < stair.length ? stair[end]![0] : ref[0]!;
  added += (nextX - prevX) * (prevY - y);
  stair.splice(lo, end - lo, [x, y]);
  return area + added;
}

function hvSlice(points: readonly Point[], ref: readonly number[]): number {
  const d = ref.length;
  const last = d - 1;
  const sorted = [...points].sort((a, b) => a[last]! - b[last]!);
  const subRef = ref.slice(0, last);
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) {
    const z = sorted[i]![last]!;
    const nextZ = i + 1 < sorted.length ? sorted[i + 1]![last]! : ref[last]!;
    if (nextZ <= z) continue;
    const slice = sorted.slice(0, i + 1).map((p) => p.slice(0, last));
    volume += hypervolume(slice, subRef) * (nextZ - z);
  }
  return volume;
}

/**
 * Exclusive contribution of each point: HV(all) − HV(all without it). Dominated points contribute 0.
 */
export function hypervolumeContributions(points: readonly Point[], reference: readonly number[]): number[] {
  const total = hypervolume(points, reference);
  return points.map((_, i) => Math.max(0, total - hypervolume(points.filter((__, j) => j !== i), reference)));
}
