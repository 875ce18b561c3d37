/**
 * The study views of server/studies-protocol.ts (what the web UI, the Studies view, the charts and the `study`
 * websocket frames see), built from the StudyManager's records and trials. Plain functions of the stored state, so
 * the REST routes, the websocket feed and the PNG charts always agree.
 */
import type { ImportanceJson, StudyViewJson, StudyViewStatus, TrialViewJson } from '../../server/studies-protocol.ts';
import { bestTrial, isFeasible } from './objectives.ts';
import { closestInfeasible } from './summary.ts';
import { MIN_TRIALS_FOR_IMPORTANCE, parameterImportance } from './analysis/param-importance.ts';
import { kneePoint, toMinimization, type Point } from './analysis/pareto.ts';
import type { StudyManager } from './study-manager.ts';
import type { Direction, StudyRecord, Trial } from './types.ts';

/** Characters of a trial's error kept in a view (stderr tails can be long; the full text stays in the database). */
const ERROR_CHARS = 2000;

export function trialView(trial: Trial): TrialViewJson {
  const intermediate = Object.entries(trial.intermediate)
    .map(([step, value]) => [Number(step), value] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const view: TrialViewJson = {
    number: trial.number,
    state: trial.state,
    values: trial.state === 'complete' ? trial.values : null,
    params: trial.params,
    intermediate,
    startedAt: trial.startedAt,
    finishedAt: trial.completedAt,
  };
  if (trial.constraintViolations && trial.constraintViolations.length > 0) view.feasible = isFeasible(trial);
  if (trial.error) view.error = trial.error.length > ERROR_CHARS ? `${trial.error.slice(0, ERROR_CHARS)}…` : trial.error;
  return view;
}

/** The view of one study. Throws ToolError `not_found` for an unknown id. */
export function studyView(manager: StudyManager, studyId: string): StudyViewJson {
  const trials = manager.trials(studyId); // throws not_found
  return studyViewOf(manager, manager.get(studyId)!, trials);
}

/** The view from a record and its trials (the websocket feed reuses the trials it already read). */
export function studyViewOf(manager: StudyManager, record: StudyRecord, trials: readonly Trial[]): StudyViewJson {
  const note = manager.statusNote(record.id);
  const directions = record.spec.objectives.map((o) => o.direction);
  const counts = { budget: record.spec.budget?.trials ?? 0, done: 0, complete: 0, pruned: 0, failed: 0, running: 0 };
  let lastActivity = record.updatedAt;
  for (const t of trials) {
    if (t.state === 'complete' || t.state === 'pruned' || t.state === 'failed') {
      counts[t.state]++;
      counts.done++;
    } else if (t.state === 'running') counts.running++;
    lastActivity = Math.max(lastActivity, t.completedAt ?? t.startedAt ?? 0);
  }
  const status: StudyViewStatus = note.interrupted ? 'interrupted' : record.status;
  const live = status === 'created' || status === 'running' || status === 'stopping';
  const end = live ? manager.now() : record.updatedAt;
  let best: StudyViewJson['best'] = null;
  let pareto: number[] = [];
  let recommended: number | null = null;
  if (directions.length === 1) {
    const top = bestTrial(trials, directions);
    if (top) best = { number: top.number, values: top.values!, params: top.params };
  } else {
    ({ pareto, recommended } = frontAndKnee(trials, directions));
  }
  const target = targetName(record);
  const constraints = record.spec.constraints ?? [];
  const near = constraints.length > 0 && best === null && pareto.length === 0 ? closestInfeasible(trials, constraints) : undefined;
  return {
    id: record.id,
    // Specs without a name (CLI files) got the id as name: the target says more.
    name: record.name === record.id && target !== null ? `${target} study` : record.name,
    sessionId: record.sessionId,
    target,
    status,
    statusReason: note.reason,
    resumable: note.interrupted && note.resumable,
    sampler: record.spec.sampler ?? 'tpe',
    objectives: record.spec.objectives.map((o) => ({ metric: o.metric, direction: o.direction })),
    trials: counts,
    best,
    pareto,
    recommended,
    ...(near?.values ? { closest: { number: near.number, values: near.values } } : {}),
    createdAt: record.createdAt,
    updatedAt: lastActivity,
    elapsedS: Math.max(0, Math.round(end - record.createdAt) / 1000),
  };
}

/**
 * Parameter importance per objective (fANOVA, analysis/param-importance.ts). Fewer than MIN_TRIALS_FOR_IMPORTANCE
 * complete trials give empty importances rather than an error: the UI shows "not enough trials yet".
 */
/**
 * fANOVA over a random forest costs about 1 s of event loop per 1,000 trials (64 trees): views use at most
 * IMPORTANCE_SAMPLE complete trials, evenly spaced through the study, and 32 trees, and cache the result per study
 * and number of complete trials, so live cards that refresh as trials finish never block the server for long.
 */
export const IMPORTANCE_SAMPLE = 300;
const IMPORTANCE_TREES = 32;
const importanceCache = new Map<string, { key: string; value: ImportanceJson }>();

export function studyImportance(manager: StudyManager, studyId: string): ImportanceJson {
  const trials = manager.trials(studyId); // throws not_found
  const record = manager.get(studyId)!;
  const complete = trials.filter((t) => t.state === 'complete' && t.values !== null);
  const key = `${record.updatedAt}:${complete.length}`;
  const cached = importanceCache.get(studyId);
  if (cached?.key === key) return cached.value;
  const sample = complete.length <= IMPORTANCE_SAMPLE ? complete : Array.from({ length: IMPORTANCE_SAMPLE }, (_, i) => complete[Math.floor((i * complete.length) / IMPORTANCE_SAMPLE)]!);
  const objectives = record.spec.objectives.map((objective, index) => {
    const usable = sample.filter((t) => Number.isFinite(t.values?.[index]));
    if (usable.length < MIN_TRIALS_FOR_IMPORTANCE) return { metric: objective.metric, importances: {} };
    const result = parameterImportance(usable, { target: { objective: index }, seed: record.spec.seed ?? 0, trees: IMPORTANCE_TREES });
    return { metric: objective.metric, importances: Object.fromEntries(result.params.map((p) => [p.param, p.importance])) };
  });
  const value: ImportanceJson = { studyId, objectives, trialsUsed: sample.length };
  importanceCache.delete(studyId);
  importanceCache.set(studyId, { key, value });
  if (importanceCache.size > 64) importanceCache.delete(importanceCache.keys().next().value!);
  return value;
}

/** The name the agent resolved at start; older records: the builtin problem, else null. */
function targetName(record: StudyRecord): string | null {
  if (typeof record.spec.targetName === 'string') return record.spec.targetName;
  const target = record.spec.target as { kind: string; problem?: unknown };
  return target.kind === 'builtin' && typeof target.problem === 'string' ? target.problem : null;
}

/**
 * The feasible Pareto front (trial numbers, ascending) and its knee, as analysis/pareto-summary.ts computes them, but
 * with an archive sweep (O(N·front)) instead of the full non-dominated sort, since views are rebuilt several times a
 * second for studies of up to 100,000 trials. Duplicate points all stay on the front, as there.
 */
function frontAndKnee(trials: readonly Trial[], directions: readonly Direction[]): { pareto: number[]; recommended: number | null } {
  const feasible = trials.filter((t) => t.state === 'complete' && t.values !== null && t.values.length === directions.length && isFeasible(t));
  let archive: { number: number; point: Point }[] = [];
  for (const trial of feasible) {
    const point = toMinimization(trial.values!, directions);
    if (archive.some((a) => dominates(a.point, point))) continue;
    archive = archive.filter((a) => !dominates(point, a.point));
    archive.push({ number: trial.number, point });
  }
  archive.sort((a, b) => a.number - b.number);
  const knee = kneePoint(archive.map((a) => a.point));
  return { pareto: archive.map((a) => a.number), recommended: knee === null ? null : archive[knee]!.number };
}

function dominates(a: Point, b: Point): boolean {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return false;
    if (a[i]! < b[i]!) strictly = true;
  }
  return strictly;
}
