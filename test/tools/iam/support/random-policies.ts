/**
 * Seeded random policy sets and requests in the subset IAM and Cedar share (bench/policy-cedar.ts translates it
 * exactly), for the differential test. Small value pools on purpose: random text would almost never match, and a
 * differential test whose every answer is "implicit deny" proves nothing. Requests are half drawn from the pools
 * and half built from a statement's own patterns (each `*` replaced by a random fragment), so Allows and explicit
 * Denies are common; keys and action names come in random letter case on both sides (IAM ignores it there).
 */
import type { Rng } from '../../../../tools/common/rng.ts';
import type { AuthzRequest, ConditionBlock, ConditionScalar, ContextValue, PolicySource, Statement } from '../../../../tools/iam/types.ts';

const ACTIONS = [
  'optimizer:StartStudy', 'optimizer:ContinueStudy', 'optimizer:ReadStudy', 'optimizer:StopStudy', 'bench:RunHttp', 'bench:RunCommand', 'bench:RunLlm',
  'rules:AddRule', 'rules:RemoveRule', 'rules:ReadRules', 'targets:Register', 'targets:List', 'control:Start', 'control:Read', 'control:Stop',
  'charts:Render', 'sessions:Read', 'sessions:Write', 'sessions:Share', 'policies:Simulate', 'policies:Put', 'audit:Read',
];
const ACTION_PATTERNS = ['*', '*:Read*', '*Study', 'optimizer:*Study*', '*:*Rule*', 'bench:Run*', 's*:*'];
const RESOURCES = [
  'tunechat:target/xgboost', 'tunechat:target/XGBoost', 'tunechat:target/llama-7b', 'tunechat:target/a*b', 'tunechat:host/10.0.0.5:8080',
  'tunechat:host/localhost:3000', 'tunechat:study/s-12', 'tunechat:study/s-1', 'tunechat:command/python3', 'tunechat:session/abc', '*',
];
const RESOURCE_PATTERNS = [
  '*', 'tunechat:target/*', 'tunechat:*/x*', '*:8080', 'tunechat:study/s-1*', 'tunechat:target/a${*}b', 'tunechat:target/*${*}*',
  'tunechat:host/10.*', '*b*', 'tunechat:*', '**',
];
const FRAGMENTS = ['', 'x', 'Study', '/s-1', 'target/', 'a*b', ':', 'Read'];

type KeyKind = 'numeric' | 'string' | 'bool' | 'ip' | 'set';
interface KeySpec {
  key: string;
  kind: KeyKind;
  /** Values a policy compares against (strings for string keys may also become patterns). */
  policyValues: readonly ConditionScalar[];
  /** Values a request carries (a set key's request value is a random subset). */
  requestValues: readonly (string | number | boolean)[];
}

const NUMBERS = [0, 1, 2, 3, 4, 5, 6, 8, 10, 12];
const KEYS: readonly KeySpec[] = [
  { key: 'optimizer:Trials', kind: 'numeric', policyValues: NUMBERS, requestValues: [-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13] },
  { key: 'optimizer:Parallel', kind: 'numeric', policyValues: NUMBERS, requestValues: [0, 1, 2, 4, 5, 8, 12] },
  { key: 'bench:DurationSeconds', kind: 'numeric', policyValues: NUMBERS, requestValues: [0, 3, 5, 6, 10, 30] },
  { key: 'tunechat:Source', kind: 'string', policyValues: ['web', 'cli', 'slack', 'api', 'replay', 'Web'], requestValues: ['web', 'cli', 'slack', 'api', 'Web', 'WEB', '', 'we'] },
  { key: 'tunechat:Username', kind: 'string', policyValues: ['alice', 'bob', 'Alice', 'al'], requestValues: ['alice', 'bob', 'Alice', 'al*ce', 'alfred', 'a'] },
  { key: 'optimizer:Sampler', kind: 'string', policyValues: ['tpe', 'random', 'cmaes', 'gp'], requestValues: ['tpe', 'random', 'TPE', 'gp', 'cmaes-1'] },
  { key: 'bench:HostAllowed', kind: 'bool', policyValues: [true, false, 'true', 'False'], requestValues: [true, false] },
  { key: 'tunechat:SourceIp', kind: 'ip', policyValues: ['10.0.0.0/8', '10.1.0.0/16', '192.168.1.0/24', '127.0.0.1', '0.0.0.0/0'], requestValues: ['10.1.2.3', '10.2.0.1', '192.168.1.7', '127.0.0.1', '8.8.8.8'] },
  { key: 'tunechat:Groups', kind: 'set', policyValues: ['tuners', 'admins', 'viewers'], requestValues: ['tuners', 'admins', 'viewers', 'guests'] },
];

const OPERATORS: Record<KeyKind, readonly string[]> = {
  numeric: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
  string: ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike'],
  bool: ['Bool'],
  ip: ['IpAddress', 'NotIpAddress'],
  set: ['ForAnyValue:StringEquals', 'ForAllValues:StringEquals', 'ForAnyValue:StringNotEquals', 'ForAllValues:StringNotEquals'],
};
/** How often each kind is drawn: the brief's numeric and string conditions dominate. */
const KIND_WEIGHTS: readonly KeyKind[] = ['numeric', 'numeric', 'numeric', 'numeric', 'string', 'string', 'string', 'bool', 'ip', 'set'];

export interface DifferentialCase {
  sources: PolicySource[];
  requests: AuthzRequest[];
}

export interface CaseOptions {
  requests: number;
  /** At most this many policies, each with at most `maxStatements` statements. */
  maxPolicies?: number;
  maxStatements?: number;
}

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[rng.int(0, list.length - 1)]!;
}

