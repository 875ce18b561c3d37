import type { StudyViewJson, TrialViewJson } from '../../server/studies-protocol.ts';
import { formatValue } from './scale.ts';
import { paramNames } from './trial-index.ts';

/** One column of the trials table: a key to sort by and the text shown. */
export interface TrialColumn {
  id: string;
  label: string;
  value(t: TrialViewJson): number | string | null;
  text(t: TrialViewJson): string;
  numeric: boolean;
}

export type TrialState = TrialViewJson['state'];
export const TRIAL_STATES: readonly TrialState[] = ['complete', 'pruned', 'failed', 'running', 'waiting'];

/** Columns: #, state, one per objective (named by metric), one per parameter, duration, error. */
export function trialColumns(study: StudyViewJson, trials: readonly TrialViewJson[]): TrialColumn[] {
  const columns: TrialColumn[] = [
    { id: 'number', label: '#', numeric: true, value: (t) => t.number, text: (t) => String(t.number) },
    { id: 'state', label: 'state', numeric: false, value: (t) => t.state, text: (t) => (t.feasible === false ? `${t.state} (infeasible)` : t.state) },
  ];
  study.objectives.forEach((o, i) => {
    const value = (t: TrialViewJson) => t.values?.[i] ?? null;
    columns.push({ id: `value:${i}`, label: `${o.metric} ${o.direction === 'minimize' ? '↓' : '↑'}`, numeric: true, value, text: (t) => formatValue(value(t)) });
  });
  for (const name of paramNames(trials)) {
    const value = (t: TrialViewJson) => {
      const v = t.params[name];
      return typeof v === 'number' || typeof v === 'string' ? v : v === undefined || v === null ? null : JSON.stringify(v);
    };
    columns.push({ id: `param:${name}`, label: name, numeric: false, value, text: (t) => { const v = value(t); return typeof v === 'number' ? formatValue(v) : v ?? ''; } });
  }
  const duration = (t: TrialViewJson) => (t.startedAt !== null && t.finishedAt !== null ? (t.finishedAt - t.startedAt) / 1000 : null);
  columns.push({ id: 'duration', label: 'duration s', numeric: true, value: duration, text: (t) => formatValue(duration(t)) });
  columns.push({ id: 'error', label: 'error', numeric: false, value: (t) => t.error ?? null, text: (t) => t.error ?? '' });
  return columns;
}

export interface TableQuery {
  sort: string;
  descending: boolean;
  states: ReadonlySet<TrialState>;
  /** Case-insensitive text matched against every cell. */
  text: string;
}

/** Compares two cell values: nulls last, numbers numerically, strings by locale. */
function compare(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** The rows to show: filtered by state and text, sorted by the query's column (ties by trial number). */
export function queryTrials(trials: readonly TrialViewJson[], columns: readonly TrialColumn[], query: TableQuery): TrialViewJson[] {
  const needle = query.text.trim().toLowerCase();
  let rows = trials.filter((t) => query.states.has(t.state));
  if (needle) rows = rows.filter((t) => columns.some((c) => c.text(t).toLowerCase().includes(needle)));
  const column = columns.find((c) => c.id === query.sort) ?? columns[0]!;
  const sign = query.descending ? -1 : 1;
  // Decorate once: a 10,000-row sort calls the comparator ~130,000 times.
  const keyed = rows.map((t) => ({ t, k: column.value(t) }));
  keyed.sort((a, b) => {
    const c = compare(a.k, b.k);
    if (c !== 0) return a.k === null || b.k === null ? c : sign * c;
    return a.t.number - b.t.number;
  });
  return keyed.map((r) => r.t);
}
