/**
 * The workload of `npm run bench:policy`: policy sets of N statements over the real action catalog
 * (tools/iam/catalog.ts), in a realistic mix, and requests shaped like the ones tool calls make. Seeded.
 *
 * Statements (policies of 10 statements each, as a team's managed policies would be):
 * - two thirds name 1–3 literal actions of one service, one third a service pattern (`optimizer:*` mostly, else
 *   `optimizer:Read*`-style prefixes); 10% are Deny;
 * - resources: a specific one (40%), a team prefix `tunechat:target/team3-*` (30%) or `*` (30%);
 * - a third carry a condition, every Deny among them (trials / parallelism / duration limits, the source, the user name, the groups, the
 *   target's IP range) — all within what bench/policy-cedar.ts translates exactly, so Cedar gets the same set.
 * Requests: every catalog action alike, resources of the action's form with the same team names, the global keys
 * every request has (user, type, groups, source, IP, time) plus the action's own keys.
 */
import type { Rng } from '../tools/common/rng.ts';
import { ACTIONS, CONTEXT_KEYS } from '../tools/iam/catalog.ts';
import type { ActionSpec, AuthzRequest, ConditionBlock, ContextKeySpec, ContextValue, PolicySource, Statement } from '../tools/iam/types.ts';

export const STATEMENTS_PER_POLICY = 10;
const TEAMS = 8;
const NAMES_PER_TEAM = 12;

