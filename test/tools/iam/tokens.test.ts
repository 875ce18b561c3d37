import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashToken, issueToken, newToken, parseToken, verifyToken } from '../../../tools/iam/tokens.ts';

const fixed = (byte: number) => (size: number) => Buffer.alloc(size, byte);

test('a token is tct_<id>_<secret> with 32 random bytes of secret; randomness is injected', () => {
  const token = newToken(fixed(0xab));
  assert.equal(token.tokenId, 'ab'.repeat(8));
  assert.equal(Buffer.from(token.secret, 'base64url').length, 32);
  assert.equal(token.token, `tct_${token.tokenId}_${token.secret}`);
  assert.deepEqual(parseToken(token.token), { tokenId: token.tokenId, secret: token.secret });
  assert.equal(newToken().token === newToken().token, false);
});

test('verifyToken accepts the issued token only; the stored record holds no secret', () => {
  const { token, stored } = issueToken();
  assert.ok(!Object.values(stored).some((v) => token.includes(v) && v.length > 16 && v !== stored.token_id));
  assert.equal(verifyToken(token, stored), true);
  assert.equal(stored.token_hash, hashToken(parseToken(token)!.secret, stored.token_salt));
  const other = issueToken();
  assert.equal(verifyToken(other.token, stored), false, 'another token');
  assert.equal(verifyToken(token, { ...stored, token_salt: other.stored.token_salt }), false, 'the salt matters');
  assert.equal(verifyToken(token.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')), stored), false);
  for (const bad of ['', 'tct_', `tct_${stored.token_id}_short`, `${token}x`, token.replace('tct_', 'tok_'), 'x'.repeat(5000)]) {
    assert.equal(parseToken(bad), null, bad.slice(0, 40));
    assert.equal(verifyToken(bad, stored), false);
  }
  assert.equal(parseToken(42), null);
});
