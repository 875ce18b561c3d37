import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { hasErrors, validatePolicy, type ValidateOptions } from '../../../tools/iam/validate.ts';
import type { ActionSpec, Finding, FindingType } from '../../../tools/iam/types.ts';
import { TEST_ACTIONS, TEST_KEYS, TUNERS_POLICY } from '../../support/iam-policy-fixtures.ts';

const OPTIONS: ValidateOptions = { actions: TEST_ACTIONS, contextKeys: TEST_KEYS };

/** Every issue code the tests saw, checked against the table in validate.ts at the end. */
const seen = new Set<string>();

function validate(document: unknown, options: ValidateOptions = OPTIONS): Finding[] {
  const findings = validatePolicy(typeof document === 'string' ? document : JSON.stringify(document, null, 2), options);
  for (const finding of findings) seen.add(finding.issueCode);
  return findings;
}

const policy = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const start = (extra: Record<string, unknown> = {}) => ({ Sid: 'Start', Effect: 'Allow', Action: 'optimizer:StartStudy', Resource: 'tunechat:target/xgboost', ...extra });

/** The one finding with `code`; fails listing all findings otherwise. */
function one(findings: Finding[], code: string): Finding {
  const hits = findings.filter((f) => f.issueCode === code);
  assert.equal(hits.length, 1, `expected one ${code}, got:\n${findings.map((f) => `${f.findingType} ${f.issueCode} @${f.path}: ${f.message}`).join('\n')}`);
  return hits[0]!;
}

function expectFinding(document: unknown, code: string, type: FindingType, path: string, messageIncludes?: string | RegExp): Finding {
  const finding = one(validate(document), code);
  assert.equal(finding.findingType, type, `${code} type`);
  assert.equal(finding.path, path, `${code} path`);
  if (messageIncludes !== undefined) {
    if (typeof messageIncludes === 'string') assert.ok(finding.message.includes(messageIncludes), `${code} message: ${finding.message}`);
    else assert.match(finding.message, messageIncludes);
  }
  return finding;
}

function codes(document: unknown, options?: ValidateOptions): string[] {
  return validate(document, options).map((f) => f.issueCode);
}

describe('validatePolicy: a clean policy', () => {
  test('the issue example has no finding at all, as text and as a parsed value', () => {
    assert.deepEqual(validate(TUNERS_POLICY), []);
    assert.deepEqual(validatePolicy(TUNERS_POLICY, OPTIONS), []);
    assert.equal(hasErrors(validate(TUNERS_POLICY)), false);
  });

  test('hasErrors is true exactly when some finding is an ERROR', () => {
    assert.equal(hasErrors([]), false);
    assert.equal(hasErrors([{ findingType: 'WARNING', issueCode: 'X', message: '', path: '' }]), false);
    assert.equal(hasErrors(validate(policy(start({ Effect: 'allow' })))), true);
  });

  test('findings come ERROR first, then SECURITY_WARNING, WARNING, SUGGESTION', () => {
    const findings = validate(policy(start({ Sid: '', Action: ['optimizer:*', 'optimizer:StartStudy', 'optimizr:X'], Resource: '*' }), { Effect: 'Allow', NotAction: 'users:Add', Resource: 'arn:aws:s3:::x' }));
    const order = findings.map((f) => ['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION'].indexOf(f.findingType));
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
    assert.deepEqual(new Set(findings.map((f) => f.findingType)), new Set(['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION']));
  });
});