export interface PolicyWorkload {
  sources: PolicySource[];
  requests: AuthzRequest[];
  /** Lower-cased keys whose values are IP addresses (Cedar's `ip` extension). */
  ipKeys: ReadonlySet<string>;
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[rng.int(0, list.length - 1)]!;

const SERVICES = [...new Set(ACTIONS.map((a) => a.action.slice(0, a.action.indexOf(':'))))];
const BY_SERVICE = new Map(SERVICES.map((s) => [s, ACTIONS.filter((a) => a.action.startsWith(`${s}:`))]));
const ALL_KEYS: readonly ContextKeySpec[] = [...CONTEXT_KEYS, ...ACTIONS.flatMap((a) => a.contextKeys)];

/** A name in a resource form: `team<t>-<kind><n>` so team prefixes match some requests. */
function resourceFor(rng: Rng, spec: ActionSpec): string {
  const form = pick(rng, spec.resources);
  const team = rng.int(0, TEAMS - 1);
  const n = rng.int(0, NAMES_PER_TEAM - 1);
  return form.replace(/\$\{(\w+)\}/g, (_, part: string) => (part === 'Port' ? String(8000 + (n % 4)) : part === 'Host' ? `10.${team}.0.${n}` : `team${team}-${part.toLowerCase()}${n}`));
}

function teamPrefix(resource: string): string {
  const match = /^(.*?team\d+-)/.exec(resource) ?? /^(tunechat:host\/10\.\d+\.)/.exec(resource);
  return match ? `${match[1]}*` : '*';
}

function statement(rng: Rng, index: number): Statement {
  const service = pick(rng, SERVICES);
  const actions = BY_SERVICE.get(service)!;
  const s: Statement = { Sid: `S${index}`, Effect: rng.next() < 0.1 ? 'Deny' : 'Allow' };
  let resourceSpec: ActionSpec;
  if (rng.next() < 2 / 3) {
    const chosen = [...new Set(Array.from({ length: rng.int(1, 3) }, () => pick(rng, actions)))];
    s.Action = chosen.map((a) => a.action);
    resourceSpec = chosen[0]!;
  } else {
    const r = rng.next();
    s.Action = r < 0.6 ? `${service}:*` : `${service}:${pick(rng, ['Read*', 'Start*', 'List*', 'Run*', '*Study'])}`;
    resourceSpec = pick(rng, actions);
  }
  const r = rng.next();
  const specific = resourceFor(rng, resourceSpec);
  s.Resource = r < 0.4 ? specific : r < 0.7 ? teamPrefix(specific) : '*';
  // A third carry a condition; every Deny does (guardrails: "no more than …", "not from …").
  if (s.Effect === 'Deny' || rng.next() < 0.26) s.Condition = condition(rng, service, s.Effect === 'Deny');
  return s;
}

/**
 * One or two entries among the conditions a team would write: Allows scoped to a source, a team's users or groups,
 * an IP range, a trials / parallelism / duration limit; Denies as guardrails ("not from Slack", "no more than …",
 * "only targets in 10.0.0.0/8", "only from the office network when the request has an IP").
 */
function condition(rng: Rng, service: string, deny: boolean): ConditionBlock {
  const team = rng.int(0, TEAMS - 1);
  const limit = deny ? 'NumericGreaterThan' : 'NumericLessThanEquals';
  const options: ConditionBlock[] = deny
    ? [{ StringEquals: { 'tunechat:Source': 'slack' } }, { NotIpAddress: { 'tunechat:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] }, Null: { 'tunechat:SourceIp': 'false' } }]
    : [
        { StringEquals: { 'tunechat:Source': pick(rng, [['web', 'cli'], ['cli'], ['web']]) } },
        { StringLike: { 'tunechat:Username': `team${team}-*` } },
        { 'ForAnyValue:StringEquals': { 'tunechat:Groups': [`team${team}`, 'tuners'] } },
        { IpAddress: { 'tunechat:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } },
      ];
  if (service === 'optimizer') options.push({ [limit]: { 'optimizer:Trials': pick(rng, [50, 100, 200, 500]) } }, { [limit]: { 'optimizer:Parallel': pick(rng, [1, 2, 4, 8]) } });
  if (service === 'bench') options.push({ [limit]: { 'bench:DurationSeconds': pick(rng, [30, 60, 300]) } }, { [deny ? 'NotIpAddress' : 'IpAddress']: { 'bench:TargetIp': deny ? '10.0.0.0/8' : `10.${team}.0.0/16` } });
  const block: ConditionBlock = {};
  for (let i = rng.int(1, 2); i > 0; i--) Object.assign(block, pick(rng, options));
  return block;
}

/** A value of a context key's type (ISO dates stay strings; Cedar reads them as strings, no policy compares them). */
function value(rng: Rng, spec: ContextKeySpec, team: number): ContextValue {
  switch (spec.type) {
    case 'Numeric':
      return spec.key === 'tunechat:EpochTime' ? 1_790_000_000 + rng.int(0, 86_400) : pick(rng, [1, 2, 4, 8, 30, 60, 100, 200, 500, 1000]);
    case 'Bool':
      return rng.next() < 0.5;
    case 'IpAddress':
      return rng.next() < 0.8 ? `10.${team}.${rng.int(0, 3)}.${rng.int(1, 254)}` : `203.0.113.${rng.int(1, 254)}`;
    case 'Date':
      return new Date(1_790_000_000_000 + rng.int(0, 86_400_000)).toISOString();
    case 'String':
      if (spec.multivalued) return spec.key === 'tunechat:Groups' ? [`team${team}`, ...(rng.next() < 0.3 ? ['tuners'] : [])] : ['stop_study'];
      return spec.key === 'tunechat:Source' ? pick(rng, ['web', 'cli', 'slack', 'api']) : spec.key === 'tunechat:Username' ? `team${team}-user${rng.int(0, 5)}` : `value${rng.int(0, 3)}`;
  }
}

function request(rng: Rng): AuthzRequest {
  const spec = pick(rng, ACTIONS);
  const team = rng.int(0, TEAMS - 1);
  const context: Record<string, ContextValue> = {};
  for (const key of [...CONTEXT_KEYS, ...spec.contextKeys]) {
    if (key.key.includes('${')) continue;
    if (key.key === 'tunechat:SourceIp' && rng.next() < 0.3) continue; // the local CLI and Slack have none
    context[key.key] = value(rng, key, team);
  }
  return { action: spec.action, resource: resourceFor(rng, spec), context };
}

/** `statements` statements in policies of STATEMENTS_PER_POLICY, and `requests` requests. */
export function policyWorkload(rng: Rng, options: { statements: number; requests: number }): PolicyWorkload {
  const sources: PolicySource[] = [];
  for (let first = 0; first < options.statements; first += STATEMENTS_PER_POLICY) {
    const count = Math.min(STATEMENTS_PER_POLICY, options.statements - first);
    const list = Array.from({ length: count }, (_, i) => statement(rng, first + i));
    sources.push({ policy: `team-policy-${first / STATEMENTS_PER_POLICY}`, version: 'v1', document: { Version: '2012-10-17', Statement: list } });
  }
  const requests = Array.from({ length: options.requests }, () => request(rng));
  const ipKeys = new Set(ALL_KEYS.filter((k) => k.type === 'IpAddress').map((k) => k.key.toLowerCase()));
  return { sources, requests, ipKeys };
}
