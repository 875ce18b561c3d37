/**
 * Turning a target's metrics into objective values and constraint violations, and choosing the best trial
 * or the Pareto set. Infeasible trials (any constraint violated) are never best and never on the front.
 */
import { ToolError } from '../common/errors.ts';
import type { Constraint, Direction, Objective, Trial } from './types.ts';

/** How much `metric op value` is violated: 0 when it holds, otherwise a positive distance. */
export function violation(constraint: Constraint, actual: number): number {
  const { op, value } = constraint;
  const tiny = Number.MIN_VALUE;
  switch (op) {
    case '<=':
      return Math.max(0, actual - value);
    case '<':
      return actual < value ? 0 : Math.max(actual - value, tiny);
    case '>=':
      return Math.max(0, value - actual);
    case '>':
      return actual > value ? 0 : Math.max(value - actual, tiny);
    case '==':
      return Math.abs(actual - value);
    case '!=':
      return actual !== value ? 0 : 1;
  }
}

/**
 * Objective values and constraint violations from reported metrics. Throws `ToolError('invalid_argument')`
 * naming the metric when one is missing or not finite (the trial then fails with that reason).
 */
export function evaluateMetrics(
  metrics: Record<string, number>,
  objectives: readonly Objective[],
  constraints: readonly Constraint[],
): { values: number[]; violations: number[] } {
  const read = (metric: string, role: string): number => {
    const value = metrics[metric];
    if (value === undefined) {
      throw new ToolError('invalid_argument', `${role} metric "${metric}" is missing from the reported metrics {${Object.keys(metrics).join(', ')}}`, {
        details: { metric, reported: Object.keys(metrics) },
      });
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ToolError('invalid_argument', `${role} metric "${metric}" is ${String(value)}; it must be a finite number`, { details: { metric, value: String(value) } });
    }
    return value;
  };
  return {
    values: objectives.map((o) => read(o.metric, 'objective')),
    violations: constraints.map((c) => violation(c, read(c.metric, 'constraint'))),
  };
}

export function isFeasible(trial: Trial): boolean {
  return (trial.constraintViolations ?? []).every((v) => v <= 0);
}

/** True when `a` is strictly better than `b` for one direction. */
export function better(a: number, b: number, direction: Direction): boolean {
  return direction === 'minimize' ? a < b : a > b;
}

/** a dominates b: no worse in every objective and better in at least one. */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly Direction[]): boolean {
  let strictly = false;
  for (let i = 0; i < directions.length; i++) {
    if (better(b[i]!, a[i]!, directions[i]!)) return false;
    if (better(a[i]!, b[i]!, directions[i]!)) strictly = true;
  }
  return strictly;
}

function feasibleComplete(trials: readonly Trial[]): Trial[] {
  return trials.filter((t) => t.state === 'complete' && t.values !== null && isFeasible(t));
}

/** Best feasible complete trial for the first objective (ties: the earlier trial). Null when none. */
export function bestTrial(trials: readonly Trial[], directions: readonly Direction[]): Trial | null {
  let best: Trial | null = null;
  for (const trial of feasibleComplete(trials)) {
    if (best === null || better(trial.values![0]!, best.values![0]!, directions[0]!)) best = trial;
  }
  return best;
}

/** The feasible non-dominated complete trials, in number order (duplicates of a point all kept). */
export function paretoFront(trials: readonly Trial[], directions: readonly Direction[]): Trial[] {
  const candidates = feasibleComplete(trials);
  return candidates.filter((t) => !candidates.some((other) => other !== t && dominates(other.values!, t.values!, directions)));
}
