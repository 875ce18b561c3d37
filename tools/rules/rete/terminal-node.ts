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
  /** Token → activation; created on the first match (most rules of a large rule base never match at once). */
  private map: Map<Token, unknown> | null = null;

  constructor(
    readonly rule: NormalizedRule,
    private readonly listener: TerminalListener,
  ) {}

  /** Number of current matches. */
  get size(): number {
    return this.map === null ? 0 : this.map.size;
  }

  /** The tokens of the current matches (a copy: safe to retract while iterating). */
  tokens(): Token[] {
    return this.map === null ? [] : [...this.map.keys()];
  }

  leftAssert(token: Token): void {
    (this.map ??= new Map()).set(token, this.listener.activate(this.rule, token));
  }

  refresh(token: Token): void {
    const map = this.map;
    if (map !== null && map.has(token)) map.set(token, this.listener.reactivate(this.rule, token, map.get(token)));
  }

  leftRetract(token: Token): void {
    const map = this.map;
    if (map === null || !map.has(token)) return;
    const activation = map.get(token);
    map.delete(token);
    this.listener.deactivate(this.rule, token, activation);
  }
}
