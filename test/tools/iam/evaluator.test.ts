import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicies } from '../../../tools/iam/evaluator.ts';
import type { PolicyDocument, PolicySource, RequestContext, Statement } from '../../../tools/iam/types.ts';

function doc(...statements: Statement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}
function source(policy: string, document: PolicyDocument, version = 'v1'): PolicySource {
  return { policy, version, document };
}
function decide(sources: PolicySource[], action: string, resource: string, context: RequestContext = {}) {
  return compilePolicies(sources).evaluate({ action, resource, context });
}

const TUNERS = doc(
  { Sid: 'StartXgboost', Effect: 'Allow', Action: ['optimizer:StartStudy', 'optimizer:ContinueStudy'], Resource: 'tunechat:target/xgboost',
    Condition: { NumericLessThanEquals: { 'optimizer:Trials': 200, 'optimizer:Parallel': 4 } } },
  { Sid: 'LoadTestPrivate', Effect: 'Allow', Action: 'bench:RunHttp', Resource: 'tunechat:host/*',
    Condition: { IpAddress: { 'bench:TargetIp': '10.0.0.0/8' }, NumericLessThanEquals: { 'bench:DurationSeconds': 60 } } },
  { Sid: 'NoTypedCommandsFromSlack', Effect: 'Deny', Action: 'bench:RunCommand', Resource: '*',
    Condition: { StringEquals: { 'tunechat:Source': 'slack', 'bench:CommandOrigin': 'typed' } } },
  { Sid: 'Commands', Effect: 'Allow', Action: 'bench:RunCommand', Resource: 'tunechat:command/*' },
);

test("the issue's example: studies on xgboost within limits, load tests in 10/8 for ≤ 60 s, no typed commands from Slack", () => {
  const set = compilePolicies([source('tuners', TUNERS)]);
  const ok = set.evaluate({ action: 'optimizer:StartStudy', resource: 'tunechat:target/xgboost', context: { 'optimizer:Trials': 100, 'optimizer:Parallel': 4 } });
  assert.equal(ok.decision, 'allowed');
  assert.deepEqual(ok.matched, [{ policy: 'tuners', version: 'v1', sid: 'StartXgboost', index: 0, effect: 'Allow' }]);
  assert.equal(set.evaluate({ action: 'optimizer:StartStudy', resource: 'tunechat:target/xgboost', context: { 'optimizer:Trials': 500, 'optimizer:Parallel': 4 } }).decision, 'implicitDeny');
  assert.equal(set.evaluate({ action: 'optimizer:StartStudy', resource: 'tunechat:target/lightgbm', context: { 'optimizer:Trials': 10, 'optimizer:Parallel': 1 } }).decision, 'implicitDeny');
  const load = { action: 'bench:RunHttp', resource: 'tunechat:host/10.0.0.5:8080' };
  assert.equal(set.evaluate({ ...load, context: { 'bench:TargetIp': '10.0.0.5', 'bench:DurationSeconds': 60 } }).decision, 'allowed');
  assert.equal(set.evaluate({ ...load, context: { 'bench:TargetIp': '10.0.0.5', 'bench:DurationSeconds': 300 } }).decision, 'implicitDeny');
  assert.equal(set.evaluate({ ...load, context: { 'bench:TargetIp': '192.168.0.5', 'bench:DurationSeconds': 30 } }).decision, 'implicitDeny');
  const slack = set.evaluate({ action: 'bench:RunCommand', resource: 'tunechat:command/python3', context: { 'tunechat:Source': 'slack', 'bench:CommandOrigin': 'typed' } });
  assert.equal(slack.decision, 'explicitDeny');
  assert.deepEqual(slack.matched.map((m) => m.sid), ['NoTypedCommandsFromSlack']);
  assert.equal(set.evaluate({ action: 'bench:RunCommand', resource: 'tunechat:command/python3', context: { 'tunechat:Source': 'web', 'bench:CommandOrigin': 'typed' } }).decision, 'allowed');
  assert.equal(set.statementCount, 4);
  assert.deepEqual(set.versions, [{ policy: 'tuners', version: 'v1' }]);
});