function chance(rng: Rng, p: number): boolean {
  return rng.next() < p;
}

function some<T>(rng: Rng, list: readonly T[], max: number): T[] {
  const count = rng.int(1, max);
  return Array.from({ length: count }, () => pick(rng, list));
}

/** IAM ignores the case of action names and context keys: draw one of several spellings. */
function recase(rng: Rng, text: string): string {
  const r = rng.next();
  if (r < 0.6) return text;
  if (r < 0.75) return text.toLowerCase();
  if (r < 0.85) return text.toUpperCase();
  return [...text].map((c) => (chance(rng, 0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
}

/** One policy set and requests aimed at it. */
export function randomCase(rng: Rng, options: CaseOptions): DifferentialCase {
  const policies = rng.int(1, options.maxPolicies ?? 3);
  const sources: PolicySource[] = [];
  const statements: Statement[] = [];
  for (let p = 0; p < policies; p++) {
    const list = Array.from({ length: rng.int(1, options.maxStatements ?? 4) }, (_, i) => randomStatement(rng, i));
    statements.push(...list);
    sources.push({ policy: `p${p}`, version: 'v1', document: { Version: '2012-10-17', Statement: list } });
  }
  const requests = Array.from({ length: options.requests }, () => randomRequest(rng, statements));
  return { sources, requests };
}

function randomStatement(rng: Rng, index: number): Statement {
  const statement: Statement = { Effect: chance(rng, 0.3) ? 'Deny' : 'Allow' };
  if (chance(rng, 0.3)) statement.Sid = `S${index}`;
  const actions = some(rng, [...ACTIONS.map((a) => recase(rng, a)), ...ACTION_PATTERNS.map((a) => recase(rng, a)), 'optimizer:*', 'bench:*', 'sessions:*'], 3);
  const resources = some(rng, [...RESOURCES.filter((r) => r !== '*'), ...RESOURCE_PATTERNS], 3);
  const single = <T>(list: T[]): T | T[] => (list.length === 1 && chance(rng, 0.5) ? list[0]! : list);
  if (chance(rng, 0.15)) statement.NotAction = single(actions);
  else statement.Action = single(actions);
  if (chance(rng, 0.15)) statement.NotResource = single(resources);
  else statement.Resource = single(resources);
  if (chance(rng, 0.6)) statement.Condition = randomCondition(rng);
  return statement;
}

function randomCondition(rng: Rng): ConditionBlock {
  const block: ConditionBlock = {};
  const entries = rng.int(1, 3);
  for (let i = 0; i < entries; i++) {
    const spec = keyOfKind(rng, pick(rng, KIND_WEIGHTS));
    let operator = chance(rng, 0.08) ? 'Null' : pick(rng, OPERATORS[spec.kind]);
    if (operator !== 'Null' && spec.kind !== 'set' && chance(rng, 0.2)) operator += 'IfExists';
    const values = operator === 'Null' ? [pick(rng, [true, false, 'true', 'false'] as ConditionScalar[])] : conditionValues(rng, spec, operator);
    (block[operator] ??= {})[recase(rng, spec.key)] = values.length === 1 && chance(rng, 0.5) ? values[0]! : values;
  }
  return block;
}

function keyOfKind(rng: Rng, kind: KeyKind): KeySpec {
  return pick(rng, KEYS.filter((k) => k.kind === kind));
}

function conditionValues(rng: Rng, spec: KeySpec, operator: string): ConditionScalar[] {
  const values = some(rng, spec.policyValues, 3);
  if (spec.kind === 'numeric') return values.map((v) => (chance(rng, 0.2) ? String(v) : v));
  if (spec.kind === 'string' && operator.includes('Like')) return values.map((v) => likePattern(rng, String(v)));
  return values;
}

/** A StringLike pattern made from a value: a `*` for a random slice, at an end, alone, or IAM's literal-star escape. */
function likePattern(rng: Rng, value: string): string {
  const r = rng.next();
  if (r < 0.1) return '*';
  if (r < 0.2) return `${value}\${*}`;
  const from = rng.int(0, value.length);
  const to = rng.int(from, value.length);
  return `${value.slice(0, from)}*${value.slice(to)}`;
}

function randomRequest(rng: Rng, statements: Statement[]): AuthzRequest {
  const aimed = chance(rng, 0.5) ? pick(rng, statements) : null;
  const actionSource = aimed ? [aimed.Action ?? aimed.NotAction!].flat() : [];
  const resourceSource = aimed ? [aimed.Resource ?? aimed.NotResource!].flat() : [];
  // The evaluator refuses an empty action or resource (a caller bug), so an empty instantiation falls back to the pool.
  const action = recase(rng, (actionSource.length ? instantiate(rng, pick(rng, actionSource)) : '') || pick(rng, ACTIONS));
  const resource = (resourceSource.length ? instantiate(rng, pick(rng, resourceSource)) : '') || pick(rng, RESOURCES);
  const context: Record<string, ContextValue> = {};
  for (const spec of KEYS) {
    if (!chance(rng, 0.6)) continue;
    context[recase(rng, spec.key)] = spec.kind === 'set' ? spec.requestValues.filter(() => chance(rng, 0.4)) : pick(rng, spec.requestValues);
  }
  return { action, resource, context };
}

/** A text the pattern matches (mostly): each wildcard `*` becomes a random fragment, IAM's `${*}` a literal `*`. */
function instantiate(rng: Rng, pattern: string): string {
  return pattern
    .split('${*}')
    .map((part) => part.replace(/\*/g, () => pick(rng, FRAGMENTS)))
    .join('*');
}
