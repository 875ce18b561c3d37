import type { StudyViewJson, TrialViewJson } from '../../server/studies-protocol.ts';

/** Trials and study views for the chart and study-card tests. */
export function trial(number: number, state: TrialViewJson['state'], value: number | null, extra: Partial<TrialViewJson> = {}): TrialViewJson {
  return { number, state, values: value === null ? null : [value], params: { x: number }, intermediate: [], startedAt: 1000 * number, finishedAt: state === 'running' ? null : 1000 * number + 500, ...extra };
}

export function study(extra: Partial<StudyViewJson> = {}): StudyViewJson {
  return {
    id: 'st_1', name: 'branin study', sessionId: 's1', target: 'branin', status: 'running', statusReason: null, resumable: false, sampler: 'tpe',
    objectives: [{ metric: 'value', direction: 'minimize' }], trials: { budget: 40, done: 3, complete: 2, pruned: 1, failed: 0, running: 1 },
    best: { number: 1, values: [0.5], params: { x: 1 } }, pareto: [], recommended: null, createdAt: 0, updatedAt: 0, elapsedS: 12, ...extra,
  };
}

