import { compileCondition, conditionReads } from '../condition-evaluator.ts';
import { MatchPattern } from '../match-pattern.ts';
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
  restFields: ReadonlySet<string>;
  alphaFields: ReadonlySet<string>;
}

/** A pattern split into its single-fact (alpha) part and its join part. */
export interface CompiledPattern {
  /** Memories are shared by signature; the alpha part is only built (buildAlpha) for a new one. */
  signature: string;
  /** The single-fact tests (conjuncts) and, for each, the top-level fields it reads. */
  alpha: NormalizedCondition[];
  alphaReads: string[][];
  keys: EqualityKey[];
  joinTest: JoinTest | null;
  /** Fields of this pattern's fact whose change re-evaluates the rule (property reactivity). */
  listens: ReadonlySet<string>;
  /** The listened fields, sorted and joined (equal sets have equal keys). */
  listensKey: string;
}

/**
 * Read-only field sets shared between patterns and memories (many rules read the same fields), keyed by their
 * sorted field list. One per network.
 */
export class FieldSets {
  private readonly sets = new Map<string, ReadonlySet<string>>();

  /** The shared set of these fields (duplicates allowed) and its key. */
  of(fields: readonly string[]): { set: ReadonlySet<string>; key: string } {
    const key = fields.length === 1 ? fields[0]! : fields.length === 0 ? '' : [...new Set(fields)].sort().join('\u0001');
    let set = this.sets.get(key);
    if (!set) this.sets.set(key, (set = new Set(fields)));
    return { set, key };
  }
}

function conjuncts(condition: NormalizedCondition | null, into: NormalizedCondition[] = []): NormalizedCondition[] {
  if (condition === null) return into;
  if (condition.kind === 'all') for (let i = 0; i < condition.items.length; i++) conjuncts(condition.items[i]!, into);
  else into.push(condition);
  return into;
}

function valueSignature(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof MatchPattern) return `re2:${JSON.stringify(value.source)}`;
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
      return `${condition.left.path.length === 1 ? condition.left.path[0] : condition.left.path.join('.')} ${condition.operator} ${right}`;
    }
  }
}

