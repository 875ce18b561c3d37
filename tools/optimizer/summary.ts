/**
 * Plain-JSON views of studies and trials for the agent, the CLI (`--json`) and the web UI.
 */
import { isFeasible } from './objectives.ts';
import { TrialTally, tallySpec } from './trial-tally.ts';
import type { WorkersSummary } from './remote-trials.ts';
import type { Constraint, Direction, Params, StudyRecord, Trial, TrialState } from './types.ts';

export interface TrialSummary {
  number: number;
  state: TrialState;
  params: Params;
  values: number[] | null;
  metrics: Record<string, number>;
  feasible?: boolean;
  error?: string;
  duration_s?: number;
}

export interface StudyStatusSummary {
  study_id: string;
  name: string;
  status: StudyRecord['status'];
  sampler: string;
  objectives: { metric: string; direction: Direction }[];
  trials: { total: number; budget: number; waiting: number; running: number; complete: number; pruned: number; failed: number };
  elapsed_s: number;
  time_limit_s: number | null;
  /** Best feasible trial (first objective); null when none completed feasibly. */
  best: TrialSummary | null;
  /** For several objectives: the feasible non-dominated trials. */
  pareto: TrialSummary[];
  /** The study's constraints, when it has any. */
  constraints?: Constraint[];
  /** With constraints and no feasible trial yet: the completed trial that misses them by the least (relative). */
  closest?: TrialSummary;
  last_trial: TrialSummary | null;
  error?: string;
  /** A distributed study: the workers that run its trials ("3 workers (12 slots), 9 trials running, 2 retried"). */
  workers?: WorkersSummary;
}

export function summarizeTrial(trial: Trial): TrialSummary {
  const out: TrialSummary = { number: trial.number, state: trial.state, params: trial.params, values: trial.values, metrics: trial.metrics };
  if (trial.state === 'complete' && trial.constraintViolations && trial.constraintViolations.length > 0) out.feasible = isFeasible(trial);
  if (trial.error) out.error = trial.error.length > 500 ? `${trial.error.slice(0, 500)}…` : trial.error;
  if (trial.startedAt !== null && trial.completedAt !== null) out.duration_s = Math.round(trial.completedAt - trial.startedAt) / 1000;
  return out;
}

/** `tally`: the study's figures kept across calls (StudyManager.tally); by default they are read from `trials`. */
export function summarizeStudy(record: StudyRecord, trials: readonly Trial[], now: number, error?: string, tally = new TrialTally(tallySpec(record.spec)).update(trials)): StudyStatusSummary {
  const directions = record.spec.objectives.map((o) => o.direction);
  const counts = { total: tally.total, budget: record.spec.budget?.trials ?? 0, ...tally.counts };
  const best = tally.best;
  const last = tally.lastFinished;
  const end = ['created', 'running', 'stopping'].includes(record.status) ? now : record.updatedAt;
  const summary: StudyStatusSummary = {
    study_id: record.id,
    name: record.name,
    status: record.status,
    sampler: record.spec.sampler ?? 'tpe',
    objectives: record.spec.objectives.map((o) => ({ metric: o.metric, direction: o.direction })),
    trials: counts,
    elapsed_s: Math.max(0, Math.round(end - record.createdAt) / 1000),
    time_limit_s: record.spec.budget?.time_s ?? null,
    best: best ? summarizeTrial(best) : null,
    pareto: directions.length > 1 ? tally.front.map(summarizeTrial) : [],
    last_trial: last ? summarizeTrial(last) : null,
  };
  const constraints = record.spec.constraints ?? [];
  if (constraints.length > 0) {
    summary.constraints = constraints;
    const closest = best ? undefined : tally.closestInfeasible;
    if (closest) summary.closest = summarizeTrial(closest);
  }
  if (error) summary.error = error;
  return summary;
}

/** The completed trial with the smallest sum of constraint violations, each relative to its bound. */
export function closestInfeasible(trials: readonly Trial[], constraints: readonly Constraint[]): Trial | undefined {
  let found: { trial: Trial; total: number } | undefined;
  for (const trial of trials) {
    if (trial.state !== 'complete' || !trial.constraintViolations) continue;
    const total = trial.constraintViolations.reduce((sum, v, i) => sum + Math.max(0, v) / Math.max(Math.abs(constraints[i]?.value ?? 1), 1e-9), 0);
    if (!found || total < found.total) found = { trial, total };
  }
  return found?.trial;
}
