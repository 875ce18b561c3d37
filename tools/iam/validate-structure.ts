/**
 * The grammar of a policy document (top-level keys, statement keys, Effect, Action/NotAction, Resource/NotResource,
 * Sid, the shape of Condition), reported as findings, plus a typed view of what was well formed so the later checks
 * (actions, conditions, security, redundancy) never look at raw JSON. Anything malformed is reported here once and
 * left out of the view.
 */
import { DOCUMENT_LIMITS } from './normalize.ts';
import { BASE_OPERATORS, parseOperator, type ParsedOperator } from './operators.ts';
import type { ConditionScalar, Effect, Finding, FindingType } from './types.ts';
import { nearest } from './validate-catalog.ts';
import { childPath, indexPath } from './validate-json.ts';

export class Findings {
  readonly list: Finding[] = [];

  add(findingType: FindingType, issueCode: string, message: string, path: string): void {
    this.list.push({ findingType, issueCode, message, path });
  }
}

/** A value quoted for a message, cut at 80 characters. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface Item {
  text: string;
  path: string;
}

export interface ListField {
  field: 'Action' | 'NotAction' | 'Resource' | 'NotResource';
  path: string;
  /** The string entries; malformed ones were reported and left out. */
  items: Item[];
}

export interface ConditionValue {
  value: ConditionScalar;
  path: string;
}

export interface ConditionEntry {
  operator: ParsedOperator;
  operatorPath: string;
  key: string;
  keyPath: string;
  values: ConditionValue[];
}

export interface StatementView {
  index: number;
  path: string;
  sid: string | null;
  effect: Effect | null;
  action: ListField | null;
  resource: ListField | null;
  /** Set when the statement has a Condition key at all (even a malformed one). */
  hasCondition: boolean;
  /** The well-formed condition entries. */
  conditions: ConditionEntry[];
  /** False when some operator, block or value was malformed (conclusions that need all conditions are skipped). */
  conditionsComplete: boolean;
}

export interface DocumentView {
  version: string | null;
  statements: StatementView[];
}

export const VERSIONS: readonly string[] = ['2012-10-17', '2008-10-17'];
const TOP_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const SID = /^[A-Za-z0-9]+$/;

function unknownKeyMessage(key: string, where: string, known: readonly string[]): string {
  const guess = nearest(key, known);
  return `${show(key)} is not a ${where} key (allowed: ${known.join(', ')})${guess ? `; did you mean ${show(guess)}?` : ''}`;
}

export function readDocument(document: unknown, out: Findings): DocumentView | null {
  if (!isPlainObject(document)) {
    out.add('ERROR', 'INVALID_TYPE', `a policy is a JSON object {"Version", "Statement"}, got ${kindOf(document)}`, '');
    return null;
  }
  for (const key of Object.keys(document)) {
    if (!TOP_KEYS.includes(key)) out.add('ERROR', 'UNKNOWN_POLICY_KEY', unknownKeyMessage(key, 'policy', TOP_KEYS), key);
  }
  let version: string | null = null;
  if (!Object.hasOwn(document, 'Version')) {
    out.add('ERROR', 'MISSING_VERSION', `a policy needs "Version": "2012-10-17" (policy variables need it; "2008-10-17" is the legacy version)`, 'Version');
  } else if (typeof document.Version !== 'string' || !VERSIONS.includes(document.Version)) {
    out.add('ERROR', 'INVALID_VERSION', `Version must be "2012-10-17" or "2008-10-17", got ${show(document.Version)}`, 'Version');
  } else {
    version = document.Version;
  }
  if (Object.hasOwn(document, 'Id') && typeof document.Id !== 'string') {
    out.add('ERROR', 'INVALID_TYPE', `Id must be a string, got ${kindOf(document.Id)}`, 'Id');
  }
  const statements: StatementView[] = [];
  const raw = document.Statement;
  if (!Object.hasOwn(document, 'Statement')) {
    out.add('ERROR', 'MISSING_STATEMENT', 'a policy needs "Statement": one statement object or a list of them', 'Statement');
  } else if (Array.isArray(raw)) {
    if (raw.length === 0) out.add('ERROR', 'EMPTY_ARRAY', 'Statement is an empty list: the policy grants and denies nothing', 'Statement');
    raw.forEach((element, index) => {
      const view = readStatement(element, index, indexPath('Statement', index), out);
      if (view) statements.push(view);
    });
  } else if (isPlainObject(raw)) {
    const view = readStatement(raw, 0, 'Statement', out);
    if (view) statements.push(view);
  } else {
    out.add('ERROR', 'INVALID_TYPE', `Statement must be an object or a list of objects, got ${kindOf(raw)}`, 'Statement');
  }
  return { version, statements };
}

