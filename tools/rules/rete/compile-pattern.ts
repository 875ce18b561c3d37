import { compileCondition, conditionFields } from '../condition-evaluator.ts';
import type { NormalizedCondition, NormalizedRule } from '../normalized-rule.ts';
import type { OperatorRegistry } from '../operators.ts';
import type { PrimaryTest } from './alpha-memory.ts';
import type { EqualityKey } from './equality-keys.ts';
import type { JoinTest } from './join-node.ts';
import type { FactRecord } from './token.ts';

/** A pattern split into its single-fact (alpha) part and its join part. */
export interface CompiledPattern {
  signature: string;
  alphaTest: (fact: FactRecord) => boolean;
  primary: PrimaryTest | null;
  restFields: Set<string>;
  alphaFields: Set<string>;
  keys: EqualityKey[];
  joinTest: JoinTest | null;
  /** Fields of this pattern's fact whose change re-evaluates the rule (property reactivity). */
  listens: Set<string>;
}

function conjuncts(condition: NormalizedCondition | null): NormalizedCondition[] {
  if (condition === null) return [];
  if (condition.kind === 'all') return condition.items.flatMap(conjuncts);
  return [condition];
}

function valueSignature(value: unknown): string {
  return value instanceof RegExp ? `re:${String(value)}` : (JSON.stringify(value) ?? 'undefined');
}

/** A position-free description of an alpha condition, so equal patterns of different rules share a memory. */
function signature(condition: NormalizedCondition): string {
  switch (condition.kind) {
    case 'all':
    case 'any':
      return `${condition.kind}(${condition.items.map(signature).join(',')})`;
    case 'not':
      return `not(${signature(condition.item)})`;
    case 'leaf': {
      const right = condition.right === null ? '' : condition.right.kind === 'const' ? valueSignature(condition.right.value) : `$${condition.right.path.join('.')}*${condition.right.mul}+${condition.right.add}`;
      return `${condition.left.path.join('.')} ${condition.operator} ${right}`;
    }
  }
}

function choosePrimary(alpha: NormalizedCondition[], operators: OperatorRegistry): NormalizedCondition | null {
  let best: NormalizedCondition | null = null;
  for (const c of alpha) {
    if (c.kind !== 'leaf' || c.left.path.length !== 1 || c.right?.kind !== 'const') continue;
    if (c.left.path[0] === 'id' || c.left.path[0] === 'type') continue;
    const kind = operators.get(c.operator)?.index;
    const value = c.right.value;
    if (kind === 'eq' && (value === null || typeof value !== 'object')) return c;
    if (kind && kind !== 'eq' && typeof value === 'number' && Number.isFinite(value) && best === null) best = c;
  }
  return best;
}

function equalityKey(c: NormalizedCondition, own: number): EqualityKey | null {
  if (c.kind !== 'leaf' || c.operator !== '==' || c.right?.kind !== 'ref' || c.right.add !== 0 || c.right.mul !== 1) return null;
  if (c.left.position === own && c.right.position < own) return { ownPath: c.left.path, position: c.right.position, path: c.right.path };
  if (c.right.position === own && c.left.position < own) return { ownPath: c.right.path, position: c.left.position, path: c.left.path };
  return null;
}

/** Compiles every pattern of a rule. */
export function compilePatterns(rule: NormalizedRule, operators: OperatorRegistry): CompiledPattern[] {
  const split = rule.patterns.map((pattern) => {
    const alpha: NormalizedCondition[] = [];
    const join: NormalizedCondition[] = [];
    for (const c of conjuncts(pattern.condition)) {
      const positions = [...conditionFields(c).keys()];
      (positions.every((p) => p === pattern.position) ? alpha : join).push(c);
    }
    return { pattern, alpha, join };
  });
  const referenced = new Map<number, Set<string>>();
  for (const { join } of split) for (const c of join) conditionFields(c, referenced);

  return split.map(({ pattern, alpha, join }) => {
    const own = pattern.position;
    const primaryLeaf = choosePrimary(alpha, operators);
    const rest = alpha.filter((c) => c !== primaryLeaf);
    const alphaFields = new Set<string>();
    for (const c of alpha) for (const field of conditionFields(c).get(own) ?? []) alphaFields.add(field);
    const restFields = new Set<string>();
    for (const c of rest) for (const field of conditionFields(c).get(own) ?? []) restFields.add(field);
    const remapped = alpha.length === 0 ? null : compileCondition({ kind: 'all', items: alpha }, operators, () => 0);
    const env: (FactRecord | null)[] = [null];
    const alphaTest = remapped === null ? () => true : (fact: FactRecord) => ((env[0] = fact), remapped(env));
    let primary: PrimaryTest | null = null;
    if (primaryLeaf?.kind === 'leaf' && primaryLeaf.right?.kind === 'const') {
      primary = { field: primaryLeaf.left.path[0]!, kind: operators.get(primaryLeaf.operator)!.index!, value: primaryLeaf.right.value };
    }
    // Equality tests become the hash key; hash-key equality is exactly `==` (canonical JSON for objects),
    // so they are not evaluated again.
    const keys: EqualityKey[] = [];
    const residual: NormalizedCondition[] = [];
    for (const c of join) {
      const key = equalityKey(c, own);
      if (key) keys.push(key);
      else residual.push(c);
    }
    const joinTest = residual.length === 0 ? null : (compileCondition({ kind: 'all', items: residual }, operators) as JoinTest);
    const listens = new Set([...alphaFields, ...(referenced.get(own) ?? [])]);
    const sig = `${pattern.type}|${alpha.map(signature).sort().join('&')}`;
    return { signature: sig, alphaTest, primary, restFields, alphaFields, keys, joinTest, listens };
  });
}
