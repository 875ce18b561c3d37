/**
 * Trials as CSV (one row per trial; columns: number, state, one `value_<metric>` per objective, `param_<name>`
 * per parameter, `metric_<name>` per reported metric, feasible, attempt, duration_s, error), RFC 4180 quoting.
 */
import { isFeasible } from '../objectives.ts';
import type { StudyRecord, Trial } from '../types.ts';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function trialsToCsv(record: StudyRecord, trials: readonly Trial[]): string {
  const objectives = record.spec.objectives.map((o) => o.metric);
  const params = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  const metrics = [...new Set(trials.flatMap((t) => Object.keys(t.metrics)))];
  const header = ['number', 'state', ...objectives.map((m) => `value_${m}`), ...params.map((p) => `param_${p}`), ...metrics.map((m) => `metric_${m}`), 'feasible', 'attempt', 'duration_s', 'error'];
  const rows = trials.map((t) => [
    t.number, t.state, ...objectives.map((_, i) => t.values?.[i]), ...params.map((p) => t.params[p]), ...metrics.map((m) => t.metrics[m]),
    t.state === 'complete' ? isFeasible(t) : '', t.attempt,
    t.startedAt !== null && t.completedAt !== null ? (t.completedAt - t.startedAt) / 1000 : '', t.error,
  ]);
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}