describe('validatePolicy: ERROR findings', () => {
  test('JSON_PARSE_ERROR gives line, column and offset', () => {
    const finding = expectFinding('{\n  "Version": "2012-10-17",\n  "Statement": [}\n}', 'JSON_PARSE_ERROR', 'ERROR', '', 'line 3, column 17 (offset 45)');
    assert.match(finding.message, /expected a value, found character "}"/);
    expectFinding('{"Version": "2012-10-17", "Statement": []', 'JSON_PARSE_ERROR', 'ERROR', '', 'end of input');
    expectFinding('[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]', 'JSON_PARSE_ERROR', 'ERROR', '', 'nesting deeper than 32');
    assert.deepEqual(codes(''), ['JSON_PARSE_ERROR']);
  });

  test('POLICY_SIZE_EXCEEDED counts characters without whitespace; a 10 MB string is refused unread', () => {
    const resources = Array.from({ length: 400 }, (_, i) => `tunechat:target/t${String(i).padStart(5, '0')}`);
    const big = policy(start({ Resource: resources }));
    const finding = expectFinding(big, 'POLICY_SIZE_EXCEEDED', 'ERROR', '', 'at most 6144');
    assert.match(finding.message, /has \d{4,} characters/);
    const small = policy(start({ Resource: resources.slice(0, 100) }));
    const padded = JSON.stringify(small, null, 40); // lots of whitespace, few characters
    assert.ok(padded.length > 6144);
    assert.deepEqual(codes(padded), []);

    const huge = ' '.repeat(10 * 1024 * 1024);
    const startedAt = process.hrtime.bigint();
    const findings = validate(huge);
    console.log(`# 10 MB string validated in ${(Number(process.hrtime.bigint() - startedAt) / 1e6).toFixed(2)} ms`);
    assert.deepEqual(findings.map((f) => f.issueCode), ['POLICY_SIZE_EXCEEDED']);
    assert.match(findings[0]!.message, /10485760 characters/);
  });

  test('DUPLICATE_KEY: a repeated key would silently drop a condition', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "optimizer:StartStudy", "Resource": "*",\n "Condition": {"NumericLessThanEquals": {"optimizer:Trials": 200}, "NumericLessThanEquals": {"optimizer:Parallel": 4}}}]}';
    expectFinding(text, 'DUPLICATE_KEY', 'ERROR', 'Statement[0].Condition.NumericLessThanEquals', 'line 2, column 68');
  });

  test('INVALID_TYPE for an element of the wrong JSON type', () => {
    expectFinding('[]', 'INVALID_TYPE', 'ERROR', '', 'got an array');
    expectFinding(policy(start({ Action: 5 })), 'INVALID_TYPE', 'ERROR', 'Statement[0].Action', 'got a number');
    expectFinding(policy(start({ Resource: ['tunechat:target/a', true] })), 'INVALID_TYPE', 'ERROR', 'Statement[0].Resource[1]');
    expectFinding({ Version: '2012-10-17', Statement: 'Allow everything' }, 'INVALID_TYPE', 'ERROR', 'Statement');
    expectFinding(policy(start({ Condition: [] })), 'INVALID_TYPE', 'ERROR', 'Statement[0].Condition');
    expectFinding(policy(start({ Condition: { StringEquals: 'slack' } })), 'INVALID_TYPE', 'ERROR', 'Statement[0].Condition.StringEquals');
    expectFinding(policy(start({ Sid: 7 })), 'INVALID_TYPE', 'ERROR', 'Statement[0].Sid');
    expectFinding(policy(42), 'INVALID_TYPE', 'ERROR', 'Statement[0]');
  });

  test('document keys: UNKNOWN_POLICY_KEY, MISSING_VERSION, INVALID_VERSION, MISSING_STATEMENT', () => {
    expectFinding({ Version: '2012-10-17', Statment: [start()] }, 'UNKNOWN_POLICY_KEY', 'ERROR', 'Statment', 'did you mean "Statement"?');
    expectFinding({ Version: '2012-10-17', Statment: [start()] }, 'MISSING_STATEMENT', 'ERROR', 'Statement');
    expectFinding({ Statement: [start()] }, 'MISSING_VERSION', 'ERROR', 'Version');
    expectFinding({ Version: '2012-10-18', Statement: [start()] }, 'INVALID_VERSION', 'ERROR', 'Version', '"2012-10-18"');
    expectFinding({ Version: 2012, Statement: [start()] }, 'INVALID_VERSION', 'ERROR', 'Version');
    assert.deepEqual(codes({ Version: '2008-10-17', Id: 'tuners', Statement: start() }), []);
  });

  test('statement keys: UNKNOWN_STATEMENT_KEY (a typo, Principal), MISSING_EFFECT, INVALID_EFFECT', () => {
    const typo = { Sid: 'Start', Efect: 'Allow', Action: 'optimizer:StartStudy', Resource: '*' };
    expectFinding(policy(typo), 'UNKNOWN_STATEMENT_KEY', 'ERROR', 'Statement[0].Efect', 'did you mean "Effect"?');
    expectFinding(policy(typo), 'MISSING_EFFECT', 'ERROR', 'Statement[0].Effect');
    expectFinding(policy(start(), start({ Sid: 'Other', Principal: '*' })), 'UNKNOWN_STATEMENT_KEY', 'ERROR', 'Statement[1].Principal', 'attach the policy');
    expectFinding(policy(start({ Effect: 'allow' })), 'INVALID_EFFECT', 'ERROR', 'Statement[0].Effect', 'case-sensitive');
    expectFinding(policy(start({ Effect: 'Permit' })), 'INVALID_EFFECT', 'ERROR', 'Statement[0].Effect', '"Permit"');
  });

  test('Action/NotAction and Resource/NotResource: exactly one of each', () => {
    expectFinding(policy(start({ NotAction: 'users:Add' })), 'ACTION_AND_NOT_ACTION', 'ERROR', 'Statement[0].NotAction');
    expectFinding(policy({ Effect: 'Deny', Resource: '*' }), 'MISSING_ACTION', 'ERROR', 'Statement[0]');
    expectFinding(policy(start({ NotResource: 'tunechat:target/b' })), 'RESOURCE_AND_NOT_RESOURCE', 'ERROR', 'Statement[0].NotResource');
    expectFinding(policy({ Effect: 'Deny', Action: 'users:Add' }), 'MISSING_RESOURCE', 'ERROR', 'Statement[0]', 'write "*"');
  });

  test('EMPTY_ARRAY for Statement, Action, Resource and condition values', () => {
    expectFinding({ Version: '2012-10-17', Statement: [] }, 'EMPTY_ARRAY', 'ERROR', 'Statement');
    expectFinding(policy(start({ Action: [] })), 'EMPTY_ARRAY', 'ERROR', 'Statement[0].Action');
    expectFinding(policy(start({ Resource: [] })), 'EMPTY_ARRAY', 'ERROR', 'Statement[0].Resource');
    expectFinding(policy(start({ Condition: { StringEquals: { 'tunechat:Source': [] } } })), 'EMPTY_ARRAY', 'ERROR', 'Statement[0].Condition.StringEquals.tunechat:Source');
  });

  test('what the policy engine cannot load: EMPTY_OPERATOR, INVALID_CONDITION_KEY, EMPTY_STRING, STRING_TOO_LONG, TOO_MANY_VALUES', () => {
    expectFinding(policy(start({ Condition: { StringEquals: {} } })), 'EMPTY_OPERATOR', 'ERROR', 'Statement[0].Condition.StringEquals');
    expectFinding(policy(start({ Condition: { StringEquals: { '': 'web' } } })), 'INVALID_CONDITION_KEY', 'ERROR', 'Statement[0].Condition.StringEquals.');
    expectFinding(policy(start({ Resource: ['tunechat:target/a', ''] })), 'EMPTY_STRING', 'ERROR', 'Statement[0].Resource[1]');
    expectFinding(policy(start({ Resource: `tunechat:target/${'x'.repeat(2100)}` })), 'STRING_TOO_LONG', 'ERROR', 'Statement[0].Resource', '2116 characters; at most 2048');
    expectFinding(policy(start({ Sid: 'S'.repeat(2049) })), 'STRING_TOO_LONG', 'ERROR', 'Statement[0].Sid');
    expectFinding(policy(start({ Condition: { StringEquals: { 'optimizer:Sampler': 'x'.repeat(2049) } } })), 'STRING_TOO_LONG', 'ERROR', 'Statement[0].Condition.StringEquals.optimizer:Sampler');
    expectFinding(policy(start({ Condition: { NumericEquals: { 'optimizer:Trials': Array.from({ length: 1001 }, () => 1) } } })), 'TOO_MANY_VALUES', 'ERROR', 'Statement[0].Condition.NumericEquals.optimizer:Trials', '1001 values');
    expectFinding(policy(start({ Resource: Array.from({ length: 1001 }, () => '*') })), 'TOO_MANY_VALUES', 'ERROR', 'Statement[0].Resource');
  });

  test('Sid: INVALID_SID, DUPLICATE_SID', () => {
    expectFinding(policy(start({ Sid: 'start-studies' })), 'INVALID_SID', 'ERROR', 'Statement[0].Sid', '"start-studies"');
    expectFinding(policy(start(), start({ Resource: 'tunechat:target/b' })), 'DUPLICATE_SID', 'ERROR', 'Statement[1].Sid', 'Statement[0]');
  });

  test('actions: INVALID_ACTION, UNKNOWN_SERVICE, UNKNOWN_ACTION; wildcards that match something are fine', () => {
    expectFinding(policy(start({ Action: 'StartStudy' })), 'INVALID_ACTION', 'ERROR', 'Statement[0].Action');
    expectFinding(policy(start({ Action: ['optimizer:StartStudy', 'optimizr:*'] })), 'UNKNOWN_SERVICE', 'ERROR', 'Statement[0].Action[1]', 'did you mean "optimizer"?');
    expectFinding(policy(start({ Action: 'optimizer:StratStudy' })), 'UNKNOWN_ACTION', 'ERROR', 'Statement[0].Action', 'did you mean "optimizer:StartStudy"?');
    expectFinding(policy(start({ Action: 'optimizer:Zap*' })), 'UNKNOWN_ACTION', 'ERROR', 'Statement[0].Action');
    expectFinding(policy({ Effect: 'Deny', NotAction: 'sessions:Raed', Resource: '*' }), 'UNKNOWN_ACTION', 'ERROR', 'Statement[0].NotAction');
    for (const ok of ['*', 'optimizer:*', 'OPTIMIZER:startstudy', 'optimizer:Start?tudy', '*:Read*', 'optim*']) {
      assert.equal(hasErrors(validate(policy(start({ Action: ok, Resource: '*' })))), false, ok);
    }
  });

  test('UNKNOWN_OPERATOR, with a hint', () => {
    expectFinding(policy(start({ Condition: { NumericLessThen: { 'optimizer:Trials': 200 } } })), 'UNKNOWN_OPERATOR', 'ERROR', 'Statement[0].Condition.NumericLessThen', 'did you mean "NumericLessThan"?');
    expectFinding(policy(start({ Condition: { NullIfExists: { 'bench:Rate': true } } })), 'UNKNOWN_OPERATOR', 'ERROR', 'Statement[0].Condition.NullIfExists', 'Null takes neither');
    expectFinding(policy(start({ Condition: { 'ForSomeValues:StringEquals': { 'tunechat:Groups': 'a' } } })), 'UNKNOWN_OPERATOR', 'ERROR', 'Statement[0].Condition.ForSomeValues:StringEquals', 'prefixes');
    expectFinding(policy(start({ Condition: { stringEquals: { 'tunechat:Source': 'web' } } })), 'UNKNOWN_OPERATOR', 'ERROR', 'Statement[0].Condition.stringEquals', 'case-sensitive');
  });

  test('INVALID_CONDITION_VALUE for objects, nested lists and null', () => {
    expectFinding(policy(start({ Condition: { StringEquals: { 'tunechat:Source': { web: true } } } })), 'INVALID_CONDITION_VALUE', 'ERROR', 'Statement[0].Condition.StringEquals.tunechat:Source');
    expectFinding(policy(start({ Condition: { StringEquals: { 'tunechat:Source': ['web', ['cli']] } } })), 'INVALID_CONDITION_VALUE', 'ERROR', 'Statement[0].Condition.StringEquals.tunechat:Source[1]');
    expectFinding(policy(start({ Condition: { StringEquals: { 'tunechat:Source': null } } })), 'INVALID_CONDITION_VALUE', 'ERROR', 'Statement[0].Condition.StringEquals.tunechat:Source');
  });

  test('value syntax by operator: INVALID_CIDR, INVALID_DATE, INVALID_NUMBER, INVALID_BOOLEAN, INVALID_NULL_VALUE, INVALID_BINARY', () => {
    const http = (condition: unknown) => policy({ Sid: 'Load', Effect: 'Allow', Action: 'bench:RunHttp', Resource: 'tunechat:host/*', Condition: condition });
    expectFinding(http({ IpAddress: { 'bench:TargetIp': ['10.0.0.0/8', '10.0.0.0/33'] } }), 'INVALID_CIDR', 'ERROR', 'Statement[0].Condition.IpAddress.bench:TargetIp[1]', '"10.0.0.0/33"');
    expectFinding(http({ NotIpAddress: { 'bench:TargetIp': '300.1.2.3' } }), 'INVALID_CIDR', 'ERROR', 'Statement[0].Condition.NotIpAddress.bench:TargetIp');
    for (const ok of ['10.0.0.5', '10.0.0.0/8', '::1', '2001:db8::/32', '0.0.0.0/0']) assert.deepEqual(codes(http({ IpAddress: { 'bench:TargetIp': ok } })), [], ok);
    expectFinding(http({ DateLessThan: { 'tunechat:CurrentTime': '2026-13-01T00:00:00Z' } }), 'INVALID_DATE', 'ERROR', 'Statement[0].Condition.DateLessThan.tunechat:CurrentTime');
    expectFinding(http({ DateGreaterThan: { 'tunechat:CurrentTime': ['2026-01-01', 'tomorrow'] } }), 'INVALID_DATE', 'ERROR', 'Statement[0].Condition.DateGreaterThan.tunechat:CurrentTime[1]', '"tomorrow"');
    for (const ok of ['2026-12-31T23:59:59Z', '2026-12-31', '2026-12-31T23:59:59+02:00', 1798761599, '1798761599']) {
      assert.deepEqual(codes(http({ DateLessThan: { 'tunechat:CurrentTime': ok } })), [], String(ok));
    }
    expectFinding(http({ NumericLessThanEquals: { 'bench:DurationSeconds': 'sixty' } }), 'INVALID_NUMBER', 'ERROR', 'Statement[0].Condition.NumericLessThanEquals.bench:DurationSeconds', '"sixty"');
    assert.deepEqual(codes(http({ NumericLessThanEquals: { 'bench:DurationSeconds': ['60', 1.5e2] } })), []);
    expectFinding(http({ Bool: { 'bench:HostAllowed': 'yes' } }), 'INVALID_BOOLEAN', 'ERROR', 'Statement[0].Condition.Bool.bench:HostAllowed');
    assert.deepEqual(codes(http({ Bool: { 'bench:HostAllowed': ['true', false] } })), []);
    expectFinding(http({ Null: { 'bench:Rate': 'maybe' } }), 'INVALID_NULL_VALUE', 'ERROR', 'Statement[0].Condition.Null.bench:Rate', '"maybe"');
    expectFinding(http({ BinaryEquals: { 'bench:TargetHost': 'not base64!' } }), 'INVALID_BINARY', 'ERROR', 'Statement[0].Condition.BinaryEquals.bench:TargetHost');
  });

  test('UNKNOWN_POLICY_VARIABLE (2012-10-17) and POLICY_VARIABLE_WITH_OLD_VERSION (2008-10-17, a WARNING)', () => {
    const own = { Sid: 'Own', Effect: 'Allow', Action: 'sessions:Read', Resource: 'tunechat:session/${tunechat:usrname}-*' };
    expectFinding(policy(own), 'UNKNOWN_POLICY_VARIABLE', 'ERROR', 'Statement[0].Resource', 'did you mean ${tunechat:Username}?');
    const inCondition = start({ Condition: { StringEquals: { 'optimizer:Sampler': ['tpe', '${tunechat:Sampler}'] } } });
    expectFinding(policy(inCondition), 'UNKNOWN_POLICY_VARIABLE', 'ERROR', 'Statement[0].Condition.StringEquals.optimizer:Sampler[1]');
    const old = { Version: '2008-10-17', Statement: [{ ...own, Resource: 'tunechat:session/${tunechat:username}' }] };
    expectFinding(old, 'POLICY_VARIABLE_WITH_OLD_VERSION', 'WARNING', 'Statement[0].Resource', 'literal text');
    assert.equal(hasErrors(validate(old)), false);
    for (const ok of ['tunechat:session/${tunechat:username}', 'tunechat:session/${tunechat:PrincipalTag/team}-*', "tunechat:session/${tunechat:Username, 'nobody'}", 'tunechat:session/${*}x', 'tunechat:session/${not a variable}']) {
      assert.deepEqual(codes(policy({ ...own, Resource: ok })), [], ok);
    }
  });

  test('INTERNAL_ERROR: a broken catalog gives a finding, never a throw', () => {
    const broken = { actions: [{ action: 'x:y' } as unknown as ActionSpec], contextKeys: TEST_KEYS };
    const findings = validate(TUNERS_POLICY, broken);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.issueCode, 'INTERNAL_ERROR');
    assert.equal(hasErrors(findings), true);
  });

  test('a parsed value that is not JSON data', () => {
    const cyclic: Record<string, unknown> = { Version: '2012-10-17' };
    cyclic.Statement = cyclic;
    assert.deepEqual(validatePolicy(cyclic, OPTIONS).map((f) => f.issueCode), ['INVALID_TYPE']);
    assert.deepEqual(validatePolicy(undefined, OPTIONS).map((f) => f.issueCode), ['INVALID_TYPE']);
    assert.deepEqual(validatePolicy(10n, OPTIONS).map((f) => f.issueCode), ['INVALID_TYPE']);
  });
});