function choosePrimary(alpha: NormalizedCondition[], operators: OperatorRegistry): NormalizedCondition | null {
  let best: NormalizedCondition | null = null;
  for (let i = 0; i < alpha.length; i++) {
    const c = alpha[i]!;
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

/** Alpha tests read their own fact at position 0. */
const AT_ZERO = () => 0;
const ALWAYS = () => true;

/**
 * The alpha part of a pattern, built once per new memory. A module-level function on purpose: the memory keeps
 * its test closure for its whole life, and a closure made inside compilePatterns would keep that whole
 * compilation's scope (every intermediate array of the rule) alive with it.
 */
export function buildAlpha(compiled: CompiledPattern, operators: OperatorRegistry, fieldSets: FieldSets): AlphaPart {
  const { alpha, alphaReads } = compiled;
  const primaryLeaf = choosePrimary(alpha, operators);
  let alphaFields: ReadonlySet<string>;
  let restFields: ReadonlySet<string>;
  if (alpha.length === 1) {
    alphaFields = fieldSets.of(alphaReads[0]!).set;
    restFields = primaryLeaf === alpha[0] ? fieldSets.of(NO_STRINGS).set : alphaFields;
  } else {
    const alphaList: string[] = [];
    const restList: string[] = [];
    for (let i = 0; i < alpha.length; i++) {
      for (const field of alphaReads[i]!) {
        alphaList.push(field);
        if (alpha[i] !== primaryLeaf) restList.push(field);
      }
    }
    alphaFields = fieldSets.of(alphaList).set;
    restFields = fieldSets.of(restList).set;
  }
  let primary: PrimaryTest | null = null;
  if (primaryLeaf?.kind === 'leaf' && primaryLeaf.right?.kind === 'const') {
    primary = { field: primaryLeaf.left.path[0]!, kind: operators.get(primaryLeaf.operator)!.index!, value: primaryLeaf.right.value };
  }
  const alphaTest =
    alpha.length === 0 ? ALWAYS : alpha.length === 1 ? (fieldConstTest(alpha[0]!, operators) ?? factTest(compileCondition(alpha[0]!, operators, AT_ZERO))) : factTest(compileCondition({ kind: 'all', items: alpha }, operators, AT_ZERO));
  return { alphaTest, primary, restFields, alphaFields };
}

/**
 * `field op constant` on a top-level field (the commonest alpha test) as one closure over the fact, with
 * compileCondition's semantics (a missing field fails unless the operator accepts missing values).
 */
function fieldConstTest(c: NormalizedCondition, operators: OperatorRegistry): ((fact: FactRecord) => boolean) | null {
  if (c.kind !== 'leaf' || c.left.path.length !== 1 || c.right === null || c.right.kind !== 'const') return null;
  const field = c.left.path[0]!;
  if (field === 'id' || field === 'type') return null;
  const operator = operators.get(c.operator)!;
  const test = operator.test;
  const acceptsMissing = operator.acceptsMissing === true;
  const value = c.right.value;
  return (fact) => {
    const l = fact.fields[field];
    return l === undefined && !acceptsMissing ? false : test(l, value);
  };
}

function factTest(compiled: (env: readonly (FactRecord | null)[]) => boolean): (fact: FactRecord) => boolean {
  const env: (FactRecord | null)[] = [null];
  return (fact) => ((env[0] = fact), compiled(env));
}

const NO_STRINGS: readonly string[] = [];
const NO_KEYS: EqualityKey[] = [];

/** Top-level fields a condition reads (one exactly sized array for a plain leaf). */
function readsOf(c: NormalizedCondition): string[] {
  if (c.kind === 'leaf' && (c.right === null || c.right.kind === 'const')) return [c.left.path[0]!];
  const positions: number[] = [];
  const fields: string[] = [];
  conditionReads(c, positions, fields);
  return fields;
}

function patternSignature(type: string, alpha: NormalizedCondition[]): string {
  return alpha.length === 1 ? `${type}|${signature(alpha[0]!)}` : `${type}|${alpha.map(signature).sort().join('&')}`;
}

/**
 * A rule's only pattern (the commonest rule shape): every test reads that one fact, so all of them are alpha
 * tests and there is nothing to join. Same result as the general path, with far fewer intermediate arrays.
 */
function compileOnly(pattern: NormalizedRule['patterns'][number], fieldSets: FieldSets): CompiledPattern {
  const c = pattern.condition;
  const alpha = c === null ? [] : c.kind === 'all' ? conjuncts(c) : [c];
  const alphaReads = alpha.length === 1 ? [readsOf(alpha[0]!)] : alpha.map(readsOf);
  const listens = fieldSets.of(alphaReads.length === 1 ? alphaReads[0]! : alphaReads.flat());
  return { signature: patternSignature(pattern.type, alpha), alpha, alphaReads, keys: NO_KEYS, joinTest: null, listens: listens.set, listensKey: listens.key };
}

/** Compiles every pattern of a rule. */
export function compilePatterns(rule: NormalizedRule, operators: OperatorRegistry, fieldSets: FieldSets = new FieldSets()): CompiledPattern[] {
  if (rule.patterns.length === 1) return [compileOnly(rule.patterns[0]!, fieldSets)];
  // Fields of each position read by join tests anywhere in the rule (what that position's node listens to).
  const referenced: string[][] = rule.patterns.map(() => []);
  const split = rule.patterns.map((pattern) => {
    const own = pattern.position;
    const alpha: NormalizedCondition[] = [];
    const alphaReads: string[][] = [];
    const join: NormalizedCondition[] = [];
    const list = conjuncts(pattern.condition);
    for (let i = 0; i < list.length; i++) {
      const c = list[i]!;
      const positions: number[] = [];
      const fields: string[] = [];
      conditionReads(c, positions, fields);
      let local = true;
      for (let k = 0; k < positions.length; k++) if (positions[k] !== own) local = false;
      if (local) {
        alpha.push(c);
        alphaReads.push(fields);
      } else {
        join.push(c);
        for (let k = 0; k < positions.length; k++) referenced[positions[k]!]!.push(fields[k]!);
      }
    }
    return { pattern, alpha, alphaReads, join };
  });

  return split.map(({ pattern, alpha, alphaReads, join }) => {
    const own = pattern.position;
    // Equality tests become the hash key; hash-key equality is exactly `==` (canonical JSON for objects),
    // so they are not evaluated again.
    const keys: EqualityKey[] = [];
    const residual: NormalizedCondition[] = [];
    for (let i = 0; i < join.length; i++) {
      const key = equalityKey(join[i]!, own);
      if (key) keys.push(key);
      else residual.push(join[i]!);
    }
    const joinTest = residual.length === 0 ? null : (compileCondition(residual.length === 1 ? residual[0]! : { kind: 'all', items: residual }, operators) as JoinTest);
    const listenList: string[] = [];
    for (let i = 0; i < alphaReads.length; i++) listenList.push(...alphaReads[i]!);
    listenList.push(...referenced[own]!);
    const listens = fieldSets.of(listenList);
    const sig = patternSignature(pattern.type, alpha);
    return { signature: sig, alpha, alphaReads, keys, joinTest, listens: listens.set, listensKey: listens.key };
  });
}
