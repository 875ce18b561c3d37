/**
 * The indexed evaluator against a naive one (every statement looked at, matchers built per call from the
 * normalized documents) on seeded random policies and requests: same decision, same deciding statements, and the
 * missing keys it reports are among the naive ones. Prints a timing for 1,000 statements (never asserted).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, type Rng } from '../../../tools/common/rng.ts';
import { evaluateCondition } from '../../../tools/iam/conditions.ts';
import { compilePolicies } from '../../../tools/iam/evaluator.ts';
import { normalizeDocument } from '../../../tools/iam/normalize.ts';
import { compileParts, compilePattern } from '../../../tools/iam/patterns.ts';
import type { AuthzRequest, ConditionBlock, EvaluationResult, MatchedStatement, PolicySource, RequestContext, Statement } from '../../../tools/iam/types.ts';
import { substituteVariables } from '../../../tools/iam/variables.ts';

const SERVICES = ['optimizer', 'bench', 'sessions', 'control'];
const NAMES = ['StartStudy', 'ReadStudy', 'RunHttp', 'RunCommand', 'Read', 'Write', 'Start', 'Stop'];
const RESOURCES = ['tunechat:target/xgboost', 'tunechat:target/lgbm', 'tunechat:host/10.0.0.5:80', 'tunechat:session/alice-1', 'tunechat:session/bob-2', 'tunechat:study/s1'];

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[rng.int(0, list.length - 1)]!;
}

function randomCase(rng: Rng, text: string): string {
  return rng.next() < 0.2 ? [...text].map((c) => (rng.next() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('') : text;
}

function randomAction(rng: Rng): string {
  const roll = rng.next();
  const service = pick(rng, SERVICES);
  const name = pick(rng, NAMES);
  if (roll < 0.45) return randomCase(rng, `${service}:${name}`);
  if (roll < 0.65) return `${service}:${name.slice(0, rng.int(0, 3))}*`;
  if (roll < 0.72) return '*';
  if (roll < 0.8) return `*:${name.slice(0, 2)}*`;
  if (roll < 0.88) return `${service}:?${name.slice(1)}`;
  return `${service.slice(0, 3)}*:${name}`;
}

function randomResource(rng: Rng): string {
  const roll = rng.next();
  const resource = pick(rng, RESOURCES);
  if (roll < 0.35) return resource;
  if (roll < 0.6) return resource.slice(0, rng.int(9, resource.length)) + '*';
  if (roll < 0.7) return '*';
  if (roll < 0.8) return 'tunechat:session/${tunechat:username}-?';
  if (roll < 0.9) return resource.replace(/[a-z0-9]$/, '?');
  return '*:target/*';
}

function randomCondition(rng: Rng): ConditionBlock {
  const block: ConditionBlock = {};
  const n = rng.int(1, 2);
  for (let i = 0; i < n; i++) {
    const roll = rng.int(0, 6);
    if (roll === 0) block[pick(rng, ['NumericLessThanEquals', 'NumericGreaterThan', 'NumericNotEquals', 'NumericLessThanEqualsIfExists'])] = { 'optimizer:Trials': rng.int(0, 400) };
    else if (roll === 1) block[pick(rng, ['StringEquals', 'StringNotEquals', 'StringLike'])] = { 'tunechat:Source': pick(rng, [['web', 'cli'], 'slack', 'w*']) };
    else if (roll === 2) block[pick(rng, ['IpAddress', 'NotIpAddress'])] = { 'tunechat:SourceIp': pick(rng, ['10.0.0.0/8', ['192.168.0.0/16', '::1']]) };
    else if (roll === 3) block[pick(rng, ['ForAnyValue:StringEquals', 'ForAllValues:StringEquals'])] = { 'tunechat:Groups': pick(rng, ['tuners', ['tuners', 'admins']]) };
    else if (roll === 4) block.Null = { 'bench:Rate': rng.next() < 0.5 };
    else if (roll === 5) block[pick(rng, ['DateLessThan', 'DateGreaterThanEquals'])] = { 'tunechat:CurrentTime': pick(rng, ['2026-06-01T00:00:00Z', 1767225600]) };
    else block.Bool = { 'bench:HostAllowed': rng.next() < 0.5 };
  }
  return block;
}

function randomStatement(rng: Rng): Statement {
  const statement: Statement = { Effect: rng.next() < 0.3 ? 'Deny' : 'Allow' };
  if (rng.next() < 0.5) statement.Sid = `S${rng.int(0, 999)}`;
  const actions = Array.from({ length: rng.int(1, 3) }, () => randomAction(rng));
  if (rng.next() < 0.1) statement.NotAction = actions;
  else statement.Action = actions.length === 1 ? actions[0]! : actions;
  const resources = Array.from({ length: rng.int(1, 2) }, () => randomResource(rng));
  if (rng.next() < 0.1) statement.NotResource = resources;
  else statement.Resource = resources;
  if (rng.next() < 0.5) statement.Condition = randomCondition(rng);
  return statement;
}

function randomContext(rng: Rng): RequestContext {
  const context: Record<string, RequestContext[string]> = {};
  const maybe = (key: string, value: () => RequestContext[string]) => {
    if (rng.next() < 0.7) context[rng.next() < 0.2 ? key.toUpperCase() : key] = value();
  };
  maybe('optimizer:Trials', () => rng.int(0, 400));
  maybe('tunechat:Source', () => pick(rng, ['web', 'cli', 'slack']));
  maybe('tunechat:SourceIp', () => pick(rng, ['10.1.2.3', '192.168.1.1', '::1', '8.8.8.8']));
  maybe('tunechat:Groups', () => pick(rng, [[], ['tuners'], ['tuners', 'admins'], ['readers']]));
  maybe('bench:Rate', () => rng.int(1, 100));
  maybe('tunechat:CurrentTime', () => pick(rng, ['2026-01-01T00:00:00Z', '2026-12-01T00:00:00Z']));
  maybe('bench:HostAllowed', () => rng.next() < 0.5);
  maybe('tunechat:username', () => pick(rng, ['alice', 'bob']));
  return context;
}

/** Every statement, in order, with nothing precompiled: the reference semantics. */
function naiveEvaluate(sources: readonly PolicySource[], request: AuthzRequest): EvaluationResult {
  const denies: MatchedStatement[] = [];
  const allows: MatchedStatement[] = [];
  const denyMissing: string[] = [];
  const allowMissing: string[] = [];
  for (const source of sources) {
    const policy = normalizeDocument(source.document);
    for (const s of policy.statements) {
      const actionHit = (s.action ?? s.notAction!).some((p) => compilePattern(p, { ignoreCase: true })(request.action));
      if (s.action ? !actionHit : actionHit) continue;
      const missing = s.effect === 'Deny' ? denyMissing : allowMissing;
      let unresolved = false;
      let resourceHit = false;
      for (const pattern of s.resource ?? s.notResource!) {
        const sub = substituteVariables(pattern, request.context, { version: policy.version });
        missing.push(...sub.missing);
        if (sub.parts === null) unresolved = true;
        else if (compileParts(sub.parts, { ignoreCase: false })(request.resource)) resourceHit = true;
      }
      if (s.resource ? !resourceHit : resourceHit || unresolved) continue;
      if (s.condition) {
        const result = evaluateCondition(s.condition, request.context, policy.version === '2012-10-17');
        missing.push(...result.missing);
        if (!result.matches) continue;
      }
      (s.effect === 'Deny' ? denies : allows).push({ policy: source.policy, version: source.version, sid: s.sid, index: s.index, effect: s.effect });
    }
  }
  if (denies.length > 0) return { decision: 'explicitDeny', matched: denies, missingContextKeys: denyMissing };
  return { decision: allows.length > 0 ? 'allowed' : 'implicitDeny', matched: allows, missingContextKeys: [...denyMissing, ...allowMissing] };
}

