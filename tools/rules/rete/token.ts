import type { AlphaMemory } from './alpha-memory.ts';

/** A fact in working memory, with the alpha memories it currently belongs to. */
export class FactRecord {
  readonly memberships = new Set<AlphaMemory>();
  /** The memberships again, by listened field: a modify visits only the memories that listen to a changed field. */
  readonly byField = new Map<string, Set<AlphaMemory>>();
  /** Hash keys computed from this fact, by key signature (cleared when the fact changes). */
  keyCache: Map<string, unknown> | null = null;
  constructor(
    readonly type: string,
    readonly id: string,
    public fields: Record<string, unknown>,
    /** Insertion/modification counter (higher = newer). */
    public recency: number,
  ) {}
}

/** Receives tokens from its parent beta node (a join, not/exists or terminal node). */
export interface LeftConsumer {
  leftAssert(token: Token): void;
  /** The token is gone; its descendants were already removed. */
  leftRetract(token: Token): void;
}

/** A beta node that creates tokens and passes them to its consumers. */
export interface TokenProducer {
  /** Tells every consumer the token is gone. */
  retractFromConsumers(token: Token): void;
  /** Bookkeeping when a token this node produced is deleted. */
  onTokenDeleted(token: Token): void;
}

/** An alpha memory successor: told when a fact enters or leaves the memory (or changes in a listened field). */
export interface RightInput {
  /** Pattern position of the node; asserts run deepest first so a fact joining itself matches once. */
  readonly depth: number;
  /** Top-level fields whose change re-evaluates this node's matches (property reactivity). */
  readonly listens: ReadonlySet<string>;
  rightAssert(fact: FactRecord): void;
  rightRetract(fact: FactRecord): void;
}

/**
 * A partial match: the fact bound at `position` (null at not/exists positions) plus, through `parent`, those
 * at the earlier positions (no per-token array: `factAt` / `tokenFacts` walk the chain, which is as short as
 * the rule). Tokens form a tree (parent → children) so removing a token removes everything derived from it.
 */
export class Token {
  children: Token[] | null = null;
  /** Hash key under which the consuming node stored this token in its left memory. */
  leftKey: unknown = undefined;
  /** not/exists nodes: the right facts matching this token, and the token passed on (if any). */
  matched: Set<FactRecord> | null = null;
  passed: Token | null = null;

  constructor(
    readonly parent: Token | null,
    readonly fact: FactRecord | null,
    readonly position: number,
    readonly producer: TokenProducer,
  ) {
    if (parent) (parent.children ??= []).push(this);
  }
}

/** The fact bound at `position` in the token's chain (null at not/exists positions or beyond the token). */
export function factAt(token: Token, position: number): FactRecord | null {
  let current: Token | null = token;
  while (current !== null && current.position > position) current = current.parent;
  return current !== null && current.position === position ? current.fact : null;
}

/** The facts by position, as an array (allocates: for firing and reporting, not for matching). */
export function tokenFacts(token: Token): (FactRecord | null)[] {
  const facts = new Array<FactRecord | null>(token.position + 1).fill(null);
  for (let current: Token | null = token; current !== null; current = current.parent) facts[current.position] = current.fact;
  return facts;
}

/** Removes a token and everything derived from it from the network. */
export function deleteToken(token: Token, detachFromParent: boolean): void {
  const children = token.children;
  token.children = null;
  if (children) for (const child of children) deleteToken(child, false);
  token.producer.retractFromConsumers(token);
  token.producer.onTokenDeleted(token);
  if (detachFromParent && token.parent?.children) {
    const siblings = token.parent.children;
    const index = siblings.indexOf(token);
    if (index >= 0) {
      siblings[index] = siblings[siblings.length - 1]!;
      siblings.pop();
    }
  }
}

export function listensAny(listens: ReadonlySet<string>, changed: readonly string[]): boolean {
  for (const field of changed) if (listens.has(field)) return true;
  return false;
}
