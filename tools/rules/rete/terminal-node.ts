import type { NormalizedRule } from '../normalized-rule.ts';
import type { LeftConsumer, Token } from './token.ts';

/** What the terminal node tells the engine (which keeps the agenda). Activations are opaque here. */
export interface TerminalListener {
  /** A new match: returns its activation. */
  activate(rule: NormalizedRule, token: Token): unknown;
  deactivate(rule: NormalizedRule, token: Token, activation: unknown): void;
  /** The match holds on but a fact in it changed in a field the rule reads: returns the activation now current. */
  reactivate(rule: NormalizedRule, token: Token, activation: unknown): unknown;
}

/**
 * The end of a rule's chain: holds the rule's complete matches with their activations. Activations live here,
 * not on the token, so one first-pattern token can feed the terminals of several single-pattern rules.
 */
export class TerminalNode implements LeftConsumer {
  readonly matches = new Map<Token, unknown>();

  constructor(
    readonly rule: NormalizedRule,
    private readonly listener: TerminalListener,
  ) {}

  leftAssert(token: Token): void {
    this.matches.set(token, this.listener.activate(this.rule, token));
  }

  refresh(token: Token): void {
    if (this.matches.has(token)) this.matches.set(token, this.listener.reactivate(this.rule, token, this.matches.get(token)));
  }

  leftRetract(token: Token): void {
    if (!this.matches.has(token)) return;
    const activation = this.matches.get(token);
    this.matches.delete(token);
    this.listener.deactivate(this.rule, token, activation);
  }
}