test('an explicit Deny in one policy overrides an Allow in another; matched lists every deciding statement', () => {
  const sources = [
    source('full', doc({ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }), 'v3'),
    source('guard', doc({ Sid: 'NoDelete', Effect: 'Deny', Action: 'sessions:Delete', Resource: '*' }, { Sid: 'NoDelete2', Effect: 'Deny', Action: 'sessions:*', Resource: 'tunechat:session/*' })),
    source('also', doc({ Effect: 'Allow', Action: 'sessions:Delete', Resource: 'tunechat:session/1' })),
  ];
  const denied = decide(sources, 'sessions:Delete', 'tunechat:session/1');
  assert.equal(denied.decision, 'explicitDeny');
  assert.deepEqual(denied.matched, [
    { policy: 'guard', version: 'v1', sid: 'NoDelete', index: 0, effect: 'Deny' },
    { policy: 'guard', version: 'v1', sid: 'NoDelete2', index: 1, effect: 'Deny' },
  ]);
  const allowed = decide(sources, 'sessions:Read', 'tunechat:other/1');
  assert.equal(allowed.decision, 'allowed');
  assert.deepEqual(allowed.matched, [{ policy: 'full', version: 'v3', sid: 'All', index: 0, effect: 'Allow' }]);
  const both = decide(sources.filter((s) => s.policy !== 'guard'), 'sessions:Delete', 'tunechat:session/1');
  assert.deepEqual(both.matched.map((m) => m.policy), ['full', 'also']);
});

test('implicit deny: nothing applies, or no policies at all', () => {
  const none = decide([], 'optimizer:StartStudy', 'tunechat:target/x');
  assert.deepEqual(none, { decision: 'implicitDeny', matched: [], missingContextKeys: [] });
  assert.equal(decide([source('p', TUNERS)], 'rules:AddRule', 'tunechat:rule/1').decision, 'implicitDeny');
});

