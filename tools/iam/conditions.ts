/**
 * IAM condition blocks, compiled once per statement and evaluated per request. Semantics (IAM's):
 * - AND across operators and across the keys of one operator; OR across the policy values of one key.
 * - Negated operators (StringNotEquals, NotIpAddress, …) are the negation of their positive form, so over several
 *   policy values they are a NOR: true only when the request value equals none of them.
 * - A missing key makes positive operators false and negated ones true; `…IfExists` makes any operator true;
 *   `ForAllValues:` is true on a missing or empty key (IAM's trap), `ForAnyValue:` false. The key is recorded as
 *   missing in every case (not for `Null`, whose question is exactly whether the key is there).
 * - Several request values without a qualifier: a positive operator needs one of them to match, a negated one
 *   needs none to match. A request value of the wrong type (a string for Numeric*) satisfies nothing.
 * - Context keys are case-insensitive. Policy variables work in String* and Arn* values (Version 2012-10-17).
 */
import { ToolError } from '../common/errors.ts';
import { BASE_OPERATORS, parseOperator, type ParsedOperator } from './operators.ts';
import { compileParts, type Matcher } from './patterns.ts';
import type { ConditionBlock, ConditionScalar, ContextValue, RequestContext } from './types.ts';
import { ContextView, parseTemplate, partsText, resolveTemplate, staticParts, type Template } from './variables.ts';
import { inBlockList, ipBlockList, readBase64, readBool, readDate, readNumber, type Scalar } from './condition-values.ts';

/** Every base operator name the evaluator implements (qualifiers and `IfExists` come on top). */
export const CONDITION_OPERATORS: readonly string[] = Object.freeze(Object.keys(BASE_OPERATORS));

const YES = 1;
const NO = 0;
/** The request value cannot be compared (wrong type), or a policy variable did not resolve and nothing matched. */
const INVALID = -1;

/** Tests one request value against every policy value of an entry, in the operator's positive sense. */
type ValueTest = (value: Scalar, view: ContextView, missing: string[] | null) => number;

interface CompiledEntry {
  key: string;
  lowerKey: string;
  op: ParsedOperator;
  test: ValueTest;
  /** Null only: which answers the policy accepts. */
  nullAbsent: boolean;
  nullPresent: boolean;
}

export interface CompiledCondition {
  /** Context keys the block asks for, as written. */
  readonly keys: readonly string[];
  /** Whether every entry holds; keys the request lacked are pushed onto `missing` (when given). */
  evaluate(view: ContextView, missing: string[] | null): boolean;
}

export interface ConditionResult {
  matches: boolean;
  missing: string[];
}

/**
 * Evaluates a condition block against a request context. `variables`: whether `${…}` in values are policy
 * variables (true for Version 2012-10-17, false for 2008-10-17).
 */
export function evaluateCondition(block: ConditionBlock, context: RequestContext | ContextView, variables = true): ConditionResult {
  const view = context instanceof ContextView ? context : new ContextView(context);
  const missing: string[] = [];
  const matches = compileCondition(block, { variables }).evaluate(view, missing);
  return { matches, missing: [...new Set(missing)] };
}

/** Compiles a block (operators parsed, patterns and CIDRs built); ToolError 'invalid_policy' on an unknown operator. */
export function compileCondition(block: ConditionBlock, options: { variables: boolean }): CompiledCondition {
  const entries: CompiledEntry[] = [];
  for (const [written, keys] of Object.entries(block)) {
    const op = parseOperator(written);
    if (!op) {
      throw new ToolError('invalid_policy', `Condition operator "${written}" is not one tunechat knows (see CONDITION_OPERATORS, with IfExists / ForAnyValue: / ForAllValues:)`, {
        details: { path: `Condition.${written}`, issueCode: 'UNKNOWN_OPERATOR', operator: written },
      });
    }
    for (const [key, raw] of Object.entries(keys)) {
      const values: ConditionScalar[] = Array.isArray(raw) ? raw : [raw];
      const nulls = op.kind === 'Null' ? values.map(readBool) : [];
      entries.push({
        key,
        lowerKey: key.toLowerCase(),
        op,
        test: compileTest(op, values, options.variables),
        nullAbsent: nulls.includes(true),
        nullPresent: nulls.includes(false),
      });
    }
  }
  const keys = entries.map((entry) => entry.key);
  return {
    keys,
    evaluate(view, missing) {
      let ok = true;
      for (const entry of entries) {
        if (ok) ok = evaluateEntry(entry, view, missing);
        else if (missing === null) return false;
        else if (entry.op.kind !== 'Null' && isAbsent(view.get(entry.key, entry.lowerKey))) missing.push(entry.key);
      }
      return ok;
    },
  };
}

