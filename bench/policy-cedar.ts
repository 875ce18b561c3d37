/**
 * Translates tunechat's IAM-style policies into Cedar, exactly, for the subset both languages share: the
 * differential test (test/tools/iam/cedar-differential.test.ts) requires identical decisions, and `npm run
 * bench:policy` times cedar-wasm on the same policies. Anything outside the subset throws, so a translation is
 * either exact or refused — never approximate.
 *
 * The request's action and resource travel as context attributes (Cedar's scope has no wildcard over entity ids;
 * `like` on a string does): every statement becomes
 *   `permit|forbid (principal, action, resource) when { <action> && <resource> && <conditions> };`
 * with `@id("<policy>#<statement index>")`, so Cedar's `reason` names the same statements as IAM's `matched`.
 * - Action names are case-insensitive in IAM: patterns and the request's action are lower-cased.
 * - Resources are case-sensitive, as `like` is. IAM's `*` is Cedar's `*`; IAM's `?` has no Cedar equivalent
 *   (refused); the escapes `${*}`, `${?}`, `${$}` become a literal `\*`, `?`, `$`.
 * - Context keys are case-insensitive in IAM: keys are lower-cased on both sides and read as `context["k"]`.
 * - A missing key: positive operators false (`context has "k" && …`), negated ones true (`!(context has "k") || …`),
 *   `…IfExists` true; `Null` asks exactly `has`. `ForAnyValue:` / `ForAllValues:` StringEquals / StringNotEquals
 *   become containsAny / containsAll on a Set (IAM treats an empty set as missing; the Cedar forms agree on it).
 * Explicit deny wins, then an allow, else an implicit deny — Cedar's forbid-overrides-permit and default deny.
 */
import type { AuthzRequest, ConditionBlock, ConditionScalar, PolicySource, Statement } from '../tools/iam/types.ts';

/** Context attributes that carry the request's action (lower-cased) and resource. */
export const CEDAR_ACTION_ATTR = '$action';
export const CEDAR_RESOURCE_ATTR = '$resource';
/** Context keys whose values are IP addresses (Cedar's `ip` extension on the Cedar side). Lower case. */
export const CEDAR_IP_KEYS: ReadonlySet<string> = new Set(['tunechat:sourceip', 'bench:targetip']);

export interface CedarTranslation {
  /** Policy id (`<policy>#<index>`) → Cedar text of one statement. */
  policies: Record<string, string>;
  /** The whole set as one text, for messages. */
  text: string;
}

export type CedarValue = string | number | boolean | CedarValue[] | { __extn: { fn: string; arg: string } } | { [key: string]: CedarValue };

/** Thrown for anything the shared subset does not cover (a generator or caller bug, never silently approximated). */
export class UntranslatableError extends Error {}

const NUMERIC_OPS: Record<string, string> = { Equals: '==', NotEquals: '==', LessThan: '<', LessThanEquals: '<=', GreaterThan: '>', GreaterThanEquals: '>=' };

export function cedarPolicyId(policy: string, index: number): string {
  return `${policy}#${index}`;
}

/** Every statement of every policy, translated. */
export function toCedar(sources: readonly PolicySource[]): CedarTranslation {
  const policies: Record<string, string> = {};
  for (const source of sources) {
    const list = Array.isArray(source.document.Statement) ? source.document.Statement : [source.document.Statement];
    const variables = source.document.Version === '2012-10-17';
    list.forEach((statement, index) => {
      const id = cedarPolicyId(source.policy, index);
      if (Object.hasOwn(policies, id)) throw new UntranslatableError(`duplicate policy id ${id}`);
      policies[id] = translateStatement(statement, id, variables);
    });
  }
  return { policies, text: Object.values(policies).join('\n') };
}

function translateStatement(statement: Statement, id: string, variables: boolean): string {
  const effect = statement.Effect === 'Allow' ? 'permit' : statement.Effect === 'Deny' ? 'forbid' : fail(`Effect ${String(statement.Effect)}`);
  const action = element(statement.Action, statement.NotAction, 'Action', (p) => likeExpr(attr(CEDAR_ACTION_ATTR), actionPattern(p)));
  const resource = element(statement.Resource, statement.NotResource, 'Resource', (p) => likeExpr(attr(CEDAR_RESOURCE_ATTR), wildPattern(p, variables)));
  const parts = [action, resource];
  if (statement.Condition) parts.push(...conditions(statement.Condition, variables));
  return `@id(${cedarString(id)})\n${effect} (principal, action, resource) when {\n  ${parts.join(' &&\n  ')}\n};`;
}

