import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContextView, parseTemplate, substituteVariables } from '../../../tools/iam/variables.ts';

test('a variable is replaced from the context, keys case-insensitively', () => {
  const result = substituteVariables('tunechat:session/${tunechat:username}/*', { 'tunechat:Username': 'alice' });
  assert.equal(result.value, 'tunechat:session/alice/*');
  assert.deepEqual(result.missing, []);
  assert.deepEqual(result.parts, [{ wild: 'tunechat:session/' }, { literal: 'alice' }, { wild: '/*' }]);
});

test('a missing key: no value, the key reported as missing', () => {
  const result = substituteVariables('tunechat:session/${tunechat:username}', { 'tunechat:Source': 'web' });
  assert.equal(result.value, null);
  assert.equal(result.parts, null);
  assert.deepEqual(result.missing, ['tunechat:username']);
});

test("a default value is used when the key is missing: ${key, 'none'}", () => {
  assert.equal(substituteVariables("x/${tunechat:username, 'none'}", {}).value, 'x/none');
  assert.equal(substituteVariables("x/${tunechat:username,'none'}", { 'tunechat:username': 'bob' }).value, 'x/bob');
  assert.deepEqual(substituteVariables("x/${tunechat:username, 'none'}", {}).missing, []);
});

test('escapes ${*} ${?} ${$} are literal characters', () => {
  const result = substituteVariables('a${*}b${?}c${$}d', {});
  assert.equal(result.value, 'a*b?c$d');
  assert.deepEqual(result.parts, [{ wild: 'a' }, { literal: '*' }, { wild: 'b' }, { literal: '?' }, { wild: 'c' }, { literal: '$' }, { wild: 'd' }]);
});

test('Version 2008-10-17: variables are literal text', () => {
  const result = substituteVariables('tunechat:session/${tunechat:username}', { 'tunechat:username': 'alice' }, { version: '2008-10-17' });
  assert.equal(result.value, 'tunechat:session/${tunechat:username}');
  assert.deepEqual(result.missing, []);
});

test('numbers and booleans become text; a multi-valued key does not resolve', () => {
  assert.equal(substituteVariables('${optimizer:Trials}', { 'optimizer:Trials': 200 }).value, '200');
  assert.equal(substituteVariables('${bench:HostAllowed}', { 'bench:HostAllowed': true }).value, 'true');
  assert.equal(substituteVariables('${tunechat:Groups}', { 'tunechat:Groups': ['a'] }).value, 'a');
  assert.equal(substituteVariables('${tunechat:Groups}', { 'tunechat:Groups': ['a', 'b'] }).value, null);
});

test('an unterminated or malformed ${ is kept as text', () => {
  assert.equal(substituteVariables('a${b', {}).value, 'a${b');
  assert.equal(substituteVariables('a${b c}', {}).value, 'a${b c}');
  assert.equal(parseTemplate('plain', true).hasVariables, false);
});

test('ContextView: exact spelling first, then a lower-cased map; prototype names are not keys', () => {
  const view = new ContextView({ 'Optimizer:Trials': 5 });
  assert.equal(view.get('Optimizer:Trials', 'optimizer:trials'), 5);
  assert.equal(view.get('OPTIMIZER:TRIALS', 'optimizer:trials'), 5);
  assert.equal(view.get('constructor', 'constructor'), undefined);
  view.reset({ other: 1 });
  assert.equal(view.get('Optimizer:Trials', 'optimizer:trials'), undefined);
});
