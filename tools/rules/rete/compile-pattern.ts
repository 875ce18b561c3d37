import { compileCondition, conditionFields } from '../condition-evaluator.ts';
import type { NormalizedCondition, NormalizedRule } from '../normalized-rule.ts';
import type { OperatorRegistry } from '../operators.ts';
import type { PrimaryTest } from './alpha-memory.ts';
import type { EqualityKey } from './equality-keys.ts';
import type { JoinTest } from './join-node.ts';
import type { FactRecord } from './token.ts';

/** What an alpha memory needs: its test, the part the type node indexes, and the fields its tests read. */
export interface AlphaPart {
  alphaTest: (fact: FactRecord) => boolean;
  primary: PrimaryTest | null;
  restFields: Set<string>;
  alphaFields: Set<string>;
}

/** A pattern split into its single-fact (alpha) part and its join part. */
export interface CompiledPattern {
  /** Memories are shared by signature; `alpha()` is only built for a new one. */
  signature: string;
  alpha(): AlphaPart;
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
  const referenced = new Map<number, Set<string>>();
  const split = rule.patterns.map((pattern) => {
    const own = pattern.position;
    const alpha: NormalizedCondition[] = [];
    const join: NormalizedCondition[] = [];
    const alphaFields = new Set<string>();
    const fieldsOf = new Map<NormalizedCondition, ReadonlySet<string>>();
    for (const c of conjuncts(pattern.condition)) {
      const fields = conditionFields(c);
      let local = true;
      for (const position of fields.keys()) if (position !== own) local = false;
      if (local) {
        alpha.push(c);
        const ownFields = fields.get(own) ?? new Set<string>();
        fieldsOf.set(c, ownFields);
        for (const field of ownFields) alphaFields.add(field);
      } else {
        join.push(c);
        conditionFields(c, referenced);
      }
    }
    return { pattern, alpha, join, alphaFields, fieldsOf };
  });

  return split.map(({ pattern, alpha, join, alphaFields, fieldsOf }) => {
    const own = pattern.position;
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
    const listens = new Set(alphaFields);
    for (const field of referenced.get(own) ?? []) listens.add(field);
    const sig = alpha.length === 1 ? `${pattern.type}|${signature(alpha[0]!)}` : `${pattern.type}|${alpha.map(signature).sort().join('&')}`;
    const buildAlpha = (): AlphaPart => {
      const primaryLeaf = choosePrimary(alpha, operators);
      const restFields = new Set<string>();
      for (const c of alpha) if (c !== primaryLeaf) for (const field of fieldsOf.get(c)!) restFields.add(field);
      const remapped = alpha.length === 0 ? null : compileCondition(alpha.length === 1 ? alpha[0]! : { kind: 'all', items: alpha }, operators, () => 0);
      const env: (FactRecord | null)[] = [null];
      const alphaTest = remapped === null ? () => true : (fact: FactRecord) => ((env[0] = fact), remapped(env));
      let primary: PrimaryTest | null = null;
      if (primaryLeaf?.kind === 'leaf' && primaryLeaf.right?.kind === 'const') {
        primary = { field: primaryLeaf.left.path[0]!, kind: operators.get(primaryLeaf.operator)!.index!, value: primaryLeaf.right.value };
      }
      return { alphaTest, primary, restFields, alphaFields };
    };
    return { signature: sig, alpha: buildAlpha, keys, joinTest, listens };
  });
}
