/**
 * Resolving a target by name for `start_study`. The builtin implementation knows the test problems; the
 * agent's registry-backed resolver (user-registered targets + builtins) implements the same interface.
 */
import { builtinProblemNames, builtinSpace, getBuiltinProblem } from './targets/builtin-problems.ts';
import type { Direction, Params, TargetSpec } from './types.ts';

export interface ResolvedTarget {
  name: string;
  kind: string;
  spec: TargetSpec;
  /** Metrics the target reports; the first with a direction is the default objective. */
  metrics: { name: string; direction?: Direction; unit?: string }[];
  /** Default search space (used when a study gives none). */
  space?: Record<string, unknown>;
  /** A known-good configuration in the default space: run as trial 0 when a study uses that space (StudySpec.baseline). */
  baseline?: Params;
  description?: string;
}

export interface TargetResolver {
  resolve(name: string): Promise<ResolvedTarget | null>;
  list(): Promise<ResolvedTarget[]>;
}

/** The builtin test problems as targets, each with its textbook domain as default space. */
export function builtinTarget(name: string): ResolvedTarget | null {
  const problem = getBuiltinProblem(name);
  if (!problem) return null;
  const dims = problem.defaultDims;
  return {
    name: problem.name,
    kind: 'builtin',
    spec: { kind: 'builtin', problem: problem.name },
    metrics: problem.metrics(dims).map((metric) => ({ name: metric, direction: 'minimize' as const })),
    space: builtinSpace(problem, dims),
    description: problem.description,
  };
}

export class BuiltinTargetResolver implements TargetResolver {
  async resolve(name: string): Promise<ResolvedTarget | null> {
    return builtinTarget(name);
  }

  async list(): Promise<ResolvedTarget[]> {
    return builtinProblemNames().map((name) => builtinTarget(name)!);
  }
}
