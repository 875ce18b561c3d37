import { createRng, type Rng } from '../../../../tools/common/rng.ts';
import type { Intent, PriorEntities } from '../types.ts';

/**
 * The drawing helpers every corpus module uses, over the project's seeded generator (tools/common/rng.ts), so a
 * seed always gives the same corpus.
 */
export class Gen {
  readonly rng: Rng;

  constructor(seed: number) {
    this.rng = createRng(seed);
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('corpus_pick_empty: nothing to pick from');
    return items[Math.floor(this.rng.next() * items.length)]!;
  }

  /** One element by weight: `[[item, weight], …]`. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let at = this.rng.next() * total;
    for (const [item, w] of items) {
      at -= w;
      if (at < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.rng.next() < p;
  }

  /** Integer in [low, high]. */
  int(low: number, high: number): number {
    return this.rng.int(low, high);
  }

  /** `text` with probability p, else "". */
  maybe(text: string, p = 0.5): string {
    return this.chance(p) ? text : '';
  }

  /** k distinct elements in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.rng.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, k);
  }

  shuffle<T>(items: T[]): T[] {
    return this.sample(items, items.length);
  }
}

/** What a template draws: markup (see markup.ts) and what earlier turns left. */
export interface Draft {
  markup: string;
  prior?: PriorEntities;
  /** Chatty openers/closers and case changes may be added (false for greetings, thanks, and other fixed shapes). */
  decorate?: boolean;
}

/** A template: draws one example of its intent. */
export interface Template {
  intent: Intent;
  /** Relative share among the templates of the same intent (default 1). */
  weight?: number;
  make(g: Gen): Draft;
}
