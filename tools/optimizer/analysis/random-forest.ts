/**
 * A regression random forest (Breiman 2001) for fANOVA: CART trees grown to purity on bootstrap samples, splitting
 * numeric features at midpoints (x ≤ t) and categorical ones one-vs-rest (x = c), by variance reduction.
 * Features are numbers in [0, 1] (numeric) or category indices (categorical).
 */
import type { Rng } from '../../common/rng.ts';

export interface Feature {
  name: string;
  /** Number of categories, or 0 for a numeric feature on [0, 1]. */
  categories: number;
}

export type TreeNode =
  | { leaf: true; value: number }
  | { leaf: false; feature: number; threshold: number; categorical: boolean; left: TreeNode; right: TreeNode };

export interface ForestOptions {
  trees: number;
  maxDepth: number;
  minSamplesSplit: number;
  rng: Rng;
}

export function growForest(x: number[][], y: number[], features: Feature[], options: ForestOptions): TreeNode[] {
  const trees: TreeNode[] = [];
  for (let t = 0; t < options.trees; t++) {
    const sample = Array.from({ length: y.length }, () => Math.floor(options.rng.next() * y.length));
    trees.push(grow(x, y, features, sample, 0, options));
  }
  return trees;
}

function grow(x: number[][], y: number[], features: Feature[], rows: number[], depth: number, options: ForestOptions): TreeNode {
  const mean = rows.reduce((s, r) => s + y[r]!, 0) / rows.length;
  if (rows.length < options.minSamplesSplit || depth >= options.maxDepth) return { leaf: true, value: mean };
  let best: { gain: number; feature: number; threshold: number; categorical: boolean } | null = null;
  const total = rows.reduce((s, r) => s + (y[r]! - mean) ** 2, 0);
  if (total <= 1e-300) return { leaf: true, value: mean };
  for (let f = 0; f < features.length; f++) {
    const split = features[f]!.categories > 0 ? bestCategorical(x, y, rows, f, features[f]!.categories) : bestNumeric(x, y, rows, f);
    if (split && (!best || split.gain > best.gain)) best = { ...split, feature: f, categorical: features[f]!.categories > 0 };
  }
  if (!best || best.gain <= 1e-12 * total) return { leaf: true, value: mean };
  const goesLeft = (r: number) => (best!.categorical ? x[r]![best!.feature] === best!.threshold : x[r]![best!.feature]! <= best!.threshold);
  const left = rows.filter(goesLeft);
  const right = rows.filter((r) => !goesLeft(r));
  return {
    leaf: false, feature: best.feature, threshold: best.threshold, categorical: best.categorical,
    left: grow(x, y, features, left, depth + 1, options), right: grow(x, y, features, right, depth + 1, options),
  };
}

/** Best x ≤ t split by sum-of-squares reduction (running sums over the sorted rows). */
function bestNumeric(x: number[][], y: number[], rows: number[], f: number): { gain: number; threshold: number } | null {
  const sorted = [...rows].sort((a, b) => x[a]![f]! - x[b]![f]!);
  const n = sorted.length;
  let sumAll = 0;
  let sqAll = 0;
  for (const r of sorted) {
    sumAll += y[r]!;
    sqAll += y[r]! ** 2;
  }
  const base = sqAll - (sumAll * sumAll) / n;
  let sumLeft = 0;
  let sqLeft = 0;
  let best: { gain: number; threshold: number } | null = null;
  for (let i = 0; i < n - 1; i++) {
    const r = sorted[i]!;
    sumLeft += y[r]!;
    sqLeft += y[r]! ** 2;
    const a = x[r]![f]!;
    const b = x[sorted[i + 1]!]![f]!;
    if (a === b) continue;
    const nl = i + 1;
    const nr = n - nl;
    const sse = sqLeft - (sumLeft * sumLeft) / nl + (sqAll - sqLeft) - ((sumAll - sumLeft) ** 2) / nr;
    const gain = base - sse;
    if (!best || gain > best.gain) best = { gain, threshold: (a + b) / 2 };
  }
  return best;
}

function bestCategorical(x: number[][], y: number[], rows: number[], f: number, k: number): { gain: number; threshold: number } | null {
  const sums = new Float64Array(k);
  const counts = new Float64Array(k);
  let sumAll = 0;
  let sqAll = 0;
  for (const r of rows) {
    const c = x[r]![f]!;
    sums[c]! += y[r]!;
    counts[c]!++;
    sumAll += y[r]!;
    sqAll += y[r]! ** 2;
  }
  const n = rows.length;
  let best: { gain: number; threshold: number } | null = null;
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0 || counts[c] === n) continue;
    // Between-group sum of squares of the split {c} vs the rest.
    const nl = counts[c]!;
    const nr = n - nl;
    const gain = (sums[c]! ** 2) / nl + ((sumAll - sums[c]!) ** 2) / nr - (sumAll * sumAll) / n;
    if (!best || gain > best.gain) best = { gain, threshold: c };
  }
  void sqAll;
  return best;
}
