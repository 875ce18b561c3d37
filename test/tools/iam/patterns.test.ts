import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileParts, compilePattern, hasWildcard } from '../../../tools/iam/patterns.ts';

const sensitive = { ignoreCase: false };
const insensitive = { ignoreCase: true };

test('"*" matches anything, empty included, across "/" and ":"', () => {
  const match = compilePattern('*', sensitive);
  for (const value of ['', 'a', 'tunechat:host/10.0.0.5:8080']) assert.equal(match(value), true);
});

test('a literal pattern is an exact, case-sensitive comparison for resources', () => {
  const match = compilePattern('tunechat:target/xgboost', sensitive);
  assert.equal(match('tunechat:target/xgboost'), true);
  assert.equal(match('tunechat:target/XGBoost'), false);
  assert.equal(match('tunechat:target/xgboost2'), false);
  assert.equal(match('tunechat:target/xgboos'), false);
});

test('action patterns ignore case', () => {
  assert.equal(compilePattern('optimizer:StartStudy', insensitive)('OPTIMIZER:startstudy'), true);
  assert.equal(compilePattern('Optimizer:Start*', insensitive)('optimizer:STARTSTUDY'), true);
  assert.equal(compilePattern('*study', insensitive)('optimizer:StartStudy'), true);
  assert.equal(compilePattern('*:Read*', insensitive)('Optimizer:readStudy'), true);
  assert.equal(compilePattern('optimizer:St?rtStudy', insensitive)('OPTIMIZER:STARTSTUDY'), true);
});

test('prefix*, *suffix and *middle* fast paths', () => {
  const prefix = compilePattern('tunechat:target/*', sensitive);
  assert.equal(prefix('tunechat:target/'), true);
  assert.equal(prefix('tunechat:target/a/b:c'), true);
  assert.equal(prefix('tunechat:targets'), false);
  const suffix = compilePattern('*:8080', sensitive);
  assert.equal(suffix('tunechat:host/10.0.0.5:8080'), true);
  assert.equal(suffix('tunechat:host/10.0.0.5:80801'), false);
  const middle = compilePattern('*/10.0.*', sensitive);
  assert.equal(middle('tunechat:host/10.0.0.5:8080'), true);
  assert.equal(middle('tunechat:host/10.1.0.5:8080'), false);
});

test('"?" matches exactly one character (one code point), never zero or two', () => {
  const match = compilePattern('tunechat:study/?', sensitive);
  assert.equal(match('tunechat:study/7'), true);
  assert.equal(match('tunechat:study/'), false);
  assert.equal(match('tunechat:study/42'), false);
  assert.equal(match('tunechat:study/😀'), true, 'a surrogate pair is one character');
  assert.equal(compilePattern('a??c', sensitive)('abbc'), true);
  assert.equal(compilePattern('a??c', sensitive)('abc'), false);
});

test('general patterns: several stars, stars and ?, backtracking', () => {
  const match = compilePattern('tunechat:*/*:80?0', sensitive);
  assert.equal(match('tunechat:host/10.0.0.5:8080'), true);
  assert.equal(match('tunechat:host/10.0.0.5:8090'), true);
  assert.equal(match('tunechat:host/10.0.0.5:808'), false);
  assert.equal(compilePattern('a*b*c', sensitive)('aXbYbZc'), true);
  assert.equal(compilePattern('a*b*c', sensitive)('aXbYbZ'), false);
  assert.equal(compilePattern('a**b', sensitive)('ab'), true);
  assert.equal(compilePattern('*a*a*a*a*a*b', sensitive)('a'.repeat(2000)), false, 'no catastrophic backtracking');
});

test('regular-expression characters are literal (no injection)', () => {
  const match = compilePattern('tunechat:command/(.+)|[a-z]^$\\d', sensitive);
  assert.equal(match('tunechat:command/(.+)|[a-z]^$\\d'), true);
  assert.equal(match('tunechat:command/python3'), false);
  assert.equal(compilePattern('a.c', sensitive)('abc'), false);
  assert.equal(compilePattern('a.*', sensitive)('abc'), false);
  assert.equal(compilePattern('a.*', sensitive)('a.bc'), true);
});

test('literal parts never act as wildcards', () => {
  const match = compileParts([{ wild: 'tunechat:session/' }, { literal: 'a*' }, { wild: '/*' }], sensitive);
  assert.equal(match('tunechat:session/a*/1'), true);
  assert.equal(match('tunechat:session/abc/1'), false);
  assert.equal(compileParts([{ literal: '?' }], sensitive)('x'), false);
  assert.equal(compileParts([{ literal: '?' }], sensitive)('?'), true);
});

test('hasWildcard', () => {
  assert.equal(hasWildcard('a*'), true);
  assert.equal(hasWildcard('a?'), true);
  assert.equal(hasWildcard('abc'), false);
});
