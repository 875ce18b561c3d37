import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONDITION_OPERATORS, evaluateCondition } from '../../../tools/iam/conditions.ts';
import { BASE_OPERATORS } from '../../../tools/iam/operators.ts';
import type { ConditionBlock, RequestContext } from '../../../tools/iam/types.ts';

function holds(block: ConditionBlock, context: RequestContext): boolean {
  return evaluateCondition(block, context).matches;
}

/** [operator, policy value(s), request value that matches, request value that does not] for the key "k". */
const TABLE: [string, unknown, unknown, unknown][] = [
  ['StringEquals', 'slack', 'slack', 'Slack'],
  ['StringNotEquals', 'slack', 'web', 'slack'],
  ['StringEqualsIgnoreCase', 'Slack', 'SLACK', 'web'],
  ['StringNotEqualsIgnoreCase', 'Slack', 'web', 'sLaCk'],
  ['StringLike', 'xgb*', 'xgboost', 'lightgbm'],
  ['StringNotLike', 'xgb*', 'lightgbm', 'xgboost'],
  ['NumericEquals', 200, '200', 201],
  ['NumericNotEquals', 200, 201, 200],
  ['NumericLessThan', 200, 199, 200],
  ['NumericLessThanEquals', 200, 200, 201],
  ['NumericGreaterThan', '4', 5, 4],
  ['NumericGreaterThanEquals', 4, 4, 3.5],
  ['DateEquals', '2026-01-01T00:00:00Z', 1767225600, '2026-01-01T00:00:01Z'],
  ['DateNotEquals', '2026-01-01T00:00:00Z', '2026-01-02', '2026-01-01T00:00:00Z'],
  ['DateLessThan', '2026-01-01T00:00:00Z', '2025-12-31T23:59:59Z', '2026-01-01T00:00:00Z'],
  ['DateLessThanEquals', 1767225600, '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z'],
  ['DateGreaterThan', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00+00:30', '2025-06-01'],
  ['DateGreaterThanEquals', '2026-01-01', 1767225600, 1767225599],
  ['Bool', true, 'true', false],
  ['BinaryEquals', 'aGVsbG8=', 'aGVsbG8', 'd29ybGQ='],
  ['IpAddress', '10.0.0.0/8', '10.1.2.3', '11.0.0.1'],
  ['NotIpAddress', '10.0.0.0/8', '192.168.0.1', '10.0.0.5'],
  ['ArnEquals', 'tunechat:target/xgboost', 'tunechat:target/xgboost', 'tunechat:target/XGBoost'],
  ['ArnLike', 'tunechat:target/*', 'tunechat:target/xgboost', 'tunechat:host/x'],
  ['ArnNotEquals', 'tunechat:target/xgboost', 'tunechat:target/other', 'tunechat:target/xgboost'],
  ['ArnNotLike', 'tunechat:host/10.*', 'tunechat:host/192.168.0.1:80', 'tunechat:host/10.0.0.5:80'],
];

test('the table covers every operator but Null (tested on its own)', () => {
  const covered = new Set(TABLE.map(([op]) => op));
  assert.deepEqual(CONDITION_OPERATORS.filter((op) => op !== 'Null' && !covered.has(op)), []);
  assert.deepEqual([...CONDITION_OPERATORS].sort(), Object.keys(BASE_OPERATORS).sort());
});

for (const [operator, policy, yes, no] of TABLE) {
  test(`${operator}: present key matching / not matching, missing key, IfExists`, () => {
    const block = { [operator]: { 'svc:Key': policy } } as ConditionBlock;
    assert.equal(holds(block, { 'svc:Key': yes as never }), true, `${JSON.stringify(yes)} should match`);
    assert.equal(holds(block, { 'svc:Key': no as never }), false, `${JSON.stringify(no)} should not match`);
    const negated = operator.includes('Not');
    const missing = evaluateCondition(block, { other: 'x' });
    assert.equal(missing.matches, negated, 'a missing key: positive operators false, negated ones true');
    assert.deepEqual(missing.missing, ['svc:Key']);
    const ifExists = { [`${operator}IfExists`]: { 'svc:Key': policy } } as ConditionBlock;
    assert.equal(holds(ifExists, {}), true, 'IfExists: true when absent');
    assert.equal(holds(ifExists, { 'svc:Key': yes as never }), true);
    assert.equal(holds(ifExists, { 'svc:Key': no as never }), false, 'IfExists still compares a present key');
  });
}

test('Null: true asks for an absent key, false for a present one; never reported as missing', () => {
  assert.equal(holds({ Null: { 'bench:Rate': true } }, {}), true);
  assert.equal(holds({ Null: { 'bench:Rate': 'true' } }, { 'bench:Rate': 5 }), false);
  assert.equal(holds({ Null: { 'bench:Rate': false } }, { 'bench:Rate': 5 }), true);
  assert.equal(holds({ Null: { 'bench:Rate': false } }, {}), false);
  assert.equal(holds({ Null: { 'tunechat:Groups': true } }, { 'tunechat:Groups': [] }), true, 'an empty set counts as absent');
  assert.deepEqual(evaluateCondition({ Null: { 'bench:Rate': true } }, {}).missing, []);
});

test('context keys are case-insensitive', () => {
  assert.equal(holds({ NumericLessThanEquals: { 'optimizer:Trials': 200 } }, { 'OPTIMIZER:trials': 100 }), true);
  assert.equal(holds({ NumericLessThanEquals: { 'OPTIMIZER:TRIALS': 200 } }, { 'optimizer:Trials': 300 }), false);
});

test('several values of one key are ORed; several keys and operators are ANDed', () => {
  const block: ConditionBlock = { StringEquals: { 'tunechat:Source': ['web', 'cli'], 'optimizer:Sampler': 'tpe' }, NumericLessThanEquals: { 'optimizer:Trials': 200 } };
  assert.equal(holds(block, { 'tunechat:Source': 'cli', 'optimizer:Sampler': 'tpe', 'optimizer:Trials': 10 }), true);
  assert.equal(holds(block, { 'tunechat:Source': 'web', 'optimizer:Sampler': 'tpe', 'optimizer:Trials': 10 }), true);
  assert.equal(holds(block, { 'tunechat:Source': 'slack', 'optimizer:Sampler': 'tpe', 'optimizer:Trials': 10 }), false);
  assert.equal(holds(block, { 'tunechat:Source': 'web', 'optimizer:Sampler': 'random', 'optimizer:Trials': 10 }), false);
  assert.equal(holds(block, { 'tunechat:Source': 'web', 'optimizer:Sampler': 'tpe', 'optimizer:Trials': 500 }), false);
});

test('negated operators over several values are a NOR', () => {
  const block: ConditionBlock = { StringNotEquals: { 'tunechat:Source': ['slack', 'replay'] } };
  assert.equal(holds(block, { 'tunechat:Source': 'web' }), true);
  assert.equal(holds(block, { 'tunechat:Source': 'slack' }), false);
  assert.equal(holds(block, { 'tunechat:Source': 'replay' }), false);
  assert.equal(holds({ NumericNotEquals: { n: [1, 2] } }, { n: 2 }), false);
  assert.equal(holds({ NotIpAddress: { ip: ['10.0.0.0/8', '192.168.0.0/16'] } }, { ip: '192.168.1.1' }), false);
  assert.equal(holds({ NotIpAddress: { ip: ['10.0.0.0/8', '192.168.0.0/16'] } }, { ip: '172.16.0.1' }), true);
});

test('missing keys are all reported, also after a false entry', () => {
  const result = evaluateCondition({ StringEquals: { a: 'x' }, NumericLessThan: { b: 1 }, Bool: { c: true } }, { a: 'y' });
  assert.equal(result.matches, false);
  assert.deepEqual(result.missing, ['b', 'c']);
});

test('a value of the wrong type never matches, not even a negated operator', () => {
  assert.equal(holds({ NumericLessThan: { n: 10 } }, { n: 'abc' }), false);
  assert.equal(holds({ NumericNotEquals: { n: 10 } }, { n: 'abc' }), false);
  assert.equal(holds({ NumericLessThan: { n: 10 } }, { n: true }), false);
  assert.equal(holds({ NumericLessThan: { n: 10 } }, { n: ' 5 ' }), true, 'numeric strings count');
  assert.equal(holds({ DateLessThan: { d: '2026-01-01' } }, { d: 'yesterday' }), false);
  assert.equal(holds({ Bool: { b: true } }, { b: 'yes' }), false);
  assert.equal(holds({ IpAddress: { ip: '10.0.0.0/8' } }, { ip: '10.0.0' }), false);
  assert.equal(holds({ NotIpAddress: { ip: '10.0.0.0/8' } }, { ip: 'not-an-ip' }), false);
  assert.equal(holds({ NumericLessThan: { n: 'ten' } }, { n: 5 }), false, 'a non-numeric policy value matches nothing');
});

test('dates: ISO 8601 and epoch seconds on both sides; a time without a zone is UTC', () => {
  assert.equal(holds({ DateEquals: { 'tunechat:CurrentTime': 1767225600 } }, { 'tunechat:CurrentTime': '2026-01-01T00:00:00Z' }), true);
  assert.equal(holds({ DateEquals: { 'tunechat:CurrentTime': '1767225600' } }, { 'tunechat:CurrentTime': 1767225600 }), true);
  assert.equal(holds({ DateEquals: { t: '2026-01-01T00:00:00' } }, { t: '2026-01-01T00:00:00Z' }), true);
  assert.equal(holds({ DateEquals: { t: '2026-01-01T02:00:00+0200' } }, { t: '2026-01-01T00:00:00.000Z' }), true);
  assert.equal(holds({ DateLessThan: { 'tunechat:EpochTime': '2026-06-01T00:00:00Z' } }, { 'tunechat:EpochTime': 1767225600 }), true);
});

test('IpAddress: IPv4 and IPv6 CIDRs, single addresses, IPv4-mapped IPv6', () => {
  const block: ConditionBlock = { IpAddress: { 'tunechat:SourceIp': ['10.0.0.0/8', '2001:db8::/32', '192.168.1.7'] } };
  assert.equal(holds(block, { 'tunechat:SourceIp': '10.255.255.255' }), true);
  assert.equal(holds(block, { 'tunechat:SourceIp': '11.0.0.0' }), false);
  assert.equal(holds(block, { 'tunechat:SourceIp': '2001:db8:1::5' }), true);
  assert.equal(holds(block, { 'tunechat:SourceIp': '2001:db9::1' }), false);
  assert.equal(holds(block, { 'tunechat:SourceIp': '192.168.1.7' }), true);
  assert.equal(holds(block, { 'tunechat:SourceIp': '192.168.1.8' }), false);
  assert.equal(holds(block, { 'tunechat:SourceIp': '::ffff:10.0.0.1' }), true);
  assert.equal(holds({ IpAddress: { ip: '::1' } }, { ip: '::1' }), true);
  assert.equal(holds({ IpAddress: { ip: '10.0.0.0/33' } }, { ip: '10.0.0.1' }), false, 'a malformed CIDR matches nothing');
});

test('ForAnyValue: one request value matching is enough; false on a missing or empty key', () => {
  const block: ConditionBlock = { 'ForAnyValue:StringEquals': { 'tunechat:Groups': ['tuners', 'admins'] } };
  assert.equal(holds(block, { 'tunechat:Groups': ['readers', 'tuners'] }), true);
  assert.equal(holds(block, { 'tunechat:Groups': ['readers'] }), false);
  assert.equal(holds(block, { 'tunechat:Groups': 'admins' }), true, 'a single value is a one-element set');
  assert.equal(holds(block, { 'tunechat:Groups': [] }), false);
  assert.equal(holds(block, {}), false);
  assert.equal(holds({ 'ForAnyValue:StringNotEquals': { g: ['a'] } }, { g: ['a', 'b'] }), true, 'b is not a');
});

test('ForAllValues: every request value must match; TRUE on a missing or empty key (the trap)', () => {
  const block: ConditionBlock = { 'ForAllValues:StringEquals': { 'tunechat:Groups': ['tuners', 'admins'] } };
  assert.equal(holds(block, { 'tunechat:Groups': ['admins', 'tuners'] }), true);
  assert.equal(holds(block, { 'tunechat:Groups': ['admins', 'readers'] }), false);
  assert.equal(holds(block, { 'tunechat:Groups': [] }), true);
  const missing = evaluateCondition(block, {});
  assert.equal(missing.matches, true);
  assert.deepEqual(missing.missing, ['tunechat:Groups']);
  assert.equal(holds({ 'ForAllValues:StringNotEquals': { g: ['a'] } }, { g: ['b', 'c'] }), true);
  assert.equal(holds({ 'ForAllValues:StringNotEquals': { g: ['a'] } }, { g: ['b', 'a'] }), false);
  assert.equal(holds({ 'ForAnyValue:StringEqualsIfExists': { g: 'a' } }, {}), true, 'IfExists wins over ForAnyValue on a missing key');
});

test('several request values without a qualifier: positive = any matches, negated = none matches', () => {
  assert.equal(holds({ StringEquals: { g: 'a' } }, { g: ['b', 'a'] }), true);
  assert.equal(holds({ StringNotEquals: { g: 'a' } }, { g: ['b', 'a'] }), false);
  assert.equal(holds({ StringNotEquals: { g: 'a' } }, { g: ['b', 'c'] }), true);
});

test('policy variables in condition values (2012-10-17), literal text with variables=false', () => {
  const block: ConditionBlock = { StringEquals: { 'tunechat:PrincipalTag/team': '${tunechat:username}' } };
  assert.equal(holds(block, { 'tunechat:username': 'alice', 'tunechat:PrincipalTag/team': 'alice' }), true);
  assert.equal(holds(block, { 'tunechat:username': 'bob', 'tunechat:PrincipalTag/team': 'alice' }), false);
  const missing = evaluateCondition(block, { 'tunechat:PrincipalTag/team': 'alice' });
  assert.equal(missing.matches, false);
  assert.deepEqual(missing.missing, ['tunechat:username']);
  assert.equal(evaluateCondition(block, { 'tunechat:PrincipalTag/team': '${tunechat:username}' }, false).matches, true);
  const like: ConditionBlock = { StringLike: { path: 'home/${tunechat:username}/*' } };
  assert.equal(holds(like, { 'tunechat:username': 'al*', path: 'home/alice/x' }), false, 'a substituted value is literal');
  assert.equal(holds(like, { 'tunechat:username': 'al*', path: 'home/al*/x' }), true);
  assert.equal(holds({ StringNotEquals: { t: '${tunechat:username}' } }, { t: 'x' }), false, 'an unresolved variable makes the condition not match');
});

test('StringLike with ? and *; BinaryEquals compares decoded bytes', () => {
  assert.equal(holds({ StringLike: { s: 'v?.*' } }, { s: 'v2.1' }), true);
  assert.equal(holds({ StringLike: { s: 'v?.*' } }, { s: 'v10.1' }), false);
  assert.equal(holds({ BinaryEquals: { b: 'YQ==' } }, { b: 'YQ' }), true);
  assert.equal(holds({ BinaryEquals: { b: 'YQ==' } }, { b: '!!' }), false);
});

test('an unknown operator is an invalid_policy error', () => {
  assert.throws(() => evaluateCondition({ StringEqualz: { a: 'b' } }, {}), (error: any) => error.code === 'invalid_policy' && error.details.issueCode === 'UNKNOWN_OPERATOR');
});
