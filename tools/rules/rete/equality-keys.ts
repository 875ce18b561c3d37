import { readPath } from '../normalized-rule.ts';
import { hashKey } from './hash-key.ts';
import { factAt, type FactRecord, type Token } from './token.ts';

/** The equality tests of a join, `own.path == $binding.path`, used as the hash-join key. */
export interface EqualityKey {
  ownPath: readonly string[];
  position: number;
  path: readonly string[];
}

/** Computes the left (token-side) hash key of a join's equality tests. */
export function tokenKey(keys: readonly EqualityKey[], token: Token): unknown {
  const values = keys.map((k) => {
    const fact = factAt(token, k.position);
    return fact ? readPath(fact, k.path) : undefined;
  });
  return hashKey(values);
}

/** The key of `paths` read from one fact, cached on the fact under `signature` until it changes. */
export function factKey(fact: FactRecord, signature: string, paths: readonly (readonly string[])[]): unknown {
  const cache = (fact.keyCache ??= new Map());
  if (cache.has(signature)) return cache.get(signature);
  const key = hashKey(paths.map((path) => readPath(fact, path)));
  cache.set(signature, key);
  return key;
}

function keySignature(paths: readonly (readonly string[])[]): string {
  return paths.map((p) => p.join('.')).join('\u0001');
}

/** Left memory of a join or not/exists node: by hash key when the node has equality tests, else one set. */
export class LeftMemory {
  readonly all = new Set<Token>();
  /** Small arrays, not sets: most buckets hold one or a few tokens. */
  private readonly buckets = new Map<unknown, Token[]>();
  readonly hashed: boolean;
  /** When every key reads the same earlier fact, its position (the key is then cached on that fact). */
  private readonly single: number;
  private readonly signature: string;
  private readonly paths: (readonly string[])[];

  constructor(private readonly keys: readonly EqualityKey[]) {
    this.hashed = keys.length > 0;
    this.single = keys.length > 0 && keys.every((k) => k.position === keys[0]!.position) ? keys[0]!.position : -1;
    this.paths = keys.map((k) => k.path);
    this.signature = `L${keySignature(this.paths)}`;
  }

  add(token: Token): void {
    if (!this.hashed) {
      this.all.add(token);
      return;
    }
    const fact = this.single >= 0 ? factAt(token, this.single) : null;
    const key = fact ? factKey(fact, this.signature, this.paths) : tokenKey(this.keys, token);
    token.leftKey = key;
    if (key === undefined) return;
    const bucket = this.buckets.get(key);
    if (bucket) bucket.push(token);
    else this.buckets.set(key, [token]);
  }

  remove(token: Token): void {
    if (!this.hashed) {
      this.all.delete(token);
      return;
    }
    if (token.leftKey === undefined) return;
    const bucket = this.buckets.get(token.leftKey);
    if (!bucket) return;
    removeFrom(bucket, token);
    if (bucket.length === 0) this.buckets.delete(token.leftKey);
  }

  /** Tokens that may join the right fact with this key (all tokens when the node has no equality tests). */
  probe(key: unknown): Iterable<Token> {
    if (!this.hashed) return this.all;
    return key === undefined ? NONE : (this.buckets.get(key) ?? NONE);
  }
}

const NONE: readonly Token[] = [];

/** Removes one element from a small unordered array (swap with the last). */
export function removeFrom<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index < 0) return;
  list[index] = list[list.length - 1]!;
  list.pop();
}
