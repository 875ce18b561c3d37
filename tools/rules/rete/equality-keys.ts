import { readPath } from '../normalized-rule.ts';
import { hashKey } from './hash-key.ts';
import type { Token } from './token.ts';

/** The equality tests of a join, `own.path == $binding.path`, used as the hash-join key. */
export interface EqualityKey {
  ownPath: readonly string[];
  position: number;
  path: readonly string[];
}

/** Computes the left (token-side) hash key of a join's equality tests. */
export function tokenKey(keys: readonly EqualityKey[], token: Token): unknown {
  const values = keys.map((k) => {
    const fact = token.facts[k.position];
    return fact ? readPath(fact, k.path) : undefined;
  });
  return hashKey(values);
}

/** Left memory of a join or not/exists node: all tokens, and by hash key when the node has equality tests. */
export class LeftMemory {
  readonly all = new Set<Token>();
  private readonly buckets = new Map<unknown, Set<Token>>();

  constructor(private readonly keys: readonly EqualityKey[]) {}

  get hashed(): boolean {
    return this.keys.length > 0;
  }

  add(token: Token): void {
    this.all.add(token);
    if (!this.hashed) return;
    const key = tokenKey(this.keys, token);
    token.leftKey = key;
    if (key === undefined) return;
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new Set()));
    bucket.add(token);
  }

  remove(token: Token): void {
    this.all.delete(token);
    if (!this.hashed || token.leftKey === undefined) return;
    const bucket = this.buckets.get(token.leftKey);
    if (!bucket) return;
    bucket.delete(token);
    if (bucket.size === 0) this.buckets.delete(token.leftKey);
  }

  /** Tokens that may join the right fact with this key (all tokens when the node has no equality tests). */
  probe(key: unknown): Iterable<Token> {
    if (!this.hashed) return this.all;
    return key === undefined ? [] : (this.buckets.get(key) ?? []);
  }
}
