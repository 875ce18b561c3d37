import { deleteToken, Token, type FactRecord, type LeftConsumer, type RightInput, type TokenProducer } from './token.ts';

/** Turns the facts of a rule's first pattern into one-fact tokens (the root of the rule's beta chain). */
export class AdapterNode implements RightInput, TokenProducer {
  readonly depth = 0;
  child!: LeftConsumer;
  private readonly tokens = new Map<FactRecord, Token>();

  constructor(readonly listens: ReadonlySet<string>) {}

  rightAssert(fact: FactRecord): void {
    const token = new Token(null, fact, (fact.alone ??= [fact]), this);
    this.tokens.set(fact, token);
    this.child.leftAssert(token);
  }

  rightRetract(fact: FactRecord): void {
    const token = this.tokens.get(fact);
    if (token) deleteToken(token, false);
  }

  tokenOf(fact: FactRecord): Token | undefined {
    return this.tokens.get(fact);
  }

  onTokenDeleted(token: Token): void {
    this.tokens.delete(token.fact!);
  }

  /** Re-derives every match from the current memory contents (used when a rule is added). */
  prime(facts: Iterable<FactRecord>): void {
    for (const fact of facts) this.rightAssert(fact);
  }
}
