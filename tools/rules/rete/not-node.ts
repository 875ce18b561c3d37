import type { AlphaMemory, HashIndex } from './alpha-memory.ts';
import { LeftMemory, type EqualityKey } from './equality-keys.ts';
import type { JoinTest } from './join-node.ts';
import { deleteToken, Token, type FactRecord, type LeftConsumer, type RightInput, type TokenProducer } from './token.ts';

/**
 * `not` (negative = true) or `exists` (negative = false) over a pattern. Each left token counts the right
 * facts that match it; the token is passed on while the count is zero (not) or above zero (exists), as one
 * token with a null fact at this position, so `exists` never multiplies matches.
 */
export class NotNode implements RightInput, LeftConsumer, TokenProducer {
  child!: LeftConsumer;
  private readonly left: LeftMemory;
  private readonly rightIndex: HashIndex | null;
  /** Right fact → the left tokens it matches (so retraction needs no re-evaluation). */
  private readonly byFact = new Map<FactRecord, Set<Token>>();
  private readonly env: (FactRecord | null | undefined)[];

  constructor(
    readonly depth: number,
    private readonly memory: AlphaMemory,
    keys: readonly EqualityKey[],
    private readonly test: JoinTest | null,
    readonly listens: ReadonlySet<string>,
    private readonly negative: boolean,
  ) {
    this.left = new LeftMemory(keys);
    this.rightIndex = keys.length > 0 ? memory.hashIndex(keys.map((k) => k.ownPath)) : null;
    this.env = new Array(depth + 1).fill(null);
  }

  leftAssert(token: Token): void {
    this.left.add(token);
    token.matched = new Set();
    const candidates: Iterable<FactRecord> | undefined = this.rightIndex ? (token.leftKey === undefined ? undefined : this.rightIndex.get(token.leftKey)) : this.memory.facts;
    if (candidates) {
      const env = this.loadEnv(token);
      for (const fact of candidates) {
        env[this.depth] = fact;
        if (this.test === null || this.test(env)) this.link(token, fact);
      }
    }
    if ((token.matched.size === 0) === this.negative) this.pass(token);
  }

  leftRetract(token: Token): void {
    this.left.remove(token);
    if (token.matched) for (const fact of token.matched) this.byFact.get(fact)?.delete(token);
    token.matched = null;
  }

  rightAssert(fact: FactRecord): void {
    const key = this.rightIndex ? this.rightIndex.keyOf(fact) : undefined;
    for (const token of this.left.probe(key)) {
      const env = this.loadEnv(token);
      env[this.depth] = fact;
      if (this.test !== null && !this.test(env)) continue;
      this.link(token, fact);
      if (token.matched!.size !== 1) continue;
      if (this.negative) this.block(token);
      else this.pass(token);
    }
  }

  rightRetract(fact: FactRecord): void {
    const tokens = this.byFact.get(fact);
    if (!tokens) return;
    this.byFact.delete(fact);
    for (const token of tokens) {
      token.matched!.delete(fact);
      if (token.matched!.size !== 0) continue;
      if (this.negative) this.pass(token);
      else this.block(token);
    }
  }

  retractFromConsumers(token: Token): void {
    this.child.leftRetract(token);
  }

  onTokenDeleted(token: Token): void {
    if (token.parent && token.parent.passed === token) token.parent.passed = null;
  }

  private link(token: Token, fact: FactRecord): void {
    token.matched!.add(fact);
    let set = this.byFact.get(fact);
    if (!set) this.byFact.set(fact, (set = new Set()));
    set.add(token);
  }

  private pass(token: Token): void {
    const child = new Token(token, null, this.depth, this);
    token.passed = child;
    this.child.leftAssert(child);
  }

  private block(token: Token): void {
    if (token.passed) deleteToken(token.passed, true);
  }

  private loadEnv(token: Token): (FactRecord | null | undefined)[] {
    const env = this.env;
    for (let current: Token | null = token; current !== null; current = current.parent) env[current.position] = current.fact;
    return env;
  }
}
