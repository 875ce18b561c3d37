/**
 * Study spec defaults and validation, applied once when a study starts. The spec format is the one in
 * docs/optimizer.md (`name, space, objectives, constraints, target, sampler, budget, seed, ...`).
 */
import { ToolError } from '../common/errors.ts';
import { createPruner } from './pruners/index.ts';
import { hasSampler } from './samplers/index.ts';
import { compileSpace } from './search-space.ts';
import type { ConstraintOp, ParamDefinition, StudySpec } from './types.ts';

export interface StudyDefaults {
  /** Default sampler: `auto` once registered, else `tpe`. */
  sampler: string;
  trials: number;
  parallel: number;
  retries: number;
  backoffMs: number;
  seed: number;
}

export const STUDY_DEFAULTS: Omit<StudyDefaults, 'sampler' | 'seed'> = { trials: 100, parallel: 1, retries: 0, backoffMs: 1000 };

/**
 * Size bounds of a study spec, checked by {@link normalizeSpec} (CLI spec files and the agent's tools alike;
 * the tools' zod schemas reuse them so the model sees them).
 */
export const SPEC_LIMITS = Object.freeze({
  /** The whole spec as JSON, in UTF-8 bytes. */
  bytes: 1024 * 1024,
  /** Parameters in the search space, nested (conditional) ones included. */
  params: 64,
  /** Choices of one categorical / choice / pchoice parameter. */
  choices: 1000,
  /** Characters of a parameter, metric or study name. */
  nameLength: 200,
  objectives: 8,
  constraints: 32,
  /** Configurations queued to run first (`enqueue`). */
  enqueue: 1000,
  trials: 100_000,
  parallel: 64,
});

const OPS: readonly ConstraintOp[] = ['<', '<=', '>', '>=', '==', '!='];

function tooMany(what: string, count: number, limit: number, parameter: string): ToolError {
  return new ToolError('invalid_argument', `${what}: got ${count}, the limit is ${limit} (SPEC_LIMITS.${parameter})`, { details: { parameter, limit, actual: count } });
}

/** The size bounds of {@link SPEC_LIMITS}; runs before anything walks the spec. */
function checkSizes(spec: StudySpec): void {
  let json: string;
  try {
    json = JSON.stringify(spec);
  } catch (error) {
    throw new ToolError('invalid_argument', `a study spec must be plain JSON data: ${(error as Error).message}`, { details: {}, cause: error });
  }
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > SPEC_LIMITS.bytes) throw tooMany('the study spec is too large (JSON bytes)', bytes, SPEC_LIMITS.bytes, 'bytes');
  if (Array.isArray(spec.objectives) && spec.objectives.length > SPEC_LIMITS.objectives) {
    throw tooMany('too many objectives', spec.objectives.length, SPEC_LIMITS.objectives, 'objectives');
  }
  if (Array.isArray(spec.constraints) && spec.constraints.length > SPEC_LIMITS.constraints) {
    throw tooMany('too many constraints', spec.constraints.length, SPEC_LIMITS.constraints, 'constraints');
  }
  if (Array.isArray(spec.enqueue) && spec.enqueue.length > SPEC_LIMITS.enqueue) {
    throw tooMany('too many enqueued configurations', spec.enqueue.length, SPEC_LIMITS.enqueue, 'enqueue');
  }
  const names = [spec.name, ...(spec.objectives ?? []).map((o) => o?.metric), ...(spec.constraints ?? []).map((c) => c?.metric)];
  const long = names.find((n) => typeof n === 'string' && n.length > SPEC_LIMITS.nameLength);
  if (long !== undefined) throw tooMany(`name "${long.slice(0, 40)}…" is too long (characters)`, long.length, SPEC_LIMITS.nameLength, 'nameLength');
}

/** Bounds on the compiled search space: parameter count, name length, choices per categorical. */
function checkSpaceSize(space: readonly ParamDefinition[]): void {
  if (space.length > SPEC_LIMITS.params) throw tooMany('too many parameters in the search space (nested ones included)', space.length, SPEC_LIMITS.params, 'params');
  for (const { name, distribution } of space) {
    if (name.length > SPEC_LIMITS.nameLength) throw tooMany(`parameter name "${name.slice(0, 40)}…" is too long (characters)`, name.length, SPEC_LIMITS.nameLength, 'nameLength');
    if (distribution.type === 'categorical' && distribution.choices.length > SPEC_LIMITS.choices) {
      throw tooMany(`too many choices for parameter ${name}`, distribution.choices.length, SPEC_LIMITS.choices, 'choices');
    }
  }
}

