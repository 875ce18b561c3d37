/**
 * The study views of server/studies-protocol.ts (what the web UI, the Studies view, the charts and the `study`
 * websocket frames see), built from the StudyManager's records and trials. Plain functions of the stored state, so
 * the REST routes, the websocket feed and the PNG charts always agree.
 */
import type { ImportanceJson, StudyViewJson, StudyViewStatus, TrialViewJson } from '../../server/studies-protocol.ts';
import { isFeasible } from './objectives.ts';
import { MIN_TRIALS_FOR_IMPORTANCE, parameterImportance } from './analysis/param-importance.ts';
import { kneePoint, toMinimization } from './analysis/pareto.ts';
import type { StudyManager } from './study-manager.ts';
import type { StudyRecord, Trial } from './types.ts';

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

/**
 * The trials numbered `numbers`, in number order, from a study's trials: O(numbers), since trial k sits at index k
 * (numbers are dense and 0-based, storage.ts); a search otherwise.
 */
export function trialsNumbered(trials: readonly Trial[], numbers: Iterable<number>): Trial[] {
  const out: Trial[] = [];
  for (const k of [...numbers].sort((a, b) => a - b)) {
    const trial = trials[k]?.number === k ? trials[k] : trials.find((t) => t.number === k);
    if (trial) out.push(trial);
  }
  return out;
}

/** The trials numbered above `after`, in number order: a slice from index after + 1 when numbers are dense. */
export function trialsAfter(trials: readonly Trial[], after: number): Trial[] {
  const start = trials[after + 1]?.number === after + 1 ? after + 1 : trials.findIndex((t) => t.number > after);
  return start < 0 ? [] : trials.slice(start);
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
  // Kept across views (trial-tally.ts): a view rebuilt after every trial reads only the new and running trials.
  const tally = manager.tally(record, trials);
  const { complete, pruned, failed, running } = tally.counts;
  const counts = { budget: record.spec.budget?.trials ?? 0, done: complete + pruned + failed, complete, pruned, failed, running };
  const lastActivity = Math.max(record.updatedAt, tally.lastActivity);
  const status: StudyViewStatus = note.interrupted ? 'interrupted' : record.status;
  const live = status === 'created' || status === 'running' || status === 'stopping';
  const end = live ? manager.now() : record.updatedAt;
  let best: StudyViewJson['best'] = null;
  let pareto: number[] = [];
  let recommended: number | null = null;
  if (directions.length === 1) {
    const top = tally.best;
    if (top) best = { number: top.number, values: top.values!, params: top.params };
  } else {
    pareto = tally.front.map((t) => t.number);
    const knee = kneePoint(tally.front.map((t) => toMinimization(t.values!, directions)));
    recommended = knee === null ? null : pareto[knee]!;
  }
  const target = targetName(record);
  const constraints = record.spec.constraints ?? [];
  const near = constraints.length > 0 && best === null && pareto.length === 0 ? tally.closestInfeasible : null;
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
    ...workersOf(manager, record, trials),
    createdAt: record.createdAt,
    updatedAt: lastActivity,
    elapsedS: Math.max(0, Math.round(end - record.createdAt) / 1000),
  };
}

/** A distributed study's workers line (the heartbeats as last read: no I/O), for the live study card. */
function workersOf(manager: StudyManager, record: StudyRecord, trials: readonly Trial[]): { workers?: string } {
  const line = manager.workers(record, trials)?.line;
  return line ? { workers: line } : {};
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
