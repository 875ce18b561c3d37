import type { LeafConditionJson, RuleJson } from './types.ts';

/**
 * The validated, position-resolved form of a rule that the Rete network, the naive evaluator and the
 * explainer all consume. Bindings are resolved to pattern positions; fields are split into paths.
 */
export interface FieldRef {
  /** Pattern position of the fact the path is read from. */
  position: number;
  path: string[];
}

/** The right-hand side of a test: a constant, or `mul * <bound field> + add`. */
export type Operand =
  | { kind: 'const'; value: unknown }
  | { kind: 'ref'; position: number; path: string[]; add: number; mul: number };

export type NormalizedCondition =
  | { kind: 'all'; items: NormalizedCondition[] }
  | { kind: 'any'; items: NormalizedCondition[] }
  | { kind: 'not'; item: NormalizedCondition }
  | {
      kind: 'leaf';
      left: FieldRef;
      operator: string;
      /** Null for unary operators given no value. */
      right: Operand | null;
      /** JSON path of the leaf in the rule, for errors and explanations. */
      jsonPath: string;
      source: LeafConditionJson;
    };

export type PatternKind = 'match' | 'not' | 'exists';

export interface NormalizedPattern {
  kind: PatternKind;
  binding: string;
  position: number;
  type: string;
  condition: NormalizedCondition | null;
  jsonPath: string;
}

export interface NormalizedAction {
  name: string;
  params: Record<string, unknown>;
}

export interface NormalizedRule {
  id: string;
  description: string | null;
  salience: number;
  agendaGroup: string;
  /** When a rule of this group fires, the group's other pending activations are cancelled (null: none). */
  activationGroup: string | null;
  noLoop: boolean;
  enabled: boolean;
  patterns: NormalizedPattern[];
  actions: NormalizedAction[];
  /** Binding name → position, for positive patterns (the ones actions may reference). */
  bindings: Record<string, number>;
  metadata: Record<string, unknown>;
  source: RuleJson;
}

/** Reads a path from a fact's fields; `id` and `type` fall back to the fact's own id and type. */
export function readPath(fact: { type: string; id: string; fields: Record<string, unknown> }, path: readonly string[]): unknown {
  let value: unknown = fact.fields[path[0]!];
  if (value === undefined) {
    if (path.length === 1 && path[0] === 'id') return fact.id;
    if (path.length === 1 && path[0] === 'type') return fact.type;
    return undefined;
  }
  for (let i = 1; i < path.length; i++) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[path[i]!];
  }
  return value;
}