describe('validatePolicy: SECURITY_WARNING findings', () => {
  test('ALLOW_WITH_NOT_ACTION and ALLOW_WITH_NOT_RESOURCE (not for Deny)', () => {
    expectFinding(policy({ Effect: 'Allow', NotAction: 'users:*', Resource: 'tunechat:target/*' }), 'ALLOW_WITH_NOT_ACTION', 'SECURITY_WARNING', 'Statement[0].NotAction');
    expectFinding(policy(start({ Resource: undefined, NotResource: 'tunechat:target/prod-*' })), 'ALLOW_WITH_NOT_RESOURCE', 'SECURITY_WARNING', 'Statement[0].NotResource');
    assert.deepEqual(codes(policy({ Effect: 'Deny', NotAction: 'sessions:Read', NotResource: 'tunechat:session/*' })), []);
  });

  test('ALLOW_RUN_COMMAND_ANYWHERE: anything matching bench:RunCommand on every command, without a condition', () => {
    for (const [act, resource] of [['*', '*'], ['bench:*', '*'], ['bench:Run*', 'tunechat:*'], ['bench:RunCommand', 'tunechat:command/*']] as const) {
      expectFinding(policy({ Effect: 'Allow', Action: act, Resource: resource }), 'ALLOW_RUN_COMMAND_ANYWHERE', 'SECURITY_WARNING', 'Statement[0].Action');
    }
    expectFinding(policy({ Effect: 'Allow', Action: ['optimizer:StartStudy', 'bench:RunCommand'], NotResource: 'tunechat:target/*' }), 'ALLOW_RUN_COMMAND_ANYWHERE', 'SECURITY_WARNING', 'Statement[0].Action');
    const safe = [
      { Effect: 'Allow', Action: 'bench:RunCommand', Resource: 'tunechat:command/python3' },
      { Effect: 'Allow', Action: 'bench:RunCommand', Resource: '*', Condition: { StringEquals: { 'bench:CommandOrigin': 'registered' } } },
      { Effect: 'Allow', Action: 'bench:RunCommand', Resource: 'tunechat:command/${tunechat:username}' },
      { Effect: 'Deny', Action: '*', Resource: '*' },
      { Effect: 'Allow', Action: 'bench:RunHttp', Resource: '*' },
    ];
    for (const statement of safe) assert.ok(!codes(policy(statement)).includes('ALLOW_RUN_COMMAND_ANYWHERE'), JSON.stringify(statement));
  });

  test('PERMISSIONS_MANAGEMENT_WILDCARD: policies:Put / users:* on every resource', () => {
    expectFinding(policy({ Effect: 'Allow', Action: 'policies:Put', Resource: '*' }), 'PERMISSIONS_MANAGEMENT_WILDCARD', 'SECURITY_WARNING', 'Statement[0].Action', '(policies:Put) on every resource with no Condition: its holder can change who may do what, up to granting themselves anything');
    expectFinding(policy({ Effect: 'Allow', Action: ['sessions:Read', 'users:*'], Resource: ['tunechat:session/*', 'tunechat:user/*'] }), 'PERMISSIONS_MANAGEMENT_WILDCARD', 'SECURITY_WARNING', 'Statement[0].Action', 'users:Add');
    assert.deepEqual(codes(policy({ Effect: 'Allow', Action: 'policies:Put', Resource: 'tunechat:policy/team-*' })), []);
    assert.deepEqual(codes(policy({ Effect: 'Allow', Action: 'policies:*', Resource: '*', Condition: { StringEquals: { 'tunechat:PrincipalType': 'operator' } } })), []);
  });

  test('ALLOW_FOR_ALL_VALUES_MISSING_KEY: ForAllValues in an Allow, unless a Null condition requires the key', () => {
    const groups = { 'ForAllValues:StringEquals': { 'tunechat:Groups': ['tuners', 'admins'] } };
    expectFinding(policy(start({ Condition: groups })), 'ALLOW_FOR_ALL_VALUES_MISSING_KEY', 'SECURITY_WARNING', 'Statement[0].Condition.ForAllValues:StringEquals', 'Null');
    assert.deepEqual(codes(policy(start({ Condition: { ...groups, Null: { 'tunechat:groups': 'false' } } }))), []);
    assert.deepEqual(codes(policy(start({ Effect: 'Deny', Condition: groups }))), []);
    assert.deepEqual(codes(policy(start({ Condition: { 'ForAnyValue:StringEquals': { 'tunechat:Groups': 'tuners' } } }))), []);
  });
});