test('NotAction: an Allow grants everything except the listed actions; a Deny denies everything except them', () => {
  const allowAllBut = [source('p', doc({ Effect: 'Allow', NotAction: ['policies:*', 'users:*'], Resource: '*' }))];
  assert.equal(decide(allowAllBut, 'optimizer:StartStudy', 'x').decision, 'allowed');
  assert.equal(decide(allowAllBut, 'policies:Put', 'x').decision, 'implicitDeny');
  assert.equal(decide(allowAllBut, 'USERS:add', 'x').decision, 'implicitDeny', 'NotAction is case-insensitive too');
  const denyAllBut = [source('p', doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', NotAction: 'sessions:Read', Resource: '*' }))];
  assert.equal(decide(denyAllBut, 'sessions:Read', 'x').decision, 'allowed');
  assert.equal(decide(denyAllBut, 'sessions:Write', 'x').decision, 'explicitDeny');
});

test('NotResource: an Allow for everything but some resources; a Deny for everything but some', () => {
  const allow = [source('p', doc({ Effect: 'Allow', Action: 'bench:RunHttp', NotResource: ['tunechat:host/10.*', 'tunechat:host/prod-?:*'] }))];
  assert.equal(decide(allow, 'bench:RunHttp', 'tunechat:host/192.168.0.1:80').decision, 'allowed');
  assert.equal(decide(allow, 'bench:RunHttp', 'tunechat:host/10.0.0.1:80').decision, 'implicitDeny');
  assert.equal(decide(allow, 'bench:RunHttp', 'tunechat:host/prod-1:443').decision, 'implicitDeny');
  assert.equal(decide(allow, 'bench:RunHttp', 'tunechat:host/prod-12:443').decision, 'allowed', '? is one character');
  const deny = [source('p', doc({ Effect: 'Allow', Action: 'targets:*', Resource: '*' }, { Effect: 'Deny', Action: 'targets:*', NotResource: 'tunechat:target/sandbox-*' }))];
  assert.equal(decide(deny, 'targets:Register', 'tunechat:target/sandbox-1').decision, 'allowed');
  assert.equal(decide(deny, 'targets:Register', 'tunechat:target/prod').decision, 'explicitDeny');
  assert.equal(decide([source('p', doc({ Effect: 'Allow', Action: '*', NotResource: '*' }))], 'a:b', 'x').decision, 'implicitDeny');
});

test('action names are case-insensitive, resources case-sensitive; ? and * in both', () => {
  const sources = [source('p', doc({ Effect: 'Allow', Action: ['Optimizer:start*', 'control:?ead'], Resource: ['tunechat:target/XGBoost', 'tunechat:study/s-??'] }))];
  assert.equal(decide(sources, 'optimizer:StartStudy', 'tunechat:target/XGBoost').decision, 'allowed');
  assert.equal(decide(sources, 'OPTIMIZER:STARTSTUDY', 'tunechat:target/XGBoost').decision, 'allowed');
  assert.equal(decide(sources, 'optimizer:StartStudy', 'tunechat:target/xgboost').decision, 'implicitDeny');
  assert.equal(decide(sources, 'control:Read', 'tunechat:study/s-12').decision, 'allowed');
  assert.equal(decide(sources, 'control:Read', 'tunechat:study/s-123').decision, 'implicitDeny');
  assert.equal(decide(sources, 'control:Reads', 'tunechat:study/s-12').decision, 'implicitDeny');
  assert.equal(decide(sources, 'optimizer:ReadStudy', 'tunechat:target/XGBoost').decision, 'implicitDeny');
});

test('policy variables in Resource: present, missing (reported, no match), 2008-10-17 literal', () => {
  const statement: Statement = { Effect: 'Allow', Action: 'sessions:*', Resource: 'tunechat:session/${tunechat:username}-*' };
  const sources = [source('p', doc(statement))];
  assert.equal(decide(sources, 'sessions:Read', 'tunechat:session/alice-1', { 'tunechat:Username': 'alice' }).decision, 'allowed');
  assert.equal(decide(sources, 'sessions:Read', 'tunechat:session/bob-1', { 'tunechat:Username': 'alice' }).decision, 'implicitDeny');
  const missing = decide(sources, 'sessions:Read', 'tunechat:session/alice-1');
  assert.deepEqual(missing, { decision: 'implicitDeny', matched: [], missingContextKeys: ['tunechat:username'] });
  const old = [source('p', { Version: '2008-10-17', Statement: [statement] })];
  assert.equal(decide(old, 'sessions:Read', 'tunechat:session/alice-1', { 'tunechat:Username': 'alice' }).decision, 'implicitDeny');
  assert.equal(decide(old, 'sessions:Read', 'tunechat:session/${tunechat:username}-1').decision, 'allowed');
  const notResource = [source('p', doc({ Effect: 'Allow', Action: 'sessions:*', NotResource: 'tunechat:session/${tunechat:username}' }))];
  assert.equal(decide(notResource, 'sessions:Read', 'tunechat:session/bob', { 'tunechat:username': 'alice' }).decision, 'allowed');
  assert.equal(decide(notResource, 'sessions:Read', 'tunechat:session/alice', { 'tunechat:username': 'alice' }).decision, 'implicitDeny');
  assert.equal(decide(notResource, 'sessions:Read', 'tunechat:session/bob').decision, 'implicitDeny', 'an unresolved NotResource element does not match');
});

test('missingContextKeys: only from statements whose action and resource matched', () => {
  const sources = [source('p', TUNERS)];
  const result = decide(sources, 'bench:RunHttp', 'tunechat:host/10.0.0.5:80', { 'bench:DurationSeconds': 10 });
  assert.equal(result.decision, 'implicitDeny');
  assert.deepEqual(result.missingContextKeys, ['bench:TargetIp']);
  assert.deepEqual(decide(sources, 'bench:RunHttp', 'tunechat:other', {}).missingContextKeys, []);
  const deny = decide(sources, 'bench:RunCommand', 'tunechat:command/sh', { 'tunechat:Source': 'slack', 'bench:CommandOrigin': 'typed' });
  assert.deepEqual(deny.missingContextKeys, []);
  const dup = decide([source('a', TUNERS), source('b', TUNERS)], 'optimizer:StartStudy', 'tunechat:target/xgboost', { 'OPTIMIZER:TRIALS': 1 });
  assert.deepEqual(dup.missingContextKeys, ['optimizer:Parallel'], 'deduplicated');
});

test('IfExists and ForAllValues in a statement; Deny with NotIpAddress', () => {
  const sources = [source('p', doc(
    { Sid: 'Groups', Effect: 'Allow', Action: 'charts:Render', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'tunechat:Groups': ['tuners'] } } },
    { Sid: 'Rate', Effect: 'Allow', Action: 'bench:RunHttp', Resource: '*', Condition: { NumericLessThanEqualsIfExists: { 'bench:Rate': 100 } } },
    { Sid: 'Office', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'tunechat:SourceIp': ['10.0.0.0/8', '::1'] } } },
  ))];
  const office = { 'tunechat:SourceIp': '10.1.1.1' };
  assert.equal(decide(sources, 'charts:Render', 'x', { ...office, 'tunechat:Groups': ['tuners'] }).decision, 'allowed');
  assert.equal(decide(sources, 'charts:Render', 'x', { ...office, 'tunechat:Groups': ['tuners', 'x'] }).decision, 'implicitDeny');
  assert.equal(decide(sources, 'charts:Render', 'x', office).decision, 'allowed', 'ForAllValues on a missing key allows: the trap');
  assert.equal(decide(sources, 'bench:RunHttp', 'x', office).decision, 'allowed', 'closed-loop: no rate');
  assert.equal(decide(sources, 'bench:RunHttp', 'x', { ...office, 'bench:Rate': 500 }).decision, 'implicitDeny');
  assert.equal(decide(sources, 'bench:RunHttp', 'x', { 'tunechat:SourceIp': '8.8.8.8' }).decision, 'explicitDeny');
  assert.equal(decide(sources, 'bench:RunHttp', 'x', { 'tunechat:SourceIp': '::1' }).decision, 'allowed');
  assert.equal(decide(sources, 'bench:RunHttp', 'x', {}).decision, 'explicitDeny', 'a missing key makes NotIpAddress true');
});