function randomSources(rng: Rng, statements: number): PolicySource[] {
  const sources: PolicySource[] = [];
  let left = statements;
  for (let p = 0; left > 0; p++) {
    const n = Math.min(left, rng.int(1, 8));
    left -= n;
    const document = { Version: rng.next() < 0.9 ? '2012-10-17' : '2008-10-17', Statement: Array.from({ length: n }, () => randomStatement(rng)) } as const;
    sources.push({ policy: `p${p}`, version: `v${rng.int(1, 5)}`, document: document as never });
  }
  return sources;
}

function randomRequest(rng: Rng): AuthzRequest {
  const action = randomCase(rng, `${pick(rng, SERVICES)}:${pick(rng, NAMES)}`);
  return { action, resource: pick(rng, RESOURCES), context: randomContext(rng) };
}

test('the indexed evaluator decides as a naive loop over every statement (seeded random policies and requests)', () => {
  const seed = Number(process.env.IAM_EQUIVALENCE_SEED ?? 20261203);
  const rng = createRng(seed);
  let compared = 0;
  const tally = { allowed: 0, explicitDeny: 0, implicitDeny: 0 };
  for (let round = 0; round < 200; round++) {
    const sources = randomSources(rng, rng.int(1, 40));
    const set = compilePolicies(sources);
    for (let r = 0; r < 20; r++) {
      const request = randomRequest(rng);
      const fast = set.evaluate(request);
      const slow = naiveEvaluate(sources, request);
      const where = `seed ${seed}, round ${round}, request ${r}: ${JSON.stringify(request)}\npolicies ${JSON.stringify(sources)}`;
      assert.equal(fast.decision, slow.decision, where);
      assert.deepEqual(fast.matched, slow.matched, where);
      const naiveMissing = new Set(slow.missingContextKeys.map((k) => k.toLowerCase()));
      for (const key of fast.missingContextKeys) assert.ok(naiveMissing.has(key.toLowerCase()), `missing key ${key} not in the naive list; ${where}`);
      tally[fast.decision]++;
      compared++;
    }
  }
  console.log(`iam equivalence: ${compared} decisions compared (seed ${seed}): ${JSON.stringify(tally)}`);
  assert.ok(tally.allowed > 200 && tally.explicitDeny > 200 && tally.implicitDeny > 200, `each decision kind is exercised: ${JSON.stringify(tally)}`);
});

