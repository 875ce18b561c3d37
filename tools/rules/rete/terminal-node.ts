import type { NormalizedRule } from '../normalized-rule.ts';
import type { LeftConsumer, Token } from './token.ts';

/** What the terminal node tells the engine (which keeps the agenda). */
export interface TerminalListener {
  activate(rule: NormalizedRule, token: Token): void;
  deactivate(rule: NormalizedRule, token: Token): void;
  /** The match holds on but a fact in it changed in a field the rule reads: a new activation replaces the old. */
  reactivate(rule: NormalizedRule, token: Token): void;
}

/** The end of a rule's chain: holds the rule's complete matches and reports them to the agenda. */
export class TerminalNode implements LeftConsumer {
  readonly matches = new Set<Token>();

  constructor(
    readonly rule: NormalizedRule,
    private readonly listener: TerminalListener,
  ) {}

  leftAssert(token: Token): void {
    this.matches.add(token);
    this.listener.activate(this.rule, token);
  }

  refresh(token: Token): void {
    this.listener.reactivate(this.rule, token);
  }

  leftRetract(token: Token): void {
    if (this.matches.delete(token)) this.listener.deactivate(this.rule, token);
  }
}