test('a malformed document: invalid_policy naming the policy and the path', () => {
  assert.throws(
    () => compilePolicies([source('ok', TUNERS), source('bad', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*' }, { Effect: 'Permit' } as never] })]),
    (error: any) => error.code === 'invalid_policy' && error.details.policy === 'bad' && error.details.path === 'Statement[1].Effect' && /policy bad \(v1\)/.test(error.message),
  );
});

test('one compiled set answers many requests (cache by action) without mixing their contexts', () => {
  const set = compilePolicies([source('p', TUNERS)]);
  for (let i = 0; i < 50; i++) {
    const trials = i % 2 === 0 ? 100 : 300;
    const result = set.evaluate({ action: 'optimizer:StartStudy', resource: 'tunechat:target/xgboost', context: { 'optimizer:Trials': trials, 'optimizer:Parallel': 1 } });
    assert.equal(result.decision, trials <= 200 ? 'allowed' : 'implicitDeny');
  }
  for (let i = 0; i < 5000; i++) set.evaluate({ action: `svc:A${i}`, resource: 'x', context: {} });
  assert.equal(set.evaluate({ action: 'optimizer:StartStudy', resource: 'tunechat:target/xgboost', context: { 'optimizer:Trials': 1, 'optimizer:Parallel': 1 } }).decision, 'allowed');
});

test('request limits: action and resource must be non-empty strings within their limits; a missing context is empty', () => {
  const set = compilePolicies([source('p', TUNERS)]);
  assert.throws(() => set.evaluate({ action: '', resource: 'x', context: {} }), (error: any) => error.code === 'invalid_argument' && error.details.field === 'action');
  assert.throws(() => set.evaluate({ action: 'a:b', resource: 'x'.repeat(5000), context: {} }), (error: any) => error.code === 'invalid_argument' && error.details.field === 'resource');
  assert.throws(() => set.evaluate({ action: 5 as never, resource: 'x', context: {} }), (error: any) => error.details.field === 'action');
  assert.equal(set.evaluate({ action: 'optimizer:StartStudy', resource: 'tunechat:target/xgboost', context: undefined as never }).decision, 'implicitDeny');
});
