import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicies } from '../../../tools/iam/evaluator.ts';
import { contextKeysForPolicies, SIMULATION_LIMITS, simulate, simulateCustomPolicy } from '../../../tools/iam/simulate.ts';
import type { PolicyDocument } from '../../../tools/iam/types.ts';

const TUNERS: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Studies', Effect: 'Allow', Action: 'optimizer:StartStudy', Resource: 'tunechat:target/xgboost', Condition: { NumericLessThanEquals: { 'optimizer:Trials': 200 } } },
    { Sid: 'Load', Effect: 'Allow', Action: 'bench:RunHttp', Resource: 'tunechat:host/*', Condition: { IpAddress: { 'bench:TargetIp': '10.0.0.0/8' }, NumericLessThanEquals: { 'bench:DurationSeconds': 60 } } },
  ],
};
const GUARD: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'NoSlackCommands', Effect: 'Deny', Action: 'bench:RunCommand', Resource: '*', Condition: { StringEquals: { 'tunechat:Source': 'slack' } } }] };

test('one result per (action, resource) pair, in order, with decision, matched statements and missing keys', () => {
  const set = compilePolicies([{ policy: 'tuners', version: 'v2', document: TUNERS }, { policy: 'default:DefaultGuardrails', version: 'v1', document: GUARD }]);
  const results = simulate(set, {
    actions: ['optimizer:StartStudy', 'bench:RunCommand'],
    resources: ['tunechat:target/xgboost', 'tunechat:command/python3'],
    context: { 'optimizer:Trials': 500, 'tunechat:Source': 'slack' },
  });
  assert.deepEqual(results.map((r) => [r.action, r.resource, r.decision]), [
    ['optimizer:StartStudy', 'tunechat:target/xgboost', 'implicitDeny'],
    ['optimizer:StartStudy', 'tunechat:command/python3', 'implicitDeny'],
    ['bench:RunCommand', 'tunechat:target/xgboost', 'explicitDeny'],
    ['bench:RunCommand', 'tunechat:command/python3', 'explicitDeny'],
  ]);
  assert.deepEqual(results[2]!.matched, [{ policy: 'default:DefaultGuardrails', version: 'v1', sid: 'NoSlackCommands', index: 0, effect: 'Deny' }]);
});

test('"could alice load-test 10.0.0.5 for 5 minutes?": implicit deny; for 60 s: allowed by Sid Load; without the IP: missing key', () => {
  const set = compilePolicies([{ policy: 'tuners', version: 'v1', document: TUNERS }]);
  const ask = (context: Record<string, string | number>) => simulate(set, { actions: ['bench:RunHttp'], resources: ['tunechat:host/10.0.0.5:8080'], context })[0]!;
  assert.equal(ask({ 'bench:TargetIp': '10.0.0.5', 'bench:DurationSeconds': 300 }).decision, 'implicitDeny');
  const ok = ask({ 'bench:TargetIp': '10.0.0.5', 'bench:DurationSeconds': 60 });
  assert.equal(ok.decision, 'allowed');
  assert.deepEqual(ok.matched.map((m) => [m.policy, m.version, m.sid]), [['tuners', 'v1', 'Load']]);
  assert.deepEqual(ask({ 'bench:DurationSeconds': 60 }).missingContextKeys, ['bench:TargetIp']);
});

test('resources default to "*"; simulateCustomPolicy takes documents (objects or JSON text) as inline policies', () => {
  const results = simulateCustomPolicy([JSON.stringify(GUARD), { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'bench:*', Resource: '*' } }], {
    actions: ['bench:RunCommand', 'bench:RunHttp'],
    context: { 'tunechat:Source': 'slack' },
  });
  assert.deepEqual(results.map((r) => [r.resource, r.decision, r.matched.map((m) => `${m.policy}@${m.version}`)]), [
    ['*', 'explicitDeny', ['inline-1@inline']],
    ['*', 'allowed', ['inline-2@inline']],
  ]);
  assert.throws(() => simulateCustomPolicy(['{'], { actions: ['a:b'] }), (error: any) => error.code === 'invalid_policy');
});

test('input limits: no actions, too many pairs, non-string names', () => {
  const set = compilePolicies([]);
  assert.throws(() => simulate(set, { actions: [] }), (error: any) => error.code === 'invalid_argument' && error.details.field === 'actions');
  const many = Array.from({ length: SIMULATION_LIMITS.actions }, (_, i) => `a:b${i}`);
  assert.throws(() => simulate(set, { actions: many, resources: many }), (error: any) => error.code === 'too_large');
  assert.throws(() => simulate(set, { actions: ['a:b', 5 as never] }), (error: any) => error.details.field === 'actions[1]');
  assert.equal(simulate(set, { actions: many.slice(0, 50), resources: many.slice(0, 50) }).length, 2500);
});

test('contextKeysForPolicies lists condition keys and variables once, sorted; 2008-10-17 variables are text', () => {
  const keys = contextKeysForPolicies([
    TUNERS,
    GUARD,
    { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: 'tunechat:session/${tunechat:username}', Condition: { StringEquals: { 'TUNECHAT:SOURCE': 'web', t: '${tunechat:PrincipalTag/team}' } } } },
    { Version: '2008-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: 'tunechat:session/${tunechat:Groups}' } },
  ]);
  assert.deepEqual(keys, ['bench:DurationSeconds', 'bench:TargetIp', 'optimizer:Trials', 't', 'tunechat:PrincipalTag/team', 'tunechat:Source', 'tunechat:username']);
});
