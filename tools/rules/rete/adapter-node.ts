import { TerminalNode } from './terminal-node.ts';
import { deleteToken, Token, type FactRecord, type LeftConsumer, type RightInput, type TokenProducer } from './token.ts';

/**
 * Turns the facts of a rule's first pattern into one-fact tokens (the root of the rule's beta chain).
 * Rules whose first pattern is the same (same alpha memory and listened fields) and whose next node keeps no
 * state on the token (a terminal or a first join) share one adapter, so a fact makes one token for all of them.
 */
export class AdapterNode implements RightInput, TokenProducer {
  readonly depth = 0;
  /** Consumers (read-only outside; the first one gets an exactly sized array). */
  children: LeftConsumer[] = [];
  /** Fact → its token; created on the first fact (many memories of a large rule base stay empty). */
  private tokens: Map<FactRecord, Token> | null = null;

  constructor(readonly listens: ReadonlySet<string>) {}

  rightAssert(fact: FactRecord): void {
    const token = new Token(null, fact, 0, this);
    (this.tokens ??= new Map()).set(fact, token);
    for (const child of this.children) child.leftAssert(token);
  }

  rightRetract(fact: FactRecord): void {
    const token = this.tokens?.get(fact);
    if (token) deleteToken(token, false);
  }

  retractFromConsumers(token: Token): void {
    for (const child of this.children) child.leftRetract(token);
  }

  onTokenDeleted(token: Token): void {
    this.tokens?.delete(token.fact!);
  }

  /**
   * Single-pattern rules whose fact changed in a listened field but still matches: re-activate in place
   * (same result as retract + assert, without rebuilding the token). False when a child is not a terminal.
   */
  refresh(fact: FactRecord): boolean {
    for (const child of this.children) if (!(child instanceof TerminalNode)) return false;
    const token = this.tokens?.get(fact);
    if (token) for (const child of this.children) (child as TerminalNode).refresh(token);
    return true;
  }

  tokenOf(fact: FactRecord): Token | undefined {
    return this.tokens?.get(fact);
  }

  /** Adds a consumer and feeds it the current tokens (or creates them from the memory's facts). */
  addChild(child: LeftConsumer, facts: ReadonlySet<FactRecord>): void {
    if (this.children.length === 0) this.children = [child];
    else this.children.push(child);
    if (this.tokens !== null && this.tokens.size > 0) for (const token of [...this.tokens.values()]) child.leftAssert(token);
    else if (facts.size !== 0) for (const fact of facts) this.rightAssert(fact);
  }

  /** Removes a consumer and every token it derived from this adapter's tokens. */
  removeChild(child: LeftConsumer & Partial<TokenProducer>): void {
    const index = this.children.indexOf(child);
    if (index >= 0) this.children.splice(index, 1);
    for (const token of this.tokens?.values() ?? []) {
      if (!token.children) continue;
      const derived = token.children.filter((c) => c.producer === (child as unknown as TokenProducer));
      for (const c of derived) deleteToken(c, true);
    }
    if (this.children.length === 0) this.tokens = null;
  }
}
