import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeDocument, policySize } from '../../../tools/iam/normalize.ts';

const statement = { Effect: 'Allow', Action: 'optimizer:StartStudy', Resource: 'tunechat:target/xgboost' };

function rejects(document: unknown, path: string, issueCode: string): void {
  assert.throws(
    () => normalizeDocument(document),
    (error: any) => {
      assert.equal(error.code, 'invalid_policy');
      assert.equal(error.details.path, path, error.message);
      assert.equal(error.details.issueCode, issueCode, error.message);
      assert.ok(error.message.startsWith(`${path}:`), error.message);
      return true;
    },
  );
}

test('a statement object becomes a list; strings become lists; Sid null when absent', () => {
  const policy = normalizeDocument({ Version: '2012-10-17', Statement: { ...statement, Condition: { NumericLessThanEquals: { 'optimizer:Trials': 200 } } } });
  assert.deepEqual(policy, {
    version: '2012-10-17',
    statements: [{
      index: 0, sid: null, effect: 'Allow', action: ['optimizer:StartStudy'], notAction: null, resource: ['tunechat:target/xgboost'], notResource: null,
      condition: { NumericLessThanEquals: { 'optimizer:Trials': 200 } },
    }],
  });
  const list = normalizeDocument(JSON.stringify({ Version: '2008-10-17', Id: 'x', Statement: [statement, { Sid: 'D', Effect: 'Deny', NotAction: ['a:b', 'c:*'], NotResource: '*' }] }));
  assert.equal(list.version, '2008-10-17');
  assert.deepEqual(list.statements[1], { index: 1, sid: 'D', effect: 'Deny', action: null, notAction: ['a:b', 'c:*'], resource: null, notResource: ['*'], condition: null });
});

test('structural errors name their JSON path and an issue code', () => {
  rejects('{not json', '(document)', 'JSON_SYNTAX');
  rejects([], '(document)', 'INVALID_TYPE');
  rejects({ Statement: [statement] }, 'Version', 'MISSING_VERSION');
  rejects({ Version: '2020-01-01', Statement: [statement] }, 'Version', 'INVALID_VERSION');
  rejects({ Version: '2012-10-17' }, 'Statement', 'MISSING_STATEMENT');
  rejects({ Version: '2012-10-17', Statement: [] }, 'Statement', 'EMPTY_STATEMENT');
  rejects({ Version: '2012-10-17', Statement: [statement], Extra: 1 }, 'Extra', 'UNKNOWN_ELEMENT');
  rejects({ Version: '2012-10-17', Statement: [statement, 'x'] }, 'Statement[1]', 'INVALID_TYPE');
  rejects({ Version: '2012-10-17', Statement: [statement, { ...statement, Effect: 'allow' }] }, 'Statement[1].Effect', 'INVALID_EFFECT');
  rejects({ Version: '2012-10-17', Statement: { Action: 'a:b', Resource: '*' } }, 'Statement.Effect', 'MISSING_EFFECT');
  rejects({ Version: '2012-10-17', Statement: [{ ...statement, NotAction: 'a:b' }] }, 'Statement[0].NotAction', 'ACTION_AND_NOT_ACTION');
  rejects({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*' }] }, 'Statement[0].Action', 'MISSING_ACTION');
  rejects({ Version: '2012-10-17', Statement: [{ ...statement, NotResource: 'x' }] }, 'Statement[0].NotResource', 'RESOURCE_AND_NOT_RESOURCE');
  rejects({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'a:b' }] }, 'Statement[0].Resource', 'MISSING_RESOURCE');
  rejects({ Version: '2012-10-17', Statement: [{ ...statement, Principal: '*' }] }, 'Statement[0].Principal', 'UNKNOWN_ELEMENT');
  rejects({ Version: '2012-10-17', Statement: [{ ...statement, Action: ['a:b', 3] }] }, 'Statement[0].Action[1]', 'INVALID_TYPE');
  rejects({ Version: '2012-10-17', Statement: [{ ...statement, Action: [] }] }, 'Statement[0].Action', 'EMPTY_LIST');
  rejects({ Version: '2012-10-17', Statement: [{ ...statement, Resource: '' }] }, 'Statement[0].Resource', 'EMPTY_STRING');
  rejects({ Version: '2012-10-17', Statement: [{ ...statement, Sid: 5 }] }, 'Statement[0].Sid', 'INVALID_TYPE');
});

test('condition errors: operator, shape and value types, with the path down to the value', () => {
  const withCondition = (Condition: unknown) => ({ Version: '2012-10-17', Statement: [statement, { ...statement, Condition }] });
  rejects(withCondition('x'), 'Statement[1].Condition', 'INVALID_TYPE');
  rejects(withCondition({ StringEqualz: { a: 'b' } }), 'Statement[1].Condition.StringEqualz', 'UNKNOWN_OPERATOR');
  rejects(withCondition({ StringEquals: 'b' }), 'Statement[1].Condition.StringEquals', 'INVALID_TYPE');
  rejects(withCondition({ StringEquals: {} }), 'Statement[1].Condition.StringEquals', 'INVALID_TYPE');
  rejects(withCondition({ StringEquals: { a: null } }), 'Statement[1].Condition.StringEquals.a', 'INVALID_TYPE');
  rejects(withCondition({ StringEquals: { a: ['x', { y: 1 }] } }), 'Statement[1].Condition.StringEquals.a[1]', 'INVALID_TYPE');
  rejects(withCondition({ StringEquals: { a: [] } }), 'Statement[1].Condition.StringEquals.a', 'EMPTY_LIST');
  rejects(withCondition({ NullIfExists: { a: true } }), 'Statement[1].Condition.NullIfExists', 'UNKNOWN_OPERATOR');
});

test('a "__proto__" condition key stays a key', () => {
  const policy = normalizeDocument(JSON.parse('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"__proto__":"x"}}}}'));
  const block = policy.statements[0]!.condition!.StringEquals!;
  assert.deepEqual(Object.keys(block), ['__proto__']);
  assert.equal(Object.getPrototypeOf(block), Object.prototype);
});

test('size limits: too many values', () => {
  rejects({ Version: '2012-10-17', Statement: [{ ...statement, Action: Array.from({ length: 1001 }, (_, i) => `a:b${i}`) }] }, 'Statement[0].Action', 'TOO_MANY_VALUES');
});

test('policySize counts characters, not whitespace', () => {
  assert.equal(policySize('{ "a" : 1 }\n\t'), 7);
  assert.equal(policySize('é €'), 2);
  const compact = JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
  assert.equal(policySize(JSON.stringify(JSON.parse(compact), null, 2)), policySize(compact));
});
