import type { NormalizedRule } from './normalized-rule.ts';
import type { Token } from './rete/token.ts';

/** A rule activation waiting on (or taken from) the agenda. */
export interface Activation {
  rule: NormalizedRule;
  /** Load order of the rule (earlier rules win ties). */
  order: number;
  /** Recency of the newest fact in the match (insert/modify counter): higher is newer. */
  recency: number;
  /** The match (see `tokenFacts` for its facts by pattern position). */
  token: Token;
  /** new: created, not yet on the agenda (it is filled when consulted); pending: on the agenda. */
  state: 'new' | 'pending' | 'fired' | 'cancelled';
}

/** Orders two activations: negative when `a` should fire first, 0 when this strategy cannot tell. */
export type ConflictStrategy = (a: Activation, b: Activation) => number;

/** Named strategies (nools' `conflict.js` idea). The default resolution is salience, then recency, then rule order. */
export const CONFLICT_STRATEGIES: Record<string, ConflictStrategy> = {
  salience: (a, b) => b.rule.salience - a.rule.salience,
  recency: (a, b) => b.recency - a.recency,
  order: (a, b) => a.order - b.order,
  /** Older first (FIFO), for users who want breadth-first firing instead of recency. */
  fifo: (a, b) => a.recency - b.recency,
};

export const DEFAULT_STRATEGY = ['salience', 'recency', 'order'] as const;

/** Chains named strategies into one comparator; unknown names are an error listing the known ones. */
export function combineStrategies(names: readonly string[]): ConflictStrategy {
  const chain = names.map((name) => {
    const strategy = CONFLICT_STRATEGIES[name];
    if (!strategy) throw new Error(`unknown conflict strategy "${name}"; known: ${Object.keys(CONFLICT_STRATEGIES).join(', ')}`);
    return strategy;
  });
  return (a, b) => {
    for (const strategy of chain) {
      const result = strategy(a, b);
      if (result !== 0) return result;
    }
    return 0;
  };
}
