/**
 * Structural checks and normalization of a policy document (IAM JSON grammar): lists everywhere, one of
 * Action/NotAction and one of Resource/NotResource per statement, known elements only, condition values that are
 * strings, numbers or booleans. Anything else is a ToolError 'invalid_policy' whose details carry the JSON path
 * (`Statement[1].Effect`) and an `issueCode` the validator turns into an ERROR finding. Semantic checks (unknown
 * actions, malformed CIDRs, dates) are the validator's.
 */
import { ToolError } from '../common/errors.ts';
import { parseOperator } from './operators.ts';
import type { ConditionBlock, ConditionScalar, NormalizedPolicy, NormalizedStatement } from './types.ts';

/** Limits on one document (the store also enforces IAM's 6,144 characters; inline documents are bounded here). */
export const DOCUMENT_LIMITS = Object.freeze({ statements: 5000, valuesPerElement: 1000, stringLength: 2048, textLength: 1_000_000 });

const TOP_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

function fail(path: string, issueCode: string, message: string, extra: Record<string, unknown> = {}): never {
  throw new ToolError('invalid_policy', `${path}: ${message}`, { details: { path, issueCode, ...extra } });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`.slice(0, 80);
}

/** Parses (when given JSON text) and normalizes a policy document; throws ToolError 'invalid_policy' with the path. */
export function normalizeDocument(json: unknown): NormalizedPolicy {
  let document = json;
  if (typeof json === 'string') {
    if (json.length > DOCUMENT_LIMITS.textLength) fail('(document)', 'DOCUMENT_TOO_LARGE', `the document has ${json.length} characters; at most ${DOCUMENT_LIMITS.textLength}`);
    try {
      document = JSON.parse(json);
    } catch (error) {
      throw new ToolError('invalid_policy', `(document): not valid JSON: ${(error as Error).message}`, { details: { path: '(document)', issueCode: 'JSON_SYNTAX' }, cause: error });
    }
  }
  if (!isObject(document)) fail('(document)', 'INVALID_TYPE', `a policy document must be a JSON object, got ${describe(document)}`);
  for (const key of Object.keys(document)) {
    if (!TOP_KEYS.has(key)) fail(key, 'UNKNOWN_ELEMENT', `unknown top-level element "${key}" (allowed: Version, Id, Statement)`);
  }
  const version = document.Version;
  if (version === undefined) fail('Version', 'MISSING_VERSION', 'Version is required: "2012-10-17" (policy variables work) or "2008-10-17"');
  if (typeof version !== 'string' || !VERSIONS.has(version)) fail('Version', 'INVALID_VERSION', `Version must be "2012-10-17" or "2008-10-17", got ${describe(version)}`, { actual: version });
  if (document.Id !== undefined && typeof document.Id !== 'string') fail('Id', 'INVALID_TYPE', `Id must be a string, got ${describe(document.Id)}`);
  const raw = document.Statement;
  if (raw === undefined) fail('Statement', 'MISSING_STATEMENT', 'Statement is required (one statement object or a list of them)');
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) fail('Statement', 'EMPTY_STATEMENT', 'Statement must hold at least one statement');
  if (list.length > DOCUMENT_LIMITS.statements) fail('Statement', 'TOO_MANY_STATEMENTS', `${list.length} statements; at most ${DOCUMENT_LIMITS.statements}`);
  const statements = list.map((statement, index) => normalizeStatement(statement, Array.isArray(raw) ? `Statement[${index}]` : 'Statement', index));
  return { version: version as NormalizedPolicy['version'], statements };
}

function normalizeStatement(statement: unknown, path: string, index: number): NormalizedStatement {
  if (!isObject(statement)) fail(path, 'INVALID_TYPE', `a statement must be an object, got ${describe(statement)}`);
  for (const key of Object.keys(statement)) {
    if (STATEMENT_KEYS.has(key)) continue;
    const why = key === 'Principal' || key === 'NotPrincipal' ? ' (policies are attached to users and groups: there is no Principal element)' : '';
    fail(`${path}.${key}`, 'UNKNOWN_ELEMENT', `unknown statement element "${key}"${why}`);
  }
  const sid = statement.Sid;
  if (sid !== undefined && (typeof sid !== 'string' || sid.length > DOCUMENT_LIMITS.stringLength)) fail(`${path}.Sid`, 'INVALID_TYPE', `Sid must be a string, got ${describe(sid)}`);
  const effect = statement.Effect;
  if (effect === undefined) fail(`${path}.Effect`, 'MISSING_EFFECT', 'Effect is required: "Allow" or "Deny"');
  if (effect !== 'Allow' && effect !== 'Deny') fail(`${path}.Effect`, 'INVALID_EFFECT', `Effect must be "Allow" or "Deny" (case-sensitive), got ${describe(effect)}`, { actual: effect });
  const [action, notAction] = pair(statement, path, 'Action', 'NotAction');
  const [resource, notResource] = pair(statement, path, 'Resource', 'NotResource');
  const condition = statement.Condition === undefined ? null : normalizeCondition(statement.Condition, `${path}.Condition`);
  return { index, sid: (sid as string | undefined) ?? null, effect, action, notAction, resource, notResource, condition };
}

/** Exactly one of the two elements, as a non-empty list of non-empty strings. */
function pair(statement: Record<string, unknown>, path: string, name: string, notName: string): [string[] | null, string[] | null] {
  const has = statement[name] !== undefined;
  const hasNot = statement[notName] !== undefined;
  if (has && hasNot) fail(`${path}.${notName}`, `${name.toUpperCase()}_AND_NOT_${name.toUpperCase()}`, `a statement has either ${name} or ${notName}, not both`);
  if (!has && !hasNot) fail(`${path}.${name}`, `MISSING_${name.toUpperCase()}`, `a statement needs ${name} or ${notName} (identity policies have no implicit ${name})`);
  const key = has ? name : notName;
  const list = stringList(statement[key], `${path}.${key}`);
  return has ? [list, null] : [null, list];
}

function stringList(value: unknown, path: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) fail(path, 'EMPTY_LIST', 'must name at least one value');
  if (list.length > DOCUMENT_LIMITS.valuesPerElement) fail(path, 'TOO_MANY_VALUES', `${list.length} values; at most ${DOCUMENT_LIMITS.valuesPerElement}`);
  list.forEach((item, i) => {
    const at = Array.isArray(value) ? `${path}[${i}]` : path;
    if (typeof item !== 'string') fail(at, 'INVALID_TYPE', `must be a string, got ${describe(item)}`);
    if (item.length === 0) fail(at, 'EMPTY_STRING', 'must not be empty');
    if (item.length > DOCUMENT_LIMITS.stringLength) fail(at, 'STRING_TOO_LONG', `${item.length} characters; at most ${DOCUMENT_LIMITS.stringLength}`);
  });
  return list as string[];
}

function normalizeCondition(value: unknown, path: string): ConditionBlock {
  if (!isObject(value)) fail(path, 'INVALID_TYPE', `Condition must be an object of operator → {key: value(s)}, got ${describe(value)}`);
  const block: [string, Record<string, ConditionScalar | ConditionScalar[]>][] = [];
  for (const [operator, keys] of Object.entries(value)) {
    const at = `${path}.${operator}`;
    if (!parseOperator(operator)) fail(at, 'UNKNOWN_OPERATOR', `unknown condition operator "${operator}"`, { operator });
    if (!isObject(keys) || Object.keys(keys).length === 0) fail(at, 'INVALID_TYPE', `an operator takes an object of context key → value(s), got ${describe(keys)}`);
    const entries: [string, ConditionScalar | ConditionScalar[]][] = [];
    for (const [key, raw] of Object.entries(keys)) {
      const keyPath = `${at}.${key}`;
      if (key.length === 0 || key.length > DOCUMENT_LIMITS.stringLength) fail(keyPath, 'INVALID_KEY', 'a context key must be 1 to 2,048 characters');
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length === 0) fail(keyPath, 'EMPTY_LIST', 'must give at least one value');
      if (list.length > DOCUMENT_LIMITS.valuesPerElement) fail(keyPath, 'TOO_MANY_VALUES', `${list.length} values; at most ${DOCUMENT_LIMITS.valuesPerElement}`);
      list.forEach((item, i) => {
        const itemPath = Array.isArray(raw) ? `${keyPath}[${i}]` : keyPath;
        if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
          fail(itemPath, 'INVALID_TYPE', `a condition value is a string, number or boolean, got ${describe(item)}`);
        }
        if (typeof item === 'string' && item.length > DOCUMENT_LIMITS.stringLength) fail(itemPath, 'STRING_TOO_LONG', `${item.length} characters; at most ${DOCUMENT_LIMITS.stringLength}`);
      });
      entries.push([key, Array.isArray(raw) ? [...(raw as ConditionScalar[])] : (raw as ConditionScalar)]);
    }
    // fromEntries defines own properties: a "__proto__" key stays a key, never a prototype.
    block.push([operator, Object.fromEntries(entries)]);
  }
  return Object.fromEntries(block) as ConditionBlock;
}

/** IAM's size of a policy: characters (code points), whitespace not counted (the 6,144 limit applies to this). */
export function policySize(text: string): number {
  let size = 0;
  for (const ch of text) if (!/\s/.test(ch)) size++;
  return size;
}