function positiveInt(value: unknown, name: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ToolError('invalid_argument', `${name} must be an integer between 1 and ${max}, got ${JSON.stringify(value)}`, { details: { [name]: value ?? null } });
  }
  return value;
}

export function defaultSamplerName(): string {
  return hasSampler('auto') ? 'auto' : 'tpe';
}

/** A complete, validated copy of the spec with every default filled in. Throws `ToolError('invalid_argument')`. */
export function normalizeSpec(spec: StudySpec, overrides: Partial<StudyDefaults> = {}): StudySpec {
  if (typeof spec !== 'object' || spec === null) throw new ToolError('invalid_argument', 'a study spec must be an object', { details: {} });
  const defaults = { ...STUDY_DEFAULTS, sampler: defaultSamplerName(), seed: 0, ...overrides };
  checkSizes(spec);
  checkSpaceSize(compileSpace(spec.space));
  if (!Array.isArray(spec.objectives) || spec.objectives.length === 0) {
    throw new ToolError('invalid_argument', 'objectives must list at least one {metric, direction}', { details: { objectives: spec.objectives ?? null } });
  }
  for (const o of spec.objectives) {
    if (typeof o?.metric !== 'string' || (o.direction !== 'minimize' && o.direction !== 'maximize')) {
      throw new ToolError('invalid_argument', `each objective is {metric: string, direction: "minimize"|"maximize"}, got ${JSON.stringify(o)}`, { details: { objective: o } });
    }
  }
  for (const c of spec.constraints ?? []) {
    if (typeof c?.metric !== 'string' || !OPS.includes(c.op) || typeof c.value !== 'number') {
      throw new ToolError('invalid_argument', `each constraint is {metric, op: one of ${OPS.join(' ')}, value: number}, got ${JSON.stringify(c)}`, { details: { constraint: c } });
    }
  }
  const sampler = spec.sampler ?? defaults.sampler;
  if (!hasSampler(sampler)) {
    // createSampler gives the full message with the known names.
    throw new ToolError('invalid_argument', `unknown sampler "${sampler}"`, { details: { sampler } });
  }
  createPruner(spec.pruner);
  const budget = spec.budget ?? {};
  const trials = budget.trials === undefined ? defaults.trials : positiveInt(budget.trials, 'budget.trials', SPEC_LIMITS.trials);
  const parallel = budget.parallel === undefined ? defaults.parallel : positiveInt(budget.parallel, 'budget.parallel', SPEC_LIMITS.parallel);
  if (budget.time_s !== undefined && !(typeof budget.time_s === 'number' && budget.time_s > 0)) {
    throw new ToolError('invalid_argument', `budget.time_s must be a number > 0, got ${JSON.stringify(budget.time_s)}`, { details: { time_s: budget.time_s } });
  }
  const retries = spec.retries ?? { max: defaults.retries };
  if (!Number.isInteger(retries.max) || retries.max < 0 || retries.max > 100) {
    throw new ToolError('invalid_argument', `retries.max must be an integer between 0 and 100, got ${JSON.stringify(retries.max)}`, { details: { retries } });
  }
  if (spec.distributed !== undefined && typeof spec.distributed !== 'boolean') {
    throw new ToolError('invalid_argument', `distributed must be true or false, got ${JSON.stringify(spec.distributed)}`, { details: { parameter: 'distributed', value: spec.distributed ?? null } });
  }
  const seed = spec.seed ?? defaults.seed;
  if (!Number.isInteger(seed)) throw new ToolError('invalid_argument', `seed must be an integer, got ${JSON.stringify(seed)}`, { details: { seed } });
  return {
    ...structuredClone(spec),
    sampler,
    budget: { trials, parallel, ...(budget.time_s !== undefined ? { time_s: budget.time_s } : {}) },
    retries: { max: retries.max, backoff_ms: retries.backoff_ms ?? defaults.backoffMs },
    seed,
  };
}