function readStatement(raw: unknown, index: number, path: string, out: Findings): StatementView | null {
  if (!isPlainObject(raw)) {
    out.add('ERROR', 'INVALID_TYPE', `a statement is an object {"Effect", "Action", "Resource", ...}, got ${kindOf(raw)}`, path);
    return null;
  }
  for (const key of Object.keys(raw)) {
    if (STATEMENT_KEYS.includes(key)) continue;
    const message =
      key === 'Principal' || key === 'NotPrincipal'
        ? `${key} is for resource policies; tunechat policies are identity policies: attach the policy to the users or groups it is for instead`
        : unknownKeyMessage(key, 'statement', STATEMENT_KEYS);
    out.add('ERROR', 'UNKNOWN_STATEMENT_KEY', message, childPath(path, key));
  }
  let sid: string | null = null;
  if (Object.hasOwn(raw, 'Sid')) {
    const sidPath = childPath(path, 'Sid');
    if (typeof raw.Sid !== 'string') out.add('ERROR', 'INVALID_TYPE', `Sid must be a string, got ${kindOf(raw.Sid)}`, sidPath);
    else if (raw.Sid === '') out.add('SUGGESTION', 'EMPTY_SID', 'Sid is empty: name the statement (letters and digits) or leave Sid out', sidPath);
    else if (tooLong(raw.Sid, sidPath, 'Sid', out)) sid = null;
    else if (!SID.test(raw.Sid)) out.add('ERROR', 'INVALID_SID', `Sid may hold only letters and digits [A-Za-z0-9], got ${show(raw.Sid)}`, sidPath);
    else sid = raw.Sid;
  }
  let effect: Effect | null = null;
  if (!Object.hasOwn(raw, 'Effect')) {
    out.add('ERROR', 'MISSING_EFFECT', 'a statement needs "Effect": "Allow" or "Deny"', childPath(path, 'Effect'));
  } else if (raw.Effect === 'Allow' || raw.Effect === 'Deny') {
    effect = raw.Effect;
  } else {
    const hint = typeof raw.Effect === 'string' && ['allow', 'deny'].includes(raw.Effect.toLowerCase()) ? ' (it is case-sensitive)' : '';
    out.add('ERROR', 'INVALID_EFFECT', `Effect must be "Allow" or "Deny"${hint}, got ${show(raw.Effect)}`, childPath(path, 'Effect'));
  }
  const action = readPair(raw, path, 'Action', 'NotAction', out, 'ACTION');
  const resource = readPair(raw, path, 'Resource', 'NotResource', out, 'RESOURCE');
  const view: StatementView = { index, path, sid, effect, action, resource, hasCondition: false, conditions: [], conditionsComplete: true };
  if (Object.hasOwn(raw, 'Condition')) readCondition(raw.Condition, childPath(path, 'Condition'), view, out);
  return view;
}

/** Exactly one of `positive` / `negative` (ERROR otherwise); the view of the one given. */
function readPair(
  raw: Record<string, unknown>,
  path: string,
  positive: 'Action' | 'Resource',
  negative: 'NotAction' | 'NotResource',
  out: Findings,
  code: 'ACTION' | 'RESOURCE',
): ListField | null {
  const hasPositive = Object.hasOwn(raw, positive);
  const hasNegative = Object.hasOwn(raw, negative);
  if (hasPositive && hasNegative) {
    out.add('ERROR', `${code}_AND_NOT_${code}`, `a statement has either ${positive} or ${negative}, not both`, childPath(path, negative));
    return null;
  }
  if (!hasPositive && !hasNegative) {
    out.add('ERROR', `MISSING_${code}`, `a statement needs ${positive} (or ${negative})${code === 'RESOURCE' ? ': write "*" for every resource' : ''}`, path);
    return null;
  }
  const field = hasPositive ? positive : negative;
  return readList(raw[field], childPath(path, field), field, out);
}

function readList(value: unknown, path: string, field: ListField['field'], out: Findings): ListField | null {
  if (typeof value === 'string') return usableString(value, path, field, out) ? { field, path, items: [{ text: value, path }] } : null;
  if (!Array.isArray(value)) {
    out.add('ERROR', 'INVALID_TYPE', `${field} must be a string or a list of strings, got ${kindOf(value)}`, path);
    return null;
  }
  if (value.length === 0) {
    out.add('ERROR', 'EMPTY_ARRAY', `${field} is an empty list: the statement can never match (list at least one entry)`, path);
    return null;
  }
  if (tooMany(value.length, path, field, out)) return null;
  const items: Item[] = [];
  value.forEach((element, i) => {
    const at = indexPath(path, i);
    if (typeof element !== 'string') out.add('ERROR', 'INVALID_TYPE', `${field} entries must be strings, got ${kindOf(element)} ${show(element)}`, at);
    else if (usableString(element, at, field, out)) items.push({ text: element, path: at });
  });
  return { field, path, items };
}

/** STRING_TOO_LONG past the reader's limit (normalize.ts DOCUMENT_LIMITS.stringLength); true when reported. */
function tooLong(text: string, path: string, what: string, out: Findings): boolean {
  if (text.length <= DOCUMENT_LIMITS.stringLength) return false;
  out.add('ERROR', 'STRING_TOO_LONG', `${what} has ${text.length} characters; at most ${DOCUMENT_LIMITS.stringLength}`, path);
  return true;
}

