/**
 * Reads the optimizer tools' results (start_study, study_status, wait_for_study, best_trials) into one
 * shape the response writers use. Tolerant of field naming (snake_case or camelCase), so the writers
 * depend on the meaning of the results, not on one exact layout.
 */

export interface TrialView {
  number: number | null;
  params: Record<string, unknown>;
  /** Objective values in objective order (may be empty when only metrics are given). */
  values: number[];
  metrics: Record<string, number>;
  state?: string;
}

export interface StudyView {
  studyId: string | null;
  status: string | null;
  target: string | null;
  objectives: Array<{ metric: string; direction: 'minimize' | 'maximize' }>;
  constraints: Array<{ metric: string; op: string; value: number }>;
  counts: Record<string, number>;
  total: number | null;
  budget: number | null;
  elapsedS: number | null;
  best: TrialView | null;
  front: TrialView[];
  trials: TrialView[];
  /** With constraints and no feasible trial: the completed trial that misses them by the least (optimizer summary). */
  closest: TrialView | null;
  /** A distributed study: "3 workers (12 slots), 9 trials running, 2 retried" (study_status `workers.line`). */
  workers?: string;
}

type Json = Record<string, unknown>;

const pick = (record: Json, ...keys: string[]): unknown => {
  for (const key of keys) if (record[key] !== undefined && record[key] !== null) return record[key];
  return undefined;
};

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function readStudyView(output: unknown, fallback: Partial<StudyView> = {}): StudyView {
  const root: Json = isRecord(output) ? output : {};
  const study: Json = isRecord(root.study) ? { ...root, ...root.study } : root;
  const summary: Json = isRecord(study.summary) ? { ...study, ...study.summary } : study;
  const objectives = readObjectives(pick(summary, 'objectives') ?? (isRecord(summary.spec) ? summary.spec.objectives : undefined)) ;
  const bestRaw = pick(summary, 'best', 'best_trial', 'bestTrial', 'best_trials', 'bestTrials');
  const frontRaw = pick(summary, 'pareto_front', 'paretoFront', 'front', 'pareto');
  const best = Array.isArray(bestRaw) ? (bestRaw.length === 1 ? readTrial(bestRaw[0]) : null) : readTrial(bestRaw);
  const front = Array.isArray(frontRaw) ? frontRaw.map(readTrial).filter((t): t is TrialView => t !== null)
    : Array.isArray(bestRaw) ? bestRaw.map(readTrial).filter((t): t is TrialView => t !== null) : [];
  const trialsRaw = pick(summary, 'trials', 'recent_trials', 'top_trials');
  // The optimizer's summary gives `trials: {total, budget, waiting, running, complete, pruned, failed}`.
  const trialCounts = isRecord(summary.trials) ? summary.trials : null;
  const counts = readCounts(trialCounts ?? pick(summary, 'counts', 'trial_counts', 'states'));
  const total = numberOr(trialCounts?.total) ?? numberOr(pick(summary, 'n_trials', 'trial_count', 'total_trials')) ?? (Object.keys(counts).length ? Object.values(counts).reduce((a, b) => a + b, 0) : null);
  // A budget of 0 means "no trial limit" (a time budget only).
  const budget = (numberOr(trialCounts?.budget) || null) ?? (isRecord(summary.budget) ? numberOr(summary.budget.trials) : numberOr(pick(summary, 'budget_trials', 'trials_budget', 'planned_trials')));
  const constraintsRaw = pick(summary, 'constraints') ?? (isRecord(summary.spec) ? summary.spec.constraints : undefined);
  return {
    studyId: stringOr(pick(summary, 'study_id', 'studyId', 'id')) ?? fallback.studyId ?? null,
    status: stringOr(pick(summary, 'status', 'state')) ?? null,
    target: stringOr(pick(summary, 'target', 'target_name')) ?? fallback.target ?? null,
    objectives: objectives.length ? objectives : fallback.objectives ?? [],
    constraints: Array.isArray(constraintsRaw) ? (constraintsRaw.filter(isRecord) as StudyView['constraints']) : fallback.constraints ?? [],
    counts,
    total,
    budget,
    elapsedS: numberOr(pick(summary, 'elapsed_s', 'elapsedS', 'elapsed')),
    best,
    front,
    trials: Array.isArray(trialsRaw) ? trialsRaw.map(readTrial).filter((t): t is TrialView => t !== null) : [],
    closest: readTrial(pick(summary, 'closest')),
    ...workersLine(summary.workers),
  };
}

function workersLine(value: unknown): { workers?: string } {
  const line = typeof value === 'string' ? value : isRecord(value) && typeof value.line === 'string' ? value.line : null;
  return line ? { workers: line } : {};
}

function readObjectives(value: unknown): StudyView['objectives'] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).flatMap((o) =>
    typeof o.metric === 'string' ? [{ metric: o.metric, direction: o.direction === 'maximize' ? 'maximize' as const : 'minimize' as const }] : [],
  );
}

function readCounts(value: unknown): Record<string, number> {
  if (!isRecord(value)) return {};
  const counts: Record<string, number> = {};
  for (const [key, count] of Object.entries(value)) if (typeof count === 'number' && key !== 'total' && key !== 'budget') counts[key] = count;
  return counts;
}

export function readTrial(value: unknown): TrialView | null {
  if (!isRecord(value)) return null;
  const params = isRecord(value.params) ? value.params : {};
  const metrics: Record<string, number> = {};
  if (isRecord(value.metrics)) for (const [k, v] of Object.entries(value.metrics)) if (typeof v === 'number') metrics[k] = v;
  const valuesRaw = pick(value, 'values', 'value');
  const values = Array.isArray(valuesRaw) ? valuesRaw.filter((v): v is number => typeof v === 'number') : typeof valuesRaw === 'number' ? [valuesRaw] : [];
  const view: TrialView = { number: numberOr(pick(value, 'number', 'trial', 'trial_number')), params, values, metrics };
  if (typeof value.state === 'string') view.state = value.state;
  return view;
}

/** The value of one objective for a trial: from `values` by position, else from `metrics` by name. */
export function objectiveValue(trial: TrialView, objectives: StudyView['objectives'], index: number): number | null {
  const metric = objectives[index]?.metric;
  if (metric !== undefined && typeof trial.metrics[metric] === 'number') return trial.metrics[metric]!;
  return trial.values[index] ?? null;
}

function numberOr(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function stringOr(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
