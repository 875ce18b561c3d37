import { formatMetric } from './format.ts';
import type { TrialView } from './study-view.ts';

/**
 * Metrics a trial reports about a reference it is compared with, not about itself: `teacher_accuracy`,
 * `teacher_size_kb` (a distilled student's teacher, examples/distill), `baseline_…`, `reference_…`.
 */
const REFERENCE = /^(teacher|baseline|reference)_(.+)$/;

export function isReferenceMetric(name: string): boolean {
  return REFERENCE.test(name);
}

/** "For comparison, the teacher measured accuracy 0.991, size_kb 412, latency_p99_ms 3.1 ms." or '' when none. */
export function referenceComparison(trial: TrialView): string {
  const byReference = new Map<string, string[]>();
  for (const [name, value] of Object.entries(trial.metrics)) {
    const match = REFERENCE.exec(name);
    if (!match) continue;
    const [, who, metric] = match as unknown as [string, string, string];
    byReference.set(who, [...(byReference.get(who) ?? []), `${metric} ${formatMetric(metric, value)}`]);
  }
  return [...byReference].map(([who, parts]) => `For comparison, the ${who} measured ${parts.join(', ')}.`).join(' ');
}
