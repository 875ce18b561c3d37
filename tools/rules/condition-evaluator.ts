import type { OperatorRegistry } from './operators.ts';
import { readPath, type NormalizedCondition, type Operand } from './normalized-rule.ts';

/** A fact as conditions read it. */
export interface FactLike {
  type: string;
  id: string;
  fields: Record<string, unknown>;
}

/** Facts by pattern position (null where a not/exists pattern sits or a position is not bound yet). */
export type Env = ReadonlyArray<FactLike | null | undefined>;
export type CompiledCondition = (env: Env) => boolean;

type Getter = (env: Env) => unknown;

function getter(position: number, path: readonly string[]): Getter {
  if (path.length === 1) {
    const field = path[0]!;
    if (field === 'id' || field === 'type') return (env) => { const f = env[position]; return f ? readPath(f, path) : undefined; };
    return (env) => env[position]?.fields[field];
  }
  return (env) => {
    const fact = env[position];
    return fact ? readPath(fact, path) : undefined;
  };
}

function operandGetter(operand: Operand, remap: (position: number) => number): Getter {
  if (operand.kind === 'const') {
    const value = operand.value;
    return () => value;
  }
  const read = getter(remap(operand.position), operand.path);
  const { add, mul } = operand;
  if (add === 0 && mul === 1) return read;
  return (env) => {
    const value = read(env);
    return typeof value === 'number' ? value * mul + add : undefined;
  };
}

/**
 * Compiles a normalized condition into a closure over an environment of facts by position. The Rete
 * network, the naive evaluator and the explainer all use this one function, so they share operator
 * semantics: a missing field (or a missing referenced field) makes a test false, except for unary
 * operators such as `exists` that accept missing values. `remap` renumbers positions (alpha tests read
 * their own fact at position 0).
 */
export function compileCondition(
  condition: NormalizedCondition,
  operators: OperatorRegistry,
  remap: (position: number) => number = (p) => p,
): CompiledCondition {
  switch (condition.kind) {
    case 'all': {
      const items = condition.items.map((c) => compileCondition(c, operators, remap));
      if (items.length === 1) return items[0]!;
      return (env) => {
        for (const item of items) if (!item(env)) return false;
        return true;
      };
    }
    case 'any': {
      const items = condition.items.map((c) => compileCondition(c, operators, remap));
      return (env) => {
        for (const item of items) if (item(env)) return true;
        return false;
      };
    }
    case 'not': {
      const item = compileCondition(condition.item, operators, remap);
      return (env) => !item(env);
    }
    case 'leaf': {
      const operator = operators.get(condition.operator)!;
      const test = operator.test;
      const acceptsMissing = operator.acceptsMissing === true;
      const left = getter(remap(condition.left.position), condition.left.path);
      const right = condition.right;
      if (right === null) return (env) => test(left(env), undefined);
      if (right.kind === 'const') {
        const value = right.value;
        return (env) => {
          const l = left(env);
          return l === undefined && !acceptsMissing ? false : test(l, value);
        };
      }
      const read = operandGetter(right, remap);
      return (env) => {
        const l = left(env);
        if (l === undefined && !acceptsMissing) return false;
        const r = read(env);
        return r === undefined ? false : test(l, r);
      };
    }
  }
}

/**
 * Every (position, top-level field) a condition reads, appended to `positions` / `fields` (parallel arrays;
 * plain arrays because this runs once per condition while rules load, and cold code pays for iterators).
 */
export function conditionReads(condition: NormalizedCondition, positions: number[], fields: string[]): void {
  if (condition.kind === 'leaf') {
    positions.push(condition.left.position);
    fields.push(condition.left.path[0]!);
    if (condition.right !== null && condition.right.kind === 'ref') {
      positions.push(condition.right.position);
      fields.push(condition.right.path[0]!);
    }
  } else if (condition.kind === 'not') conditionReads(condition.item, positions, fields);
  else for (let i = 0; i < condition.items.length; i++) conditionReads(condition.items[i]!, positions, fields);
}
