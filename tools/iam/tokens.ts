import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API tokens: `tct_<token id>_<secret>`. The token id (16 hex characters) is public and finds the user's row; the
 * secret (32 random bytes, base64url) is what proves possession. Only a salted SHA-256 of the secret is stored.
 *
 * Why SHA-256 and not a slow KDF (scrypt, argon2): a slow hash protects low-entropy human passwords from offline
 * guessing. A 256-bit random secret cannot be guessed offline whatever the hash costs, so a fast hash loses nothing
 * and keeps authentication (every request, every websocket upgrade) at microseconds. The salt keeps equal secrets
 * (there are none in practice) from giving equal hashes and makes precomputed tables useless.
 */

/** Random bytes, injected so tests are deterministic. */
export type RandomBytes = (size: number) => Buffer;

export const TOKEN_PREFIX = 'tct_';
const TOKEN_ID_BYTES = 8;
const SECRET_BYTES = 32;
const SALT_BYTES = 16;
/** Longer input is not a token: refused before any parsing. */
export const MAX_TOKEN_LENGTH = 200;
const TOKEN_PATTERN = /^tct_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewToken {
  /** The whole token, shown to the user once. */
  token: string;
  tokenId: string;
  secret: string;
}

/** What is stored for a user's token. */
export interface StoredToken {
  token_id: string;
  token_salt: string;
  token_hash: string;
}

export function newToken(random: RandomBytes = randomBytes): NewToken {
  const tokenId = random(TOKEN_ID_BYTES).toString('hex');
  const secret = random(SECRET_BYTES).toString('base64url');
  return { token: `${TOKEN_PREFIX}${tokenId}_${secret}`, tokenId, secret };
}

export function newSalt(random: RandomBytes = randomBytes): string {
  return random(SALT_BYTES).toString('hex');
}

/** Hex SHA-256 of salt and secret. */
export function hashToken(secret: string, salt: string): string {
  return createHash('sha256').update(salt).update(':').update(secret).digest('hex');
}

/** A new token with the record to store for it (salt and hash; never the secret). */
export function issueToken(random: RandomBytes = randomBytes): { token: string; stored: StoredToken } {
  const { token, tokenId, secret } = newToken(random);
  const salt = newSalt(random);
  return { token, stored: { token_id: tokenId, token_salt: salt, token_hash: hashToken(secret, salt) } };
}

/** Splits a token into its id and secret; null when it does not have the form (no exception for bad input). */
export function parseToken(token: unknown): { tokenId: string; secret: string } | null {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  const match = TOKEN_PATTERN.exec(token);
  return match ? { tokenId: match[1]!, secret: match[2]! } : null;
}

/** Whether the token matches the stored record; the hash comparison takes the same time wherever they differ. */
export function verifyToken(token: string, record: StoredToken): boolean {
  const parsed = parseToken(token);
  if (!parsed || parsed.tokenId !== record.token_id) return false;
  const actual = Buffer.from(hashToken(parsed.secret, record.token_salt), 'hex');
  const expected = Buffer.from(record.token_hash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
