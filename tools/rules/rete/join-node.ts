import type { AdapterNode } from './adapter-node.ts';
import type { AlphaMemory, HashIndex } from './alpha-memory.ts';
import { LeftMemory, tokenKey, type EqualityKey } from './equality-keys.ts';
import { deleteToken, Token, type FactRecord, type LeftConsumer, type RightInput, type TokenProducer } from './token.ts';

/** Join tests over the token's facts plus the candidate fact at the node's own position. */
export type JoinTest = (env: (FactRecord | null | undefined)[]) => boolean;

/**
 * Joins the tokens of earlier patterns (left) with the facts of one alpha memory (right). Equality tests
 * are hash joins: the left memory is bucketed by the token's key and the right side uses the alpha
 * memory's shared hash index, so a new fact only meets tokens with the same key, and vice versa.
 */
export class JoinNode implements RightInput, LeftConsumer, TokenProducer {
  child!: LeftConsumer;
  private readonly left: LeftMemory;
  private readonly rightIndex: HashIndex | null;
  /**
   * A join right after the first pattern reads its left side straight from that pattern's alpha memory
   * (hashed on the join key, shared by every rule with the same first pattern) and the adapter's tokens,
   * instead of keeping its own copy of the tokens.
   */
  private readonly leftAlpha: { index: HashIndex | null; memory: AlphaMemory; adapter: AdapterNode } | null;
  private readonly byRight = new Map<FactRecord, Token[]>();
  private readonly env: (FactRecord | null | undefined)[];

  constructor(
    readonly depth: number,
    private readonly memory: AlphaMemory,
    private readonly keys: readonly EqualityKey[],
    private readonly test: JoinTest | null,
    readonly listens: ReadonlySet<string>,
    firstPattern: { memory: AlphaMemory; adapter: AdapterNode } | null = null,
  ) {
    this.left = new LeftMemory(keys);
    this.leftAlpha =
      firstPattern && depth === 1
        ? { ...firstPattern, index: keys.length > 0 ? firstPattern.memory.hashIndex(keys.map((k) => k.path)) : null }
        : null;
    this.rightIndex = keys.length > 0 ? memory.hashIndex(keys.map((k) => k.ownPath)) : null;
    this.env = new Array(depth + 1).fill(null);
  }

  leftAssert(token: Token): void {
    let key: unknown;
    if (this.leftAlpha) key = this.leftAlpha.index?.keyOf(token.fact!);
    else {
      this.left.add(token);
      key = token.leftKey;
    }
    if (this.rightIndex) {
      const candidates = key === undefined ? undefined : this.rightIndex.get(key);
      if (!candidates) return;
      const env = this.loadEnv(token);
      for (let i = 0; i < candidates.length; i++) {
        const fact = candidates[i]!;
        env[this.depth] = fact;
        if (this.test === null || this.test(env)) this.emit(token, fact);
      }
      return;
    }
    if (this.memory.facts.size === 0) return;
    const env = this.loadEnv(token);
    for (const fact of this.memory.facts) {
      env[this.depth] = fact;
      if (this.test === null || this.test(env)) this.emit(token, fact);
    }
  }

  leftRetract(token: Token): void {
    if (!this.leftAlpha) this.left.remove(token);
  }

  rightAssert(fact: FactRecord): void {
    const key = this.rightIndex ? this.rightIndex.keyOf(fact) : undefined;
    if (this.leftAlpha) {
      const { index, memory, adapter } = this.leftAlpha;
      const facts = index ? (key === undefined ? undefined : index.get(key)) : memory.facts;
      if (!facts) return;
      for (const leftFact of facts) {
        const token = adapter.tokenOf(leftFact);
        if (!token) continue; // entering the memory right now: its adapter token joins when it is created
        const env = this.loadEnv(token);
        env[this.depth] = fact;
        if (this.test === null || this.test(env)) this.emit(token, fact);
      }
      return;
    }
    for (const token of this.left.probe(key)) {
      const env = this.loadEnv(token);
      env[this.depth] = fact;
      if (this.test === null || this.test(env)) this.emit(token, fact);
    }
  }

  rightRetract(fact: FactRecord): void {
    const tokens = this.byRight.get(fact);
    if (!tokens) return;
    this.byRight.delete(fact);
    for (const token of tokens) deleteToken(token, true);
  }

  retractFromConsumers(token: Token): void {
    this.child.leftRetract(token);
  }

  onTokenDeleted(token: Token): void {
    const tokens = this.byRight.get(token.fact!);
    if (!tokens) return;
    const index = tokens.indexOf(token);
    if (index >= 0) tokens.splice(index, 1);
    if (tokens.length === 0) this.byRight.delete(token.fact!);
  }

  private loadEnv(token: Token): (FactRecord | null | undefined)[] {
    const env = this.env;
    for (let current: Token | null = token; current !== null; current = current.parent) env[current.position] = current.fact;
    return env;
  }

  private emit(parent: Token, fact: FactRecord): void {
    const token = new Token(parent, fact, this.depth, this);
    const list = this.byRight.get(fact);
    if (list) list.push(token);
    else this.byRight.set(fact, [token]);
    this.child.leftAssert(token);
  }

  /** Used by tests and explain: the node's key for a token (undefined: joins nothing). */
  keyOfToken(token: Token): unknown {
    return tokenKey(this.keys, token);
  }
}
