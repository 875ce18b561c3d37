/**
 * Functional ANOVA on a random forest (Hutter, Hoos & Leyton-Brown 2014, "An Efficient Approach for Assessing
 * Hyperparameter Importance"), main effects only. Each tree is a piecewise-constant function over boxes of the
 * (normalized) space with the uniform measure. For feature i, the marginal f_i(x_i) = E_{x_-i}[f(x)] is constant
 * on the cells cut by the tree's splits on i; its variance over x_i divided by the tree's total variance is the
 * fraction of variance x_i explains alone. Fractions are averaged over trees.
 */
import type { Feature, TreeNode } from './random-forest.ts';

interface Leaf {
  value: number;
  /** Per feature: numeric [low, high) or the set of allowed categories. */
  box: Array<{ low: number; high: number } | boolean[]>;
}

function leaves(tree: TreeNode, features: Feature[]): Leaf[] {
  const out: Leaf[] = [];
  const walk = (node: TreeNode, box: Leaf['box']): void => {
    if (node.leaf) {
      out.push({ value: node.value, box });
      return;
    }
    const left = [...box];
    const right = [...box];
    const current = box[node.feature]!;
    if (Array.isArray(current)) {
      left[node.feature] = current.map((allowed, c) => allowed && c === node.threshold);
      right[node.feature] = current.map((allowed, c) => allowed && c !== node.threshold);
    } else {
      left[node.feature] = { low: current.low, high: Math.min(current.high, node.threshold) };
      right[node.feature] = { low: Math.max(current.low, node.threshold), high: current.high };
    }
    walk(node.left, left);
    walk(node.right, right);
  };
  walk(tree, features.map((f) => (f.categories > 0 ? new Array<boolean>(f.categories).fill(true) : { low: 0, high: 1 })));
  return out;
}

function measure(part: { low: number; high: number } | boolean[], categories: number): number {
  if (Array.isArray(part)) return part.filter(Boolean).length / categories;
  return Math.max(0, part.high - part.low);
}

/** Per feature: the fraction of the tree's variance its main effect explains. */
function treeFractions(tree: TreeNode, features: Feature[]): number[] | null {
  const all = leaves(tree, features);
  const sizes = all.map((leaf) => leaf.box.reduce<number>((p, part, j) => p * measure(part, features[j]!.categories), 1));
  const total = sizes.reduce((s, v) => s + v, 0);
  const mean = all.reduce((s, leaf, k) => s + leaf.value * sizes[k]!, 0) / total;
  const variance = all.reduce((s, leaf, k) => s + sizes[k]! * (leaf.value - mean) ** 2, 0) / total;
  if (!(variance > 1e-300)) return null;
  return features.map((feature, i) => {
    // Cells of feature i: categories, or the intervals between its split points.
    const cells: Array<{ width: number; contains: (part: Leaf['box'][number]) => boolean }> = [];
    if (feature.categories > 0) {
      for (let c = 0; c < feature.categories; c++) cells.push({ width: 1 / feature.categories, contains: (part) => (part as boolean[])[c]! });
    } else {
      const cuts = new Set<number>([0, 1]);
      for (const leaf of all) {
        const part = leaf.box[i] as { low: number; high: number };
        cuts.add(part.low);
        cuts.add(part.high);
      }
      const points = [...cuts].sort((a, b) => a - b);
      for (let k = 0; k + 1 < points.length; k++) {
        const mid = (points[k]! + points[k + 1]!) / 2;
        cells.push({ width: points[k + 1]! - points[k]!, contains: (part) => mid >= (part as { low: number }).low && mid < (part as { high: number }).high });
      }
    }
    let marginalVariance = 0;
    for (const cell of cells) {
      if (cell.width <= 0) continue;
      let value = 0;
      all.forEach((leaf, k) => {
        if (!cell.contains(leaf.box[i]!)) return;
        const width = measure(leaf.box[i]!, feature.categories);
        value += (leaf.value * sizes[k]!) / width;
      });
      value /= total;
      marginalVariance += cell.width * (value - mean) ** 2;
    }
    return Math.min(1, marginalVariance / variance);
  });
}

/** Mean main-effect variance fraction of each feature over the forest's trees. */
export function fanovaMainEffects(trees: TreeNode[], features: Feature[]): number[] {
  const sums = new Array<number>(features.length).fill(0);
  let used = 0;
  for (const tree of trees) {
    const fractions = treeFractions(tree, features);
    if (!fractions) continue;
    fractions.forEach((f, i) => (sums[i]! += f));
    used++;
  }
  return sums.map((s) => (used === 0 ? 0 : s / used));
}
