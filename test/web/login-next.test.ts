import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loginUrl, safeNext } from '../../web/login-next.ts';

test('attack: the login page as an open redirect (next=//evil.example) goes home instead', () => {
  for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', 'evil.example', '/\t/evil.example', '/a\\b', '', null, `/${'a'.repeat(3000)}`]) {
    assert.equal(safeNext(next), '/', String(next));
  }
  for (const next of ['/', '/s/abc', '/replay/abc', '/s/abc?x=1#y']) assert.equal(safeNext(next), next);
  assert.equal(loginUrl('/s/a b?x=1'), '/login?next=%2Fs%2Fa%20b%3Fx%3D1');
});
