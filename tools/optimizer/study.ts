/**
 * A study: ask/tell over a storage, a sampler and an optional pruner (Optuna's Study). `ask` returns a running
 * trial whose params are already sampled for the whole (conditional) space; `tell` finishes it. Targets that
 * run in-process use `optimize` (see study-runner.ts for parallel evaluation, retries and budgets).
 */
import { systemClock, type Clock } from '../common/clock.ts';
import { ToolError } from '../common/errors.ts';
import { contains } from './distributions.ts';
import { bestTrial, evaluateMetrics, paretoFront } from './objectives.ts';
import { compileSpace, indexSpace, isActive } from './search-space.ts';
import type { StudyStorage } from './storage.ts';
import type {
  Constraint, Direction, Distribution, Objective, ParamDefinition, ParamValue, Params, Pruner, Sampler, SamplerStudyView, StudyRecord, Trial, TrialState,
} from './types.ts';

export interface StudyDeps {
  storage: StudyStorage;
  record: StudyRecord;
  sampler: Sampler;
  pruner?: Pruner | null;
  clock?: Clock;
}

/** What an evaluation produced, as told to the study. */
export type TellResult =
  | { state?: 'complete'; metrics?: Record<string, number>; values?: number[] }
  | { state: 'pruned'; reason?: string }
  | { state: 'failed'; error: string };

export class Study {
  readonly id: string;
  readonly record: StudyRecord;
  readonly objectives: readonly Objective[];
  readonly directions: readonly Direction[];
  readonly constraints: readonly Constraint[];
  readonly space: readonly ParamDefinition[];
  readonly storage: StudyStorage;
  readonly sampler: Sampler;
  readonly pruner: Pruner | null;
  readonly clock: Clock;
  private readonly byName: Map<string, ParamDefinition>;
  private readonly pruneRequests = new Map<number, string>();
  private snapshot: Trial[] | null = null;
  private snapshotting = false;
  readonly view: SamplerStudyView;

  constructor(deps: StudyDeps) {
    this.storage = deps.storage;
    this.record = deps.record;
    this.id = deps.record.id;
    this.sampler = deps.sampler;
    this.pruner = deps.pruner ?? null;
    this.clock = deps.clock ?? systemClock;
    const spec = deps.record.spec;
    if (!Array.isArray(spec.objectives) || spec.objectives.length === 0) {
      throw new ToolError('invalid_argument', 'objectives must list at least one {metric, direction}', { details: { objectives: spec.objectives ?? null } });
    }
    for (const o of spec.objectives) {
      if (o.direction !== 'minimize' && o.direction !== 'maximize') {
        throw new ToolError('invalid_argument', `direction of objective "${o.metric}" must be "minimize" or "maximize", got ${JSON.stringify(o.direction)}`, { details: { objective: o } });
      }
    }
    this.objectives = spec.objectives;
    this.directions = spec.objectives.map((o) => o.direction);
    this.constraints = spec.constraints ?? [];
    this.space = compileSpace(spec.space);
    this.byName = indexSpace(this.space);
    const self = this;
    this.view = {
      studyId: this.id,
      directions: this.directions,
      space: this.space,
      constraintCount: this.constraints.length,
      budget: spec.budget?.trials ?? null,
      trials(states?: readonly TrialState[]): readonly Trial[] {
        // During one ask, every sampler call sees the same trials, read once and only if needed.
        const all = self.snapshotting ? (self.snapshot ??= self.storage.getTrials(self.id)) : self.storage.getTrials(self.id);
        return states ? all.filter((t) => states.includes(t.state)) : all;
      },
    };
  }

  /** Adds a waiting trial with known (possibly partial) params; `ask` evaluates it before sampling new ones. */
  enqueue(params: Params, options: { attempt?: number; systemAttrs?: Record<string, unknown>; userAttrs?: Record<string, unknown> } = {}): Trial {
    const distributions: Record<string, Distribution> = {};
    for (const [name, value] of Object.entries(params)) {
      const definition = this.byName.get(name);
      if (!definition) {
        throw new ToolError('invalid_argument', `enqueued parameter "${name}" is not in the search space (${[...this.byName.keys()].join(', ')})`, { details: { param: name } });
      }
      if (!contains(definition.distribution, value)) {
        throw new ToolError('invalid_argument', `enqueued value ${JSON.stringify(value)} for "${name}" is outside its distribution`, {
          details: { param: name, value, distribution: definition.distribution },
        });
      }
      distributions[name] = definition.distribution;
    }
    return this.storage.createTrial(this.id, { state: 'waiting', params, distributions, createdAt: this.clock.now(), ...options });
  }

  /** Starts the next trial: an enqueued one if any, else a new one; samples every active parameter. */
  ask(): Trial {
    return this.storage.transaction(() => this.askInTransaction());
  }

