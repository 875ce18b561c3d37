/**
 * The agent's analysis tools over a study (contract 4): `param_importance` (fANOVA: which parameters explain the
 * variance of an objective or of any reported metric), `pareto_front` (non-dominated trials, knee point,
 * hypervolume) and `best_history` (best-so-far curve). A missing `study_id` means the session's latest study.
 * Results are plain JSON with a one-line `summary` the model can quote; fixable failures are `{ ok: false, error }`.
 */
import { tool, type ToolSet } from 'ai';
import { z } from 'zod';
import { asToolResult, ToolError } from '../../common/errors.ts';
import type { StudyRecord, Trial } from '../types.ts';
import { bestSoFarHistory } from './history.ts';
import { parameterImportance } from './param-importance.ts';
import { paretoSummary } from './pareto-summary.ts';

/** The part of the StudyManager (Services.studies) these tools read. */
export interface StudyReader {
  get(studyId: string): StudyRecord | null;
  latestForSession(sessionId: string): StudyRecord | null;
  trials(studyId: string): Trial[];
}

export interface AnalysisToolsContext {
  services: { studies?: StudyReader };
  sessionId: string;
}

const studyId = z.string().min(1).optional().describe("study id; omit for this session's latest study");

export function createAnalysisTools(context: AnalysisToolsContext): ToolSet {
  return {
    param_importance: tool({
      description: 'Which parameters matter: fANOVA on a random forest over the complete trials. Returns each parameter\'s share of the variance of an objective (default: the first) or of any reported metric (e.g. "latency_p99_ms").',
      inputSchema: z.object({
        study_id: studyId,
        metric: z.string().min(1).optional().describe('objective metric or any metric the trials report; default: the first objective'),
      }),
      execute: ({ study_id, metric }) => asToolResult(() => importance(context, study_id, metric)),
    }),
    pareto_front: tool({
      description: 'The Pareto front of a study (feasible non-dominated trials), its knee point (best trade-off) and hypervolume against a reference point.',
      inputSchema: z.object({
        study_id: studyId,
        reference: z.array(z.number()).min(1).optional().describe('reference point, one value per objective in the study\'s directions; default: the nadir plus 10% of each range'),
      }),
      execute: ({ study_id, reference }) => asToolResult(() => pareto(context, study_id, reference)),
    }),
    best_history: tool({
      description: 'Best-so-far curve of a study: after each finished trial, the best feasible value (one objective) or the hypervolume of the front (several objectives).',
      inputSchema: z.object({
        study_id: studyId,
        max_points: z.number().int().min(2).max(1000).optional().describe('downsample to at most this many points (default 50)'),
      }),
      execute: ({ study_id, max_points }) => asToolResult(() => history(context, study_id, max_points ?? 50)),
    }),
  };
}

function resolveStudy(context: AnalysisToolsContext, id: string | undefined): { record: StudyRecord; trials: Trial[] } {
  const studies = context.services.studies;
  if (!studies) throw new ToolError('unavailable', 'the optimizer service is not running in this process');
  const record = id ? studies.get(id) : studies.latestForSession(context.sessionId);
  if (!record) {
    throw new ToolError('not_found', id ? `no study with study_id "${id}"` : 'this session has no study yet; start one with start_study or pass study_id', {
      details: { study_id: id ?? null },
    });
  }
  return { record, trials: studies.trials(record.id) };
}

function importance(context: AnalysisToolsContext, id: string | undefined, metric: string | undefined) {
  const { record, trials } = resolveStudy(context, id);
  const objectives = record.spec.objectives;
  const index = metric === undefined ? 0 : objectives.findIndex((o) => o.metric === metric);
  const known = new Set(trials.flatMap((t) => Object.keys(t.metrics)));
  if (metric !== undefined && index < 0 && !known.has(metric)) {
    throw new ToolError('invalid_argument', `metric "${metric}" is neither an objective nor a metric the trials report; known: ${[...new Set([...objectives.map((o) => o.metric), ...known])].join(', ')}`, {
      details: { metric, known: [...known] },
    });
  }
  const result = parameterImportance(trials, { target: index >= 0 ? { objective: index } : { metric: metric! }, seed: 0 });
  const label = index >= 0 ? objectives[index]!.metric : metric!;
  const top = result.params[0];
  return {
    ok: true as const,
    study_id: record.id,
    target: label,
    trials: result.trials,
    params: result.params.map((p) => ({ param: p.param, importance: round(p.importance), variance_explained_pct: round(100 * p.varianceFraction) })),
    interactions_pct: round(100 * result.interactionFraction),
    method: result.method,
    summary: top ? `${top.param} explains ${round(100 * top.varianceFraction)}% of the variance in ${label} over ${result.trials} trials` : `no parameters to rank`,
  };
}

function pareto(context: AnalysisToolsContext, id: string | undefined, reference: number[] | undefined) {
  const { record, trials } = resolveStudy(context, id);
  const directions = record.spec.objectives.map((o) => o.direction);
  if (reference && reference.length !== directions.length) {
    throw new ToolError('invalid_argument', `reference must have one value per objective (${directions.length}), got ${reference.length}`, { details: { reference } });
  }
  const summary = paretoSummary(trials, directions, reference);
  const knee = summary.front.find((f) => f.trial === summary.knee);
  return {
    ok: true as const,
    study_id: record.id,
    objectives: record.spec.objectives,
    feasible_trials: summary.feasibleTrials,
    front: summary.front.map((f) => ({ trial: f.trial, values: f.values.map(round), params: f.params })),
    knee_trial: summary.knee,
    hypervolume: round(summary.hypervolume),
    reference: summary.reference.map(round),
    summary: knee
      ? `${summary.front.length} Pareto-optimal trials of ${summary.feasibleTrials}; knee (best trade-off): trial ${knee.trial} with ${record.spec.objectives.map((o, k) => `${o.metric}=${round(knee.values[k]!)}`).join(', ')}`
      : 'no feasible complete trials yet',
  };
}

function history(context: AnalysisToolsContext, id: string | undefined, maxPoints: number) {
  const { record, trials } = resolveStudy(context, id);
  const directions = record.spec.objectives.map((o) => o.direction);
  const reference = directions.length > 1 ? paretoSummary(trials, directions).reference : undefined;
  const points = bestSoFarHistory(trials, directions, reference);
  const stride = Math.max(1, Math.ceil(points.length / maxPoints));
  const sampled = points.filter((_, i) => i % stride === 0 || i === points.length - 1);
  return {
    ok: true as const,
    study_id: record.id,
    measure: directions.length === 1 ? `best ${record.spec.objectives[0]!.metric} (${directions[0]})` : 'hypervolume of the feasible front',
    reference: reference?.map(round) ?? null,
    points: sampled.map((p) => ({ trial: p.trial, value: p.value === null ? null : round(p.value), best: p.best === null ? null : round(p.best) })),
  };
}

function round(v: number): number {
  return Number.isFinite(v) ? Number.parseFloat(v.toPrecision(5)) : v;
}