describe('validatePolicy: WARNING findings', () => {
  test('set operators: SET_OPERATOR_ON_SINGLE_VALUED_KEY, MISSING_SET_OPERATOR', () => {
    expectFinding(policy(start({ Condition: { 'ForAnyValue:StringEquals': { 'tunechat:Source': 'web' } } })), 'SET_OPERATOR_ON_SINGLE_VALUED_KEY', 'WARNING', 'Statement[0].Condition.ForAnyValue:StringEquals', 'write StringEquals');
    expectFinding(policy(start({ Condition: { StringEquals: { 'tunechat:Groups': 'tuners' } } })), 'MISSING_SET_OPERATOR', 'WARNING', 'Statement[0].Condition.StringEquals');
    assert.deepEqual(codes(policy(start({ Condition: { Null: { 'tunechat:Groups': 'false' } } }))), []);
  });

  test('UNKNOWN_CONDITION_KEY (a typo) and CONDITION_KEY_NOT_SET_BY_ACTIONS', () => {
    expectFinding(policy(start({ Condition: { NumericLessThanEquals: { 'optimizer:Trails': 200 } } })), 'UNKNOWN_CONDITION_KEY', 'WARNING', 'Statement[0].Condition.NumericLessThanEquals.optimizer:Trails', 'did you mean "optimizer:Trials"?');
    const http = { Sid: 'Load', Effect: 'Allow', Action: 'bench:RunHttp', Resource: '*', Condition: { NumericLessThanEquals: { 'optimizer:Trials': 200 } } };
    expectFinding(policy(http), 'CONDITION_KEY_NOT_SET_BY_ACTIONS', 'WARNING', 'Statement[0].Condition.NumericLessThanEquals.optimizer:Trials', 'this Allow never applies');
    expectFinding(policy({ ...http, Effect: 'Deny' }), 'CONDITION_KEY_NOT_SET_BY_ACTIONS', 'WARNING', 'Statement[0].Condition.NumericLessThanEquals.optimizer:Trials', 'this Deny never applies');
    expectFinding(policy({ ...http, Condition: { NumericGreaterThanIfExists: { 'optimizer:Trials': 200 } } }), 'CONDITION_KEY_NOT_SET_BY_ACTIONS', 'WARNING', 'Statement[0].Condition.NumericGreaterThanIfExists.optimizer:Trials', 'constrains nothing');
    // As conditions.ts decides for a missing key: ForAnyValue is false even when negated; ForAllValues is true.
    expectFinding(policy({ ...http, Condition: { 'ForAnyValue:StringNotEquals': { 'optimizer:Objectives': 'loss' } } }), 'CONDITION_KEY_NOT_SET_BY_ACTIONS', 'WARNING', 'Statement[0].Condition.ForAnyValue:StringNotEquals.optimizer:Objectives', 'this Allow never applies');
    expectFinding(policy({ ...http, Effect: 'Deny', Condition: { 'ForAllValues:StringEquals': { 'optimizer:Objectives': 'loss' } } }), 'CONDITION_KEY_NOT_SET_BY_ACTIONS', 'WARNING', 'Statement[0].Condition.ForAllValues:StringEquals.optimizer:Objectives', 'constrains nothing');
    // Keys are case-insensitive; a key set by one of several actions is fine; global keys fit every action.
    assert.deepEqual(codes(policy(start({ Action: ['optimizer:StartStudy', 'optimizer:ReadStudy'], Resource: '*', Condition: { NumericLessThanEquals: { 'OPTIMIZER:trials': 200 } } }))), []);
    assert.deepEqual(codes(policy({ ...http, Condition: { StringEquals: { 'tunechat:PrincipalTag/team': 'ml' } } })), []);
  });

  test('CONDITION_TYPE_MISMATCH', () => {
    expectFinding(policy(start({ Condition: { NumericLessThan: { 'tunechat:Source': 5 } } })), 'CONDITION_TYPE_MISMATCH', 'WARNING', 'Statement[0].Condition.NumericLessThan.tunechat:Source', 'is String but NumericLessThan reads the values as Numeric');
    expectFinding(policy(start({ Condition: { StringEquals: { 'optimizer:Trials': '60' } } })), 'CONDITION_TYPE_MISMATCH', 'WARNING', 'Statement[0].Condition.StringEquals.optimizer:Trials', 'use a Numeric operator');
    assert.deepEqual(codes(policy(start({ Condition: { NumericLessThan: { 'tunechat:EpochTime': 1798761599 }, DateLessThan: { 'tunechat:EpochTime': 1798761599 } } }))), []);
  });

  test('CONDITION_NEVER_HOLDS: contradicting conditions on one key', () => {
    expectFinding(policy(start({ Condition: { NumericLessThan: { 'optimizer:Trials': 5 }, NumericGreaterThan: { 'optimizer:Trials': 10 } } })), 'CONDITION_NEVER_HOLDS', 'WARNING', 'Statement[0].Condition.NumericGreaterThan.optimizer:Trials', 'this Allow never applies');
    const deny = { Sid: 'NoSlack', Effect: 'Deny', Action: 'bench:RunCommand', Resource: '*' };
    expectFinding(policy({ ...deny, Condition: { StringEquals: { 'tunechat:Source': 'slack' }, StringNotEquals: { 'tunechat:Source': 'slack' } } }), 'CONDITION_NEVER_HOLDS', 'WARNING', 'Statement[0].Condition.StringNotEquals.tunechat:Source', 'this Deny never applies');
    expectFinding(policy({ ...deny, Condition: { Null: { 'bench:CommandOrigin': 'true' }, StringEquals: { 'bench:CommandOrigin': 'typed' } } }), 'CONDITION_NEVER_HOLDS', 'WARNING', 'Statement[0].Condition.StringEquals.bench:CommandOrigin', 'Null true');
    expectFinding(policy({ ...deny, Condition: { DateGreaterThan: { 'tunechat:CurrentTime': '2027-01-01' }, DateLessThan: { 'tunechat:CurrentTime': '2026-06-01T00:00:00Z' } } }), 'CONDITION_NEVER_HOLDS', 'WARNING', 'Statement[0].Condition.DateLessThan.tunechat:CurrentTime');
    expectFinding(policy(start({ Condition: { NumericEquals: { 'optimizer:Trials': [1, 2] }, NumericGreaterThanEquals: { 'optimizer:Trials': 3 } } })), 'CONDITION_NEVER_HOLDS', 'WARNING', 'Statement[0].Condition.NumericGreaterThanEquals.optimizer:Trials');
    const fine = [
      { NumericLessThan: { 'optimizer:Trials': 10 }, NumericGreaterThan: { 'optimizer:Trials': 5 } },
      { NumericLessThanEquals: { 'optimizer:Trials': 5 }, NumericGreaterThanEquals: { 'optimizer:Trials': 5 } },
      { NumericLessThan: { 'optimizer:Trials': [5, 20] }, NumericGreaterThan: { 'optimizer:Trials': 10 } },
      // Both IfExists: a request without the key satisfies both.
      { NumericLessThanIfExists: { 'optimizer:Trials': 5 }, NumericGreaterThanIfExists: { 'optimizer:Trials': 10 } },
      { StringEquals: { 'optimizer:Sampler': ['tpe', 'gp'] }, StringNotEquals: { 'optimizer:Sampler': 'tpe' } },
      // A variable's value is known per request only.
      { StringEquals: { 'tunechat:Username': '${tunechat:PrincipalTag/owner}' }, StringNotEquals: { 'tunechat:Username': '${tunechat:PrincipalTag/owner}' } },
    ];
    // A negated operator's values are NORed: NumericNotEquals [1, 2] excludes both.
    expectFinding(policy(start({ Condition: { NumericEquals: { 'optimizer:Trials': [1, 2] }, NumericNotEquals: { 'optimizer:Trials': [2, 1] } } })), 'CONDITION_NEVER_HOLDS', 'WARNING', 'Statement[0].Condition.NumericNotEquals.optimizer:Trials');
    for (const condition of fine) assert.deepEqual(codes(policy(start({ Condition: condition }))), [], JSON.stringify(condition));
    // One plain operator makes the key required, so the IfExists bound binds too.
    assert.ok(codes(policy(start({ Condition: { NumericLessThan: { 'optimizer:Trials': 5 }, NumericGreaterThanIfExists: { 'optimizer:Trials': 10 } } }))).includes('CONDITION_NEVER_HOLDS'));
  });

  test('EMPTY_CONDITION', () => {
    expectFinding(policy(start({ Condition: {} })), 'EMPTY_CONDITION', 'WARNING', 'Statement[0].Condition');
  });

  test('resources: RESOURCE_OUTSIDE_TUNECHAT, STATEMENT_NEVER_MATCHES, RESOURCE_NEVER_MATCHES', () => {
    expectFinding(policy(start({ Resource: 'arn:aws:s3:::bucket/*' })), 'RESOURCE_OUTSIDE_TUNECHAT', 'WARNING', 'Statement[0].Resource', '"arn:aws:s3:::bucket/*"');
    expectFinding(policy(start({ Resource: ['tunechat:target/a', 'Tunechat:target/b'] })), 'RESOURCE_OUTSIDE_TUNECHAT', 'WARNING', 'Statement[0].Resource[1]');
    expectFinding(policy(start({ Resource: 'tunechat:host/*' })), 'STATEMENT_NEVER_MATCHES', 'WARNING', 'Statement[0].Resource', 'tunechat:target/${TargetName}');
    expectFinding(policy(start({ Resource: ['tunechat:target/xgboost', 'tunechat:host/*'] })), 'RESOURCE_NEVER_MATCHES', 'WARNING', 'Statement[0].Resource[1]');
    for (const ok of ['*', 'tunechat:*', 'tunechat:target/*', '*xgboost', 'tunechat:t?rget/x', 'tunechat:target/${tunechat:username}']) {
      assert.deepEqual(codes(policy(start({ Resource: ok }))), [], ok);
    }
    assert.deepEqual(codes(policy({ Effect: 'Allow', Action: 'policies:Read', Resource: '*' })), []);
  });
});