function element(positive: string | string[] | undefined, negative: string | string[] | undefined, name: string, one: (pattern: string) => string): string {
  if ((positive === undefined) === (negative === undefined)) fail(`exactly one of ${name} / Not${name}`);
  const list = [positive ?? negative!].flat();
  if (list.length === 0) fail(`empty ${name}`);
  const any = `(${list.map(one).join(' || ')})`;
  return negative === undefined ? any : `!${any}`;
}

function attr(key: string): string {
  return `context[${cedarString(key)}]`;
}

function likeExpr(subject: string, pattern: string): string {
  return pattern === '*' ? 'true' : `${subject} like ${pattern}`;
}

/** Actions: lower-cased, `*` wild; no `?`, no variables (IAM has none in Action). */
function actionPattern(pattern: string): string {
  if (pattern.includes('?')) fail(`"?" in Action ${pattern}`);
  const lower = pattern.toLowerCase();
  return /^\*+$/.test(lower) ? '*' : `"${lower.split('*').map(escapeLiteral).join('*')}"`;
}

/** Resource / StringLike patterns: `*` wild, `${*}` `${?}` `${$}` literal (Version 2012-10-17); `?` and other variables refused. */
function wildPattern(pattern: string, variables: boolean): string {
  let out = '';
  let onlyStars = true;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (variables && pattern.startsWith('${', i)) {
      const escape = /^\$\{([*?$])\}/.exec(pattern.slice(i));
      if (!escape) fail(`policy variable in ${pattern}`);
      out += escape[1] === '*' ? '\\*' : escapeLiteral(escape[1]!);
      onlyStars = false;
      i += 3;
    } else if (c === '*') out += '*';
    else if (c === '?') fail(`"?" in pattern ${pattern}`);
    else {
      out += escapeLiteral(c);
      onlyStars = false;
    }
  }
  return onlyStars && pattern.length > 0 ? '*' : `"${out}"`;
}

/** Plain text of a StringEquals value: the escapes resolved. */
function literalText(value: string, variables: boolean): string {
  if (!variables || !value.includes('${')) return value;
  return value.replace(/\$\{([^}]*)\}/g, (_, inner: string) => (inner === '*' || inner === '?' || inner === '$' ? inner : fail(`policy variable in ${value}`)));
}

function escapeLiteral(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (code < 0x20 || code > 0x7e) fail(`character U+${code.toString(16)} outside printable ASCII`);
    out += c === '"' || c === '\\' ? `\\${c}` : c;
  }
  return out;
}

function cedarString(text: string): string {
  return `"${escapeLiteral(text)}"`;
}

function conditions(block: ConditionBlock, variables: boolean): string[] {
  const out: string[] = [];
  for (const [operator, keys] of Object.entries(block)) {
    for (const [key, raw] of Object.entries(keys)) {
      const values: ConditionScalar[] = Array.isArray(raw) ? raw : [raw];
      if (values.length === 0) fail(`no values for ${operator} ${key}`);
      out.push(`(${entry(operator, key.toLowerCase(), values, variables)})`);
    }
  }
  return out;
}

function entry(operator: string, key: string, values: ConditionScalar[], variables: boolean): string {
  if (key === CEDAR_ACTION_ATTR || key === CEDAR_RESOURCE_ATTR) fail(`context key ${key} is reserved by the translation`);
  const has = `context has ${cedarString(key)}`;
  const value = attr(key);
  const qualified = /^(ForAnyValue|ForAllValues):(.*)$/.exec(operator);
  if (qualified) return setEntry(qualified[1]!, qualified[2]!, has, value, values, variables);
  if (operator === 'Null') {
    const answers = new Set(values.map((v) => readBoolean(v)));
    return answers.size === 2 ? 'true' : answers.has(true) ? `!(${has})` : has;
  }
  const ifExists = operator.endsWith('IfExists');
  const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  const { positive, negated } = compare(base, value, values, variables);
  const test = negated ? `!(${positive})` : positive;
  return negated || ifExists ? `!(${has}) || ${test}` : `${has} && ${test}`;
}