function isAbsent(value: ContextValue | undefined): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function evaluateEntry(entry: CompiledEntry, view: ContextView, missing: string[] | null): boolean {
  const value = view.get(entry.key, entry.lowerKey);
  const op = entry.op;
  if (op.kind === 'Null') {
    const absent = isAbsent(value);
    return absent ? entry.nullAbsent : entry.nullPresent;
  }
  if (isAbsent(value)) {
    missing?.push(entry.key);
    if (op.ifExists || op.qualifier === 'ForAllValues') return true;
    if (op.qualifier === 'ForAnyValue') return false;
    return op.negated;
  }
  if (!Array.isArray(value)) return satisfies(entry, value as Scalar, view, missing);
  const list = value as readonly Scalar[];
  const all = op.qualifier === 'ForAllValues' || (op.qualifier === null && op.negated);
  for (const item of list) {
    const ok = satisfies(entry, item, view, missing);
    if (all && !ok) return false;
    if (!all && ok) return true;
  }
  return all;
}

function satisfies(entry: CompiledEntry, value: Scalar, view: ContextView, missing: string[] | null): boolean {
  const result = entry.test(value, view, missing);
  if (result === INVALID) return false;
  return entry.op.negated ? result === NO : result === YES;
}

function compileTest(op: ParsedOperator, values: readonly ConditionScalar[], variables: boolean): ValueTest {
  switch (op.kind) {
    case 'String':
      return op.base.startsWith('StringEquals') || op.base.startsWith('StringNotEquals')
        ? equalsTest(values.map((v) => parseTemplate(String(v), variables)), op.base.endsWith('IgnoreCase'))
        : likeTest(values.map((v) => parseTemplate(String(v), variables)));
    case 'Arn':
      return likeTest(values.map((v) => parseTemplate(String(v), variables)));
    case 'Numeric':
      return orderedTest(op.base.slice('Numeric'.length), values.map(readNumber), readNumber);
    case 'Date':
      return orderedTest(op.base.slice('Date'.length), values.map(readDate), readDate);
    case 'Bool': {
      const accepted = new Set(values.map(readBool).filter((b) => b !== null));
      return (value) => {
        const b = readBool(value);
        return b === null ? INVALID : accepted.has(b) ? YES : NO;
      };
    }
    case 'Binary': {
      const accepted = new Set(values.map(readBase64).filter((b) => b !== null));
      return (value) => {
        const b = readBase64(value);
        return b === null ? INVALID : accepted.has(b) ? YES : NO;
      };
    }
    case 'IpAddress': {
      const list = ipBlockList(values);
      return (value) => {
        const inside = inBlockList(list, value);
        return inside === null ? INVALID : inside ? YES : NO;
      };
    }
    case 'Null':
      return () => NO;
  }
}

/** StringEquals / StringEqualsIgnoreCase (and their negations): exact text, variables substituted per request. */
function equalsTest(templates: Template[], ignoreCase: boolean): ValueTest {
  const fold = (text: string) => (ignoreCase ? text.toLowerCase() : text);
  const fixed = new Set(templates.filter((t) => !t.hasVariables).map((t) => fold(partsText(staticParts(t)))));
  const dynamic = templates.filter((t) => t.hasVariables);
  return (value, view, missing) => {
    const text = fold(typeof value === 'string' ? value : String(value));
    if (fixed.has(text)) return YES;
    let unresolved = false;
    for (const template of dynamic) {
      const parts = resolveTemplate(template, view, missing);
      if (parts === null) unresolved = true;
      else if (fold(partsText(parts)) === text) return YES;
    }
    return unresolved ? INVALID : NO;
  };
}

/** StringLike / Arn*: case-sensitive wildcards; patterns with variables are built per request. */
function likeTest(templates: Template[]): ValueTest {
  const fixed: Matcher[] = templates.filter((t) => !t.hasVariables).map((t) => compileParts(staticParts(t), { ignoreCase: false }));
  const dynamic = templates.filter((t) => t.hasVariables);
  return (value, view, missing) => {
    const text = typeof value === 'string' ? value : String(value);
    for (const match of fixed) if (match(text)) return YES;
    let unresolved = false;
    for (const template of dynamic) {
      const parts = resolveTemplate(template, view, missing);
      if (parts === null) unresolved = true;
      else if (compileParts(parts, { ignoreCase: false })(text)) return YES;
    }
    return unresolved ? INVALID : NO;
  };
}

/** Numeric* / Date*: `comparison` is the operator's suffix (Equals, NotEquals, LessThan, …). */
function orderedTest(comparison: string, policy: readonly (number | null)[], read: (value: Scalar) => number | null): ValueTest {
  const bounds = policy.filter((p): p is number => p !== null);
  const compare = COMPARISONS[comparison] ?? COMPARISONS.Equals!;
  return (value) => {
    const number = read(value);
    if (number === null) return INVALID;
    for (const bound of bounds) if (compare(number, bound)) return YES;
    return NO;
  };
}

/** Request value vs policy value; NotEquals is Equals here (negation is applied by the caller). */
const COMPARISONS: Record<string, (request: number, policy: number) => boolean> = {
  Equals: (r, p) => r === p,
  NotEquals: (r, p) => r === p,
  LessThan: (r, p) => r < p,
  LessThanEquals: (r, p) => r <= p,
  GreaterThan: (r, p) => r > p,
  GreaterThanEquals: (r, p) => r >= p,
};