describe('validatePolicy: SUGGESTION findings', () => {
  test('REDUNDANT_STATEMENT: covered by an unconditioned statement of the same Effect', () => {
    const broad = { Sid: 'All', Effect: 'Allow', Action: 'optimizer:*', Resource: 'tunechat:target/*' };
    const narrow = start({ Condition: { NumericLessThanEquals: { 'optimizer:Trials': 200 } } });
    expectFinding(policy(broad, narrow), 'REDUNDANT_STATEMENT', 'SUGGESTION', 'Statement[1]', 'Statement[0] (Sid All)');
    expectFinding(policy(narrow, broad), 'REDUNDANT_STATEMENT', 'SUGGESTION', 'Statement[0]');
    // Identical statements: only the later one is reported.
    expectFinding(policy(start(), start({ Sid: 'Again' })), 'REDUNDANT_STATEMENT', 'SUGGESTION', 'Statement[1]');
    assert.deepEqual(codes(policy({ ...broad, Effect: 'Deny' }, narrow)), []);
    assert.deepEqual(codes(policy({ ...broad, Condition: { StringEquals: { 'tunechat:Source': 'web' } } }, narrow)), []);
    assert.deepEqual(codes(policy(broad, start({ Resource: 'tunechat:study/*', Action: 'optimizer:ReadStudy', Sid: 'Read' }))), []);
  });

  test('DUPLICATE_ACTION, REDUNDANT_ACTION, DUPLICATE_RESOURCE, REDUNDANT_RESOURCE', () => {
    expectFinding(policy(start({ Action: ['optimizer:StartStudy', 'optimizer:startstudy'] })), 'DUPLICATE_ACTION', 'SUGGESTION', 'Statement[0].Action[1]', 'Statement[0].Action[0]');
    expectFinding(policy(start({ Action: ['optimizer:*', 'optimizer:StartStudy'], Resource: '*' })), 'REDUNDANT_ACTION', 'SUGGESTION', 'Statement[0].Action[1]', '"optimizer:*"');
    expectFinding(policy(start({ Resource: ['tunechat:target/a', 'tunechat:target/a'] })), 'DUPLICATE_RESOURCE', 'SUGGESTION', 'Statement[0].Resource[1]');
    expectFinding(policy(start({ Resource: ['tunechat:target/xgb-1', 'tunechat:target/xgb-*'] })), 'REDUNDANT_RESOURCE', 'SUGGESTION', 'Statement[0].Resource[0]');
    // Resources are case-sensitive; a one-element list is not worth a finding.
    assert.deepEqual(codes(policy(start({ Resource: ['tunechat:target/A', 'tunechat:target/a'] }))), []);
    assert.deepEqual(codes(policy(start({ Action: ['optimizer:StartStudy'] }))), []);
  });

  test('EMPTY_SID', () => {
    expectFinding(policy(start({ Sid: '' })), 'EMPTY_SID', 'SUGGESTION', 'Statement[0].Sid');
  });
});

describe('the issue-code table', () => {
  after(() => {
    const source = readFileSync(new URL('../../../tools/iam/validate.ts', import.meta.url), 'utf8');
    const table = [...source.matchAll(/^ \* \| ([A-Z_]+) \| (ERROR|SECURITY_WARNING|WARNING|SUGGESTION) \|/gm)].map((m) => m[1]!);
    assert.ok(table.length >= 50, `table has ${table.length} rows`);
    assert.deepEqual([...seen].filter((code) => !table.includes(code)), [], 'codes emitted but not documented');
    // UNLOADABLE_POLICY is the safety net behind every other check: no known input reaches it (the fuzz test asserts so).
    assert.deepEqual(table.filter((code) => !seen.has(code) && code !== 'UNLOADABLE_POLICY'), [], 'documented codes no test produced');
  });
  test('every code is documented and tested (checked after all tests)', () => {
    assert.ok(seen.size > 0);
  });
});
