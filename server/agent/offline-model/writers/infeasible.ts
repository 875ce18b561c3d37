import { formatMetric, formatNumber, formatParams } from './format.ts';
import type { StudyView, TrialView } from './study-view.ts';

/**
 * What to say when trials completed but none is feasible: "13 trials completed, but none meets the constraints
 * (size_kb < 50, accuracy >= 0.97) yet. Closest: trial #10 …, which misses size_kb < 50 (60.8)." The closest trial is
 * the optimizer summary's `closest` (tools/optimizer/summary.ts). Null when no trial completed (then "no trial has
 * completed yet" is true) or the study has no constraints.
 */
export function infeasibleNote(view: StudyView): string | null {
  const complete = view.counts.complete ?? 0;
  if (complete === 0 || view.constraints.length === 0) return null;
  const bounds = view.constraints.map((c) => `${c.metric} ${c.op} ${formatNumber(c.value)}`).join(', ');
  const head = `${complete} trial${complete === 1 ? '' : 's'} completed, but none meets the constraints (${bounds}) yet.`;
  const closest = view.closest;
  if (!closest) return `${head} Loosen a bound or widen the search space (say "try again with …").`;
  const missed = view.constraints
    .filter((c) => violation(closest, c) > 0)
    .map((c) => `${c.metric} ${c.op} ${formatNumber(c.value)} (it measured ${formatMetric(c.metric, closest.metrics[c.metric]!)})`);
  return `${head} Closest: trial #${closest.number ?? '?'} with ${formatParams(closest.params)}, which misses ${missed.join(' and ')}. Loosen a bound or widen the search space (say "try again with …").`;
}

function violation(trial: TrialView, c: StudyView['constraints'][number]): number {
  const value = trial.metrics[c.metric];
  if (typeof value !== 'number') return 0;
  if (c.op === '<' || c.op === '<=') return Math.max(0, value - c.value);
  if (c.op === '>' || c.op === '>=') return Math.max(0, c.value - value);
  return Math.abs(value - c.value);
}