  private askInTransaction(): Trial {
    const now = this.clock.now();
    const trial = this.storage.claimWaitingTrial(this.id, now) ?? this.storage.createTrial(this.id, { state: 'running', createdAt: now });
    this.snapshotting = true;
    try {
      const { params, distributions } = this.sample(trial);
      return this.storage.updateTrial(this.id, trial.number, { params, distributions });
    } finally {
      this.snapshotting = false;
      this.snapshot = null;
    }
  }

  private sample(trial: Trial): { params: Params; distributions: Record<string, Distribution> } {
    this.sampler.beforeTrial?.(this.view, trial);
    const fixed = trial.params;
    const relativeSpace = this.sampler.inferRelativeSearchSpace(this.view, trial);
    const relative = Object.keys(relativeSpace).length > 0 ? this.sampler.sampleRelative(this.view, trial, relativeSpace) : {};
    const params: Params = {};
    const distributions: Record<string, Distribution> = {};
    for (const definition of this.space) {
      if (!isActive(definition, params, this.byName)) continue;
      const { name, distribution } = definition;
      let value: ParamValue | undefined = name in fixed ? fixed[name] : name in relative ? relative[name] : undefined;
      if (value === undefined || !contains(distribution, value)) value = this.sampler.sampleIndependent(this.view, trial, name, distribution);
      if (!contains(distribution, value)) {
        throw new ToolError('internal', `sampler ${this.sampler.name} produced ${JSON.stringify(value)} for "${name}", outside its distribution`, {
          details: { param: name, value, distribution },
        });
      }
      params[name] = value;
      distributions[name] = distribution;
    }
    return { params, distributions };
  }

  /** Records an intermediate result; returns true when the trial should stop (pruner or a prune request). */
  report(number: number, step: number, metrics: Record<string, number> | number): boolean {
    const value = typeof metrics === 'number' ? metrics : metrics[this.objectives[0]!.metric] ?? (Object.keys(metrics).length === 1 ? Object.values(metrics)[0] : undefined);
    if (typeof value === 'number' && Number.isFinite(value)) this.storage.setIntermediateValue(this.id, number, step, value);
    if (this.pruneRequests.has(number)) return true;
    const trial = this.storage.getTrial(this.id, number);
    return trial !== null && this.pruner !== null && trial.state === 'running' && this.pruner.shouldPrune(this.view, trial);
  }

  /** Asks that a running trial stop as pruned at its next report (rules engine, user). */
  requestPrune(number: number, reason: string): void {
    this.pruneRequests.set(number, reason);
  }

  pruneReason(number: number): string | undefined {
    return this.pruneRequests.get(number);
  }

  /** Finishes a running trial. Missing or non-finite objective metrics make it failed with the reason. */
  tell(number: number, result: TellResult): Trial {
    const completedAt = this.clock.now();
    let trial: Trial;
    if (result.state === 'failed') {
      trial = this.storage.updateTrial(this.id, number, { state: 'failed', error: result.error, completedAt });
    } else if (result.state === 'pruned') {
      trial = this.storage.updateTrial(this.id, number, { state: 'pruned', error: result.reason ?? this.pruneRequests.get(number) ?? null, completedAt });
    } else {
      const metrics = { ...(result.metrics ?? {}) };
      if (result.values) {
        if (result.values.length !== this.objectives.length) {
          throw new ToolError('invalid_argument', `tell() got ${result.values.length} values for ${this.objectives.length} objectives`, { details: { values: result.values } });
        }
        this.objectives.forEach((o, i) => (metrics[o.metric] = result.values![i]!));
      }
      try {
        const { values, violations } = evaluateMetrics(metrics, this.objectives, this.constraints);
        trial = this.storage.updateTrial(this.id, number, { state: 'complete', values, metrics, constraintViolations: violations, completedAt });
      } catch (error) {
        if (!ToolError.isInstance(error) || error.code !== 'invalid_argument') throw error;
        trial = this.storage.updateTrial(this.id, number, { state: 'failed', metrics: finiteOnly(metrics), error: error.message, completedAt });
      }
    }
    this.pruneRequests.delete(number);
    this.sampler.afterTrial?.(this.view, trial);
    return trial;
  }

  setUserAttr(number: number, key: string, value: unknown): void {
    this.storage.setTrialUserAttr(this.id, number, key, value);
  }

  trials(states?: readonly TrialState[]): Trial[] {
    return this.storage.getTrials(this.id, states);
  }

  /** Best feasible complete trial (first objective); null when none. */
  bestTrial(): Trial | null {
    return bestTrial(this.trials(['complete']), this.directions);
  }

  /** Feasible non-dominated trials (for one objective: the best trial(s)). */
  paretoFront(): Trial[] {
    return paretoFront(this.trials(['complete']), this.directions);
  }
}

function finiteOnly(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
}