test('timing with 1,000 statements (printed, not asserted)', () => {
  const rng = createRng(7);
  const sources: PolicySource[] = [];
  for (let p = 0; p < 100; p++) {
    const statements: Statement[] = [];
    for (let i = 0; i < 10; i++) {
      const service = `svc${rng.int(0, 49)}`;
      const action = rng.next() < 0.8 ? `${service}:Action${rng.int(0, 9)}` : `${service}:Act*`;
      statements.push({ Effect: rng.next() < 0.2 ? 'Deny' : 'Allow', Action: action, Resource: `tunechat:target/t${rng.int(0, 20)}*`, Condition: { NumericLessThanEquals: { 'optimizer:Trials': rng.int(0, 400) } } });
    }
    sources.push({ policy: `p${p}`, version: 'v1', document: { Version: '2012-10-17', Statement: statements } });
  }
  sources.push({ policy: 'guard', version: 'v1', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'bench:RunCommand', Resource: '*', Condition: { StringEquals: { 'tunechat:Source': 'slack' } } }] } });
  const set = compilePolicies(sources);
  const requests = Array.from({ length: 2000 }, () => ({ action: `svc${rng.int(0, 49)}:Action${rng.int(0, 9)}`, resource: `tunechat:target/t${rng.int(0, 20)}`, context: { 'optimizer:Trials': rng.int(0, 400), 'tunechat:Source': 'web' } }));
  for (const request of requests) set.evaluate(request);
  const times: number[] = [];
  for (let round = 0; round < 10; round++) {
    for (const request of requests) {
      const start = process.hrtime.bigint();
      set.evaluate(request);
      times.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  console.log(`iam evaluator, ${set.statementCount} statements: p50 ${at(0.5)} µs, p99 ${at(0.99)} µs over ${times.length} decisions (includes the timer's own cost)`);
  assert.equal(set.statementCount, 1001);
});
