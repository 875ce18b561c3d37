import type { BenchEvent, BenchResult } from '../bench/types.ts';
import type { Direction, StudyEvent, Trial } from '../optimizer/types.ts';

/** A fact change for working memory: upsert (insert or modify the listed fields). */
export interface FactUpsert {
  type: string;
  id: string;
  fields: Record<string, unknown>;
}

/**
 * The fields of a Trial fact: identity and state, every reported metric at top level (so the simple rule
 * form `{"field":"latency_p99_ms", …}` works on trials), `value` (first objective), `params` as an object
 * (`params.lr`), and `step` for intermediate reports.
 */
export function trialFields(trial: Trial, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...trial.metrics,
    study: trial.studyId,
    number: trial.number,
    state: trial.state,
    params: trial.params,
    value: trial.values?.[0] ?? null,
    attempt: trial.attempt,
    error: trial.error,
    ...extra,
  };
}

/** Running best and stagnation per study, for `trials_since_best` rules ("20 trials without improvement"). */
export class StudyProgress {
  private readonly studies = new Map<string, { best: number | null; complete: number; sinceBest: number; pruned: number; failed: number }>();

  update(studyId: string, trial: Trial, direction: Direction): Record<string, unknown> {
    let entry = this.studies.get(studyId);
    if (!entry) this.studies.set(studyId, (entry = { best: null, complete: 0, sinceBest: 0, pruned: 0, failed: 0 }));
    if (trial.state === 'pruned') entry.pruned++;
    if (trial.state === 'failed') entry.failed++;
    if (trial.state === 'complete') {
      entry.complete++;
      const value = trial.values?.[0];
      const better = typeof value === 'number' && (entry.best === null || (direction === 'minimize' ? value < entry.best : value > entry.best));
      if (better) {
        entry.best = value;
        entry.sinceBest = 0;
      } else entry.sinceBest++;
    }
    return { best_value: entry.best, trials_complete: entry.complete, trials_since_best: entry.sinceBest, trials_pruned: entry.pruned, trials_failed: entry.failed };
  }
}

/** What a study event changes in working memory: Study and Trial facts (and the flat `Fact` view of trials). */
export function studyEventFacts(event: StudyEvent, context: { direction: Direction; progress: StudyProgress; sessionId: string | null; name: string | null }): FactUpsert[] {
  switch (event.type) {
    case 'study-start':
      return [{ type: 'Study', id: event.studyId, fields: { status: 'running', name: context.name, session_id: context.sessionId, started_at: event.at } }];
    case 'study-end':
      return [{ type: 'Study', id: event.studyId, fields: { status: event.status, ended_at: event.at } }];
    case 'trial-start':
    case 'trial-end': {
      const fields = trialFields(event.trial);
      const out: FactUpsert[] = [
        { type: 'Trial', id: event.trial.id, fields },
        { type: 'Fact', id: event.trial.id, fields },
      ];
      if (event.type === 'trial-end') out.push({ type: 'Study', id: event.studyId, fields: { status: 'running', ...context.progress.update(event.studyId, event.trial, context.direction) } });
      return out;
    }
    case 'trial-report': {
      const fields = trialFields(event.trial, { ...event.metrics, step: event.step });
      return [
        { type: 'Trial', id: event.trial.id, fields },
        { type: 'Fact', id: event.trial.id, fields },
      ];
    }
  }
}

/**
 * Flattens a benchmark result into top-level numbers: `latency_ms.p99` → `latency_p99_ms`,
 * `ttft_ms.p50` → `ttft_p50_ms`, other objects → `key_sub`; a single command's stats are lifted to the
 * top (`mean_ms`, `p99_ms`…). Adds `error_rate` (errors / requests) for load tests.
 */
export function flattenBenchResult(result: BenchResult): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const source: Record<string, unknown> = { ...(result as unknown as Record<string, unknown>) };
  if (result.kind === 'command' && result.results.length === 1) Object.assign(source, result.results[0]);
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value === null) out[key] = value;
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [sub, inner] of Object.entries(value)) {
        if (typeof inner !== 'number') continue;
        const name = key.endsWith('_ms') ? `${key.slice(0, -3)}_${sub}_ms` : `${key}_${sub}`;
        out[name] = inner;
      }
    }
  }
  if (result.kind === 'http') out.error_rate = result.requests > 0 ? (result.errors + result.non_2xx + result.timeouts) / result.requests : 0;
  if (result.kind === 'llm') out.error_rate = result.completed + result.failed > 0 ? result.failed / (result.completed + result.failed) : 0;
  return out;
}

/** A finished benchmark as a `BenchResult` fact (and the flat `Fact` view). */
export function benchEventFacts(event: BenchEvent): FactUpsert[] {
  if (event.type !== 'bench-end') return [];
  const fields = { ...flattenBenchResult(event.result), label: event.label, session_id: event.sessionId, run: event.runId };
  return [
    { type: 'BenchResult', id: event.runId, fields },
    { type: 'Fact', id: event.runId, fields },
  ];
}
