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

/** Every position a condition reads from, with the top-level field names it reads there. */
export function conditionFields(condition: NormalizedCondition, into = new Map<number, Set<string>>()): Map<number, Set<string>> {
  const add = (position: number, path: readonly string[]) => {
    let set = into.get(position);
    if (!set) into.set(position, (set = new Set()));
    set.add(path[0]!);
  };
  if (condition.kind === 'leaf') {
    add(condition.left.position, condition.left.path);
    if (condition.right?.kind === 'ref') add(condition.right.position, condition.right.path);
  } else if (condition.kind === 'not') conditionFields(condition.item, into);
  else for (const item of condition.items) conditionFields(item, into);
  return into;
}
