/**
 * Small helpers over trial views shared by the chart builders and the terminal text: which trials count, the
 * value of one objective, best-so-far.
 */
import type { ChartStudy, TrialViewJson } from './types.ts';

/** Complete trials with a finite value for objective `index`. */
export function completeTrials(trials: readonly TrialViewJson[], index = 0): TrialViewJson[] {
  return trials.filter((t) => t.state === 'complete' && t.values !== null && Number.isFinite(t.values[index]));
}

export function valueOf(trial: TrialViewJson, index = 0): number {
  return trial.values?.[index] ?? NaN;
}

/** True when `a` is better than `b` for the objective's direction. */
export function better(study: ChartStudy, index: number, a: number, b: number): boolean {
  return study.objectives[index]?.direction === 'maximize' ? a > b : a < b;
}

/**
 * Best feasible value so far after each complete trial, by trial number: [trial number, best] at every
 * improvement (a step line needs only those, plus the last trial to extend it).
 */
export function bestSoFar(study: ChartStudy, trials: readonly TrialViewJson[], index = 0): [number, number][] {
  const steps: [number, number][] = [];
  let best: number | null = null;
  const ordered = completeTrials(trials, index).sort((a, b) => a.number - b.number);
  for (const trial of ordered) {
    if (trial.feasible === false) continue;
    const v = valueOf(trial, index);
    if (best === null || better(study, index, v, best)) {
      best = v;
      steps.push([trial.number, v]);
    }
  }
  const last = ordered[ordered.length - 1];
  if (best !== null && last && steps[steps.length - 1]![0] !== last.number) steps.push([last.number, best]);
  return steps;
}

/** `latency_ms (min)`: a metric with its direction, for axis labels. */
export function metricLabel(study: ChartStudy, index: number): string {
  const objective = study.objectives[index];
  if (!objective) return 'value';
  return `${objective.metric} (${objective.direction === 'minimize' ? 'min' : 'max'})`;
}

export function formatParam(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  if (typeof value === 'string') return value;
  return value === undefined ? '' : JSON.stringify(value) ?? '';
}