/** The operator's positive test over the policy values (ORed), and whether the operator is its negation. */
function compare(base: string, value: string, values: ConditionScalar[], variables: boolean): { positive: string; negated: boolean } {
  const any = (parts: string[]) => (parts.length === 1 ? parts[0]! : `(${parts.join(' || ')})`);
  if (base.startsWith('Numeric')) {
    const comparison = base.slice('Numeric'.length);
    const op = NUMERIC_OPS[comparison] ?? fail(`operator ${base}`);
    return { positive: any(values.map((v) => `${value} ${op} ${readLong(v)}`)), negated: comparison === 'NotEquals' };
  }
  switch (base) {
    case 'StringEquals':
    case 'StringNotEquals':
      return { positive: any(values.map((v) => `${value} == ${cedarString(literalText(stringValue(v), variables))}`)), negated: base === 'StringNotEquals' };
    case 'StringLike':
    case 'StringNotLike':
      return { positive: any(values.map((v) => likeExpr(value, wildPattern(stringValue(v), variables)))), negated: base === 'StringNotLike' };
    case 'Bool':
      return { positive: any([...new Set(values.map(readBoolean))].map((b) => `${value} == ${b}`)), negated: false };
    case 'IpAddress':
    case 'NotIpAddress':
      return { positive: any(values.map((v) => `${value}.isInRange(ip(${cedarString(ipv4Block(v))}))`)), negated: base === 'NotIpAddress' };
    default:
      return fail(`operator ${base}`);
  }
}

/** ForAnyValue / ForAllValues with StringEquals / StringNotEquals over a Set-valued key. */
function setEntry(qualifier: string, base: string, has: string, value: string, values: ConditionScalar[], variables: boolean): string {
  const policySet = `[${values.map((v) => cedarString(literalText(stringValue(v), variables))).join(', ')}]`;
  if (base === 'StringEquals') return qualifier === 'ForAnyValue' ? `${has} && ${value}.containsAny(${policySet})` : `!(${has}) || ${policySet}.containsAll(${value})`;
  if (base === 'StringNotEquals') return qualifier === 'ForAnyValue' ? `${has} && !(${policySet}.containsAll(${value}))` : `!(${has}) || !(${value}.containsAny(${policySet}))`;
  return fail(`operator ${qualifier}:${base}`);
}

function stringValue(value: ConditionScalar): string {
  return typeof value === 'string' ? value : fail(`non-string value ${JSON.stringify(value)} for a String operator`);
}

function readLong(value: ConditionScalar): string {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(number)) fail(`numeric value ${JSON.stringify(value)} is not an integer (Cedar Long)`);
  return String(number);
}

function readBoolean(value: ConditionScalar): boolean {
  if (typeof value === 'boolean') return value;
  const lower = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return lower === 'true' ? true : lower === 'false' ? false : fail(`boolean value ${JSON.stringify(value)}`);
}

/** IPv4 CIDRs with no host bits set (Cedar and IAM agree on those), or a single address. */
function ipv4Block(value: ConditionScalar): string {
  const text = stringValue(value);
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text);
  if (!match || match.slice(1, 5).some((o) => Number(o) > 255)) fail(`IP block ${text} (IPv4 only)`);
  const prefix = match[5] === undefined ? 32 : Number(match[5]);
  const address = match.slice(1, 5).reduce((a, o) => a * 256 + Number(o), 0);
  if (prefix > 32 || address % 2 ** (32 - prefix) !== 0) fail(`IP block ${text} has host bits set`);
  return text;
}

/** The Cedar context of a request: action lower-cased, keys lower-cased, IP keys as `ip` values, lists as Sets. */
export function cedarContext(request: AuthzRequest, ipKeys: ReadonlySet<string> = CEDAR_IP_KEYS): Record<string, CedarValue> {
  const context: Record<string, CedarValue> = { [CEDAR_ACTION_ATTR]: request.action.toLowerCase(), [CEDAR_RESOURCE_ATTR]: request.resource };
  for (const [key, value] of Object.entries(request.context)) {
    const lower = key.toLowerCase();
    if (Object.hasOwn(context, lower)) throw new UntranslatableError(`context key ${key} collides with another key or a reserved attribute`);
    if (ipKeys.has(lower) && typeof value === 'string') context[lower] = { __extn: { fn: 'ip', arg: value } };
    // IAM reads an empty set as a missing key (Null, ForAllValues, ForAnyValue all agree): leave it out for Cedar too.
    else if (Array.isArray(value)) {
      if (value.length > 0) context[lower] = [...value];
    }
    else if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new UntranslatableError(`context ${key}: ${value} is not an integer (Cedar Long)`);
    else context[lower] = value as string | number | boolean;
  }
  return context;
}

function fail(what: string): never {
  throw new UntranslatableError(`not in the subset Cedar shares: ${what}`);
}
