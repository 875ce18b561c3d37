import { formatMetric, formatNumber, formatParams } from './format.ts';
import { isReferenceMetric, referenceComparison } from './reference-model.ts';
import type { StudyView, TrialView } from './study-view.ts';

const ENDED = ['complete', 'stopped', 'failed'];

/**
 * What to say when trials completed but none is feasible: "13 trials completed, but none meets the constraints
 * (size_kb < 50, accuracy >= 0.97) yet. Closest: trial #10 …, which misses accuracy >= 0.97 by 0.002 (it measured
 * 0.968). It also measured size_kb 41.3, … For comparison, the teacher measured …", then what to do about it. The
 * closest trial is the optimizer summary's `closest` (tools/optimizer/summary.ts). Null when no trial completed (then
 * "no trial has completed yet" is true) or the study has no constraints.
 */
export function infeasibleNote(view: StudyView): string | null {
  const complete = view.counts.complete ?? 0;
  if (complete === 0 || view.constraints.length === 0) return null;
  const ended = view.status !== null && ENDED.includes(view.status);
  const bounds = view.constraints.map((c) => `${c.metric} ${c.op} ${formatNumber(c.value)}`).join(', ');
  const head = `${complete} trial${complete === 1 ? '' : 's'} completed, but none meets the constraints (${bounds})${ended ? '' : ' yet'}.`;
  const closest = view.closest;
  if (!closest) return `${head} Loosen a bound or widen the search space (say "try again with …").`;
  const missed = view.constraints.filter((c) => violation(closest, c) > 0);
  const misses = missed.map((c) => `${c.metric} ${c.op} ${formatNumber(c.value)} by ${formatNumber(violation(closest, c))} (it measured ${formatMetric(c.metric, closest.metrics[c.metric]!)})`);
  const lines = [`${head} Closest: **trial #${closest.number ?? '?'}** with ${formatParams(closest.params)}, which misses ${misses.join(' and ')}.${alsoMeasured(closest, missed)}`];
  if (ended) lines.push(nextSteps(closest, missed));
  return lines.join('\n\n');
}

/** The closest trial's other measurements (size, latency…) and its reference's (the teacher's), so it can be judged. */
function alsoMeasured(trial: TrialView, missed: StudyView['constraints']): string {
  const others = Object.entries(trial.metrics).filter(([name]) => !missed.some((c) => c.metric === name) && !isReferenceMetric(name));
  const also = others.length ? ` It also measured ${others.map(([n, v]) => `${n} ${formatMetric(n, v)}`).join(', ')}.` : '';
  const reference = referenceComparison(trial);
  return `${also}${reference ? ` ${reference}` : ''}`;
}

/**
 * What the user can do next: more trials (the sampler keeps what it learned) or a wider space to meet every bound,
 * or the closest trial as it is if what it measured is good enough ("If accuracy 0.963 is good enough for you, …").
 */
function nextSteps(closest: TrialView, missed: StudyView['constraints']): string {
  const measured = missed.map((c) => `${c.metric} ${formatMetric(c.metric, closest.metrics[c.metric]!)}`);
  const enough = measured.length ? `${measured.join(' and ')} ${measured.length === 1 ? 'is' : 'are'} good enough` : 'its numbers are good enough';
  return [
    'To meet every bound, run more trials (say "run 20 more": the sampler continues from these) or widen the search space (say "try again with …").',
    `If ${enough} for you, trial #${closest.number ?? '?'} is the one to use.`,
  ].join(' ');
}

function violation(trial: TrialView, c: StudyView['constraints'][number]): number {
  const value = trial.metrics[c.metric];
  if (typeof value !== 'number') return 0;
  if (c.op === '<' || c.op === '<=') return Math.max(0, value - c.value);
  if (c.op === '>' || c.op === '>=') return Math.max(0, c.value - value);
  return Math.abs(value - c.value);
}