/** TOO_MANY_VALUES past the reader's limit (DOCUMENT_LIMITS.valuesPerElement); true when reported. */
function tooMany(count: number, path: string, what: string, out: Findings): boolean {
  if (count <= DOCUMENT_LIMITS.valuesPerElement) return false;
  out.add('ERROR', 'TOO_MANY_VALUES', `${what} has ${count} values; at most ${DOCUMENT_LIMITS.valuesPerElement} (use a wildcard, or split the statement)`, path);
  return true;
}

/** An Action/Resource entry: not empty (an empty Action is INVALID_ACTION later), not too long. */
function usableString(text: string, path: string, field: ListField['field'], out: Findings): boolean {
  if (text === '' && (field === 'Resource' || field === 'NotResource')) {
    out.add('ERROR', 'EMPTY_STRING', `${field} entries must not be empty: write "*" for every resource`, path);
    return false;
  }
  return !tooLong(text, path, `this ${field} entry`, out);
}

function readCondition(condition: unknown, path: string, view: StatementView, out: Findings): void {
  view.hasCondition = true;
  if (!isPlainObject(condition)) {
    out.add('ERROR', 'INVALID_TYPE', `Condition must be an object {operator: {key: value(s)}}, got ${kindOf(condition)}`, path);
    view.conditionsComplete = false;
    return;
  }
  if (Object.keys(condition).length === 0) out.add('WARNING', 'EMPTY_CONDITION', 'Condition is empty: the statement applies unconditionally (remove Condition or write one)', path);
  for (const [written, block] of Object.entries(condition)) {
    const operatorPath = childPath(path, written);
    const operator = parseOperator(written);
    if (operator === null) {
      view.conditionsComplete = false;
      out.add('ERROR', 'UNKNOWN_OPERATOR', unknownOperatorMessage(written), operatorPath);
      continue;
    }
    if (!isPlainObject(block)) {
      view.conditionsComplete = false;
      out.add('ERROR', 'INVALID_TYPE', `${written} takes an object {context key: value(s)}, got ${kindOf(block)}`, operatorPath);
      continue;
    }
    if (Object.keys(block).length === 0) {
      view.conditionsComplete = false;
      out.add('ERROR', 'EMPTY_OPERATOR', `${written} names no context key: write {"<context key>": <value(s)>} or remove the operator`, operatorPath);
    }
    for (const [key, raw] of Object.entries(block)) {
      const keyPath = childPath(operatorPath, key);
      if (key === '' || tooLong(key, keyPath, 'the context key', out)) {
        view.conditionsComplete = false;
        if (key === '') out.add('ERROR', 'INVALID_CONDITION_KEY', `${written} has an empty context key: name one, e.g. "tunechat:Source"`, keyPath);
        continue;
      }
      if (Array.isArray(raw) && tooMany(raw.length, keyPath, `${written} ${show(key)}`, out)) {
        view.conditionsComplete = false;
        continue;
      }
      const values: ConditionValue[] = [];
      const list = Array.isArray(raw) ? raw : [raw];
      if (Array.isArray(raw) && raw.length === 0) {
        view.conditionsComplete = false;
        out.add('ERROR', 'EMPTY_ARRAY', `${written} ${show(key)} has an empty list of values: it can never hold (list at least one value)`, keyPath);
        continue;
      }
      list.forEach((value, i) => {
        const valuePath = Array.isArray(raw) ? indexPath(keyPath, i) : keyPath;
        if (typeof value === 'string' && tooLong(value, valuePath, 'the condition value', out)) {
          view.conditionsComplete = false;
        } else if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
          values.push({ value, path: valuePath });
        } else {
          view.conditionsComplete = false;
          out.add('ERROR', 'INVALID_CONDITION_VALUE', `condition values are strings, numbers or booleans, got ${kindOf(value)} ${show(value)}`, valuePath);
        }
      });
      if (values.length > 0) view.conditions.push({ operator, operatorPath, key, keyPath, values });
    }
  }
}

function unknownOperatorMessage(written: string): string {
  const base = written.replace(/^[^:]*:/, '').replace(/IfExists$/, '');
  if (base === 'Null' && written !== 'Null') return `Null takes neither IfExists nor ForAnyValue:/ForAllValues:, got ${show(written)}`;
  const prefix = written.includes(':') ? written.slice(0, written.indexOf(':')) : null;
  if (prefix !== null && prefix !== 'ForAnyValue' && prefix !== 'ForAllValues') {
    return `${show(written)} is not a condition operator: the only prefixes are ForAnyValue: and ForAllValues:`;
  }
  const guess = nearest(base, Object.keys(BASE_OPERATORS));
  return `${show(written)} is not a condition operator (operators are case-sensitive)${guess ? `; did you mean ${show(guess)}?` : ''}`;
}
