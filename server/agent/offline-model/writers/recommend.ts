import type { StudyView, TrialView } from './study-view.ts';
import { objectiveValue } from './study-view.ts';

/** Which Pareto-front trial to recommend, and the reason, from the front's own numbers. */
export interface Recommendation {
  trial: TrialView;
  reason: 'tolerance' | 'knee';
  /** For 'tolerance': the quality objective's index and the floor applied. */
  quality?: { index: number; floor: number; best: number; relative: number };
}

const QUALITY = /accuracy|auc|f1|precision|recall|r2|score/;

/**
 * With one quality objective (maximize accuracy) beside cost objectives (latency), recommends the
 * cheapest trial within `relative` (default 1%) of the best quality on the front. Otherwise the knee:
 * the trial closest to the ideal point after scaling each objective to [0, 1] over the front.
 */
export function recommend(view: StudyView, front: TrialView[], options: { relative?: number } = {}): Recommendation | null {
  if (front.length === 0) return null;
  const objectives = view.objectives;
  const qualityIndex = objectives.findIndex((o) => o.direction === 'maximize' && QUALITY.test(o.metric));
  const costIndex = objectives.findIndex((o, i) => i !== qualityIndex && o.direction === 'minimize');
  if (qualityIndex >= 0 && costIndex >= 0) {
    const relative = options.relative ?? 0.01;
    const qualities = front.map((t) => objectiveValue(t, objectives, qualityIndex) ?? -Infinity);
    const best = Math.max(...qualities);
    const floor = best - Math.abs(best) * relative;
    const eligible = front.filter((_, i) => qualities[i]! >= floor);
    const trial = eligible.reduce((a, b) => ((objectiveValue(b, objectives, costIndex) ?? Infinity) < (objectiveValue(a, objectives, costIndex) ?? Infinity) ? b : a));
    return { trial, reason: 'tolerance', quality: { index: qualityIndex, floor, best, relative } };
  }
  const ranges = objectives.map((_, i) => {
    const values = front.map((t) => objectiveValue(t, objectives, i) ?? 0);
    return [Math.min(...values), Math.max(...values)] as const;
  });
  let bestTrial = front[0]!;
  let bestDistance = Infinity;
  for (const trial of front) {
    let distance = 0;
    objectives.forEach((objective, i) => {
      const [low, high] = ranges[i]!;
      const value = objectiveValue(trial, objectives, i) ?? 0;
      const scaled = high === low ? 0 : (value - low) / (high - low);
      distance += (objective.direction === 'minimize' ? scaled : 1 - scaled) ** 2;
    });
    if (distance < bestDistance) {
      bestDistance = distance;
      bestTrial = trial;
    }
  }
  return { trial: bestTrial, reason: 'knee' };
}
