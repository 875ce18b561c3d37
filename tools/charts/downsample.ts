/**
 * Bounded work for every chart: at most MAX_POINTS marks whatever the study's size, so a 100,000-trial study
 * renders in the same time as a 5,000-trial one.
 */

export const MAX_POINTS = 5000;

/**
 * Evenly spaced items (the first and last always kept), plus every item `keep` selects (the best trials, the
 * Pareto front), so the marks that matter are never dropped. Order is preserved.
 */
export function downsample<T>(items: readonly T[], max = MAX_POINTS, keep: (item: T) => boolean = () => false): T[] {
  if (items.length <= max) return [...items];
  let selected: number[] = [];
  items.forEach((item, index) => {
    if (keep(item)) selected.push(index);
  });
  // Kept marks get at most half the budget: a huge front is thinned too, evenly.
  if (selected.length > max / 2) selected = evenly(selected, Math.floor(max / 2));
  const kept = new Set<number>(selected);
  const budget = Math.max(2, max - kept.size);
  const stride = (items.length - 1) / (budget - 1);
  for (let i = 0; i < budget; i++) kept.add(Math.round(i * stride));
  return [...kept].sort((a, b) => a - b).map((index) => items[index]!);
}

function evenly(values: readonly number[], count: number): number[] {
  const stride = (values.length - 1) / Math.max(1, count - 1);
  return [...new Set(Array.from({ length: count }, (_, i) => values[Math.round(i * stride)]!))];
}
