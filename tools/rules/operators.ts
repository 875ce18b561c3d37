import { ToolError } from '../common/errors.ts';
import { compileMatchPattern, MatchPattern } from './match-pattern.ts';

/**
 * How an operator can be indexed in the alpha network: `eq` → hash lookup, `gt`/`gte`/`lt`/`lte` → sorted
 * thresholds (numeric constants only). Operators without an index kind are evaluated one by one.
 */
export type IndexKind = 'eq' | 'gt' | 'gte' | 'lt' | 'lte';

/**
 * A named comparison `left operator right`. `left` is the fact's field value (never `undefined`: a missing
 * field makes every operator except `exists` false); `right` is the rule's value (after `prepare`).
 */
export interface Operator {
  name: string;
  test(left: unknown, right: unknown): boolean;
  /** Checks the rule's value at load time; returns what was expected, or null when fine. */
  validate?(value: unknown): string | null;
  /** Turns the rule's value into the form `test` uses (e.g. compiles a regex). Runs once per rule. */
  prepare?(value: unknown): unknown;
  /** The value must be a constant of the rule, not a reference to a bound fact (`matches`: its pattern is compiled at load). */
  constantOnly?: boolean;
  /** The operator needs no value (`exists`). */
  unary?: boolean;
  index?: IndexKind;
  /** Called even when the field is missing (`left` is then undefined). */
  acceptsMissing?: boolean;
}

/** Structural equality of JSON values (numbers by value, arrays and objects by content). */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEquals(item, other[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => jsonEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function comparable(left: unknown, right: unknown): boolean {
  return (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
}

const expectComparable = (value: unknown): string | null =>
  typeof value === 'number' || typeof value === 'string' ? null : 'a number or a string';
const expectArray = (value: unknown): string | null => (Array.isArray(value) ? null : 'an array of values');

/** The built-in operators; registered through the same `register` call users use. */
export const BUILTIN_OPERATORS: readonly Operator[] = [
  { name: '==', index: 'eq', test: (l, r) => l === r || jsonEquals(l, r) },
  { name: '!=', test: (l, r) => !(l === r || jsonEquals(l, r)) },
  { name: '>', index: 'gt', validate: expectComparable, test: (l, r) => comparable(l, r) && (l as number) > (r as number) },
  { name: '>=', index: 'gte', validate: expectComparable, test: (l, r) => comparable(l, r) && (l as number) >= (r as number) },
  { name: '<', index: 'lt', validate: expectComparable, test: (l, r) => comparable(l, r) && (l as number) < (r as number) },
  { name: '<=', index: 'lte', validate: expectComparable, test: (l, r) => comparable(l, r) && (l as number) <= (r as number) },
  { name: 'in', validate: expectArray, test: (l, r) => Array.isArray(r) && r.some((v) => v === l || jsonEquals(v, l)) },
  { name: 'not_in', validate: expectArray, test: (l, r) => Array.isArray(r) && !r.some((v) => v === l || jsonEquals(v, l)) },
  {
    name: 'contains',
    test: (l, r) =>
      Array.isArray(l) ? l.some((v) => v === r || jsonEquals(v, r)) : typeof l === 'string' && typeof r === 'string' && l.includes(r),
  },
  {
    // RE2 syntax, linear-time matching, within RULE_LIMITS (tools/rules/match-pattern.ts).
    name: 'matches',
    constantOnly: true,
    validate: (value) => {
      if (typeof value !== 'string') return 'a regular expression as a string';
      const compiled = compileMatchPattern(value);
      return compiled.ok ? null : compiled.expected;
    },
    prepare: (value) => {
      const compiled = compileMatchPattern(value as string);
      if (!compiled.ok) throw new ToolError('invalid_argument', `matches needs ${compiled.expected}`, { details: { parameter: 'value', value } });
      return compiled.pattern;
    },
    test: (l, r) => typeof l === 'string' && r instanceof MatchPattern && r.test(l),
  },
  {
    name: 'exists',
    unary: true,
    acceptsMissing: true,
    validate: (value) => (value === undefined || typeof value === 'boolean' ? null : 'true, false or no value'),
    test: (l, r) => (l !== undefined && l !== null) === (r !== false),
  },
];

/**
 * The operator vocabulary of one engine. Built-ins are registered like user operators; names are unique.
 */
export class OperatorRegistry {
  private readonly operators = new Map<string, Operator>();

  constructor(operators: readonly Operator[] = BUILTIN_OPERATORS) {
    for (const operator of operators) this.register(operator);
  }

  register(operator: Operator): void {
    if (!/^[\w=!<>~-]+$/.test(operator.name)) {
      throw new ToolError('invalid_argument', `operator name must be letters, digits or one of = ! < > ~ - _, got "${operator.name}"`, {
        details: { parameter: 'name', value: operator.name },
      });
    }
    if (this.operators.has(operator.name)) {
      throw new ToolError('conflict', `operator "${operator.name}" is already registered`, { details: { name: operator.name } });
    }
    this.operators.set(operator.name, operator);
  }

  get(name: string): Operator | undefined {
    return this.operators.get(name);
  }

  names(): string[] {
    return [...this.operators.keys()];
  }
}
