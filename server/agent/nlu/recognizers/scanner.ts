import type { KnownTarget } from '../../offline-model/catalog.ts';
import type { Token, UnitKind } from '../types.ts';

/**
 * What recognizers share: the message's tokens split into match words, which tokens are already taken by a unit,
 * and phrase tables compiled into tries. A token's norm splits into words at - _ / ("cma-es" → cma, es;
 * "max_depth" → max, depth), so one phrase table matches every spelling; a phrase must start at a token's first
 * word and end at a token's last word, so it never takes part of a token ("alert-latency-p99" is not "latency").
 */

/** A recognized unit over tokens [from, to). */
export interface Unit {
  kind: UnitKind;
  from: number;
  to: number;
  value?: number | string;
  unit?: string;
}

export interface RecognizerContext {
  targets: KnownTarget[];
}

export interface Trie<V> {
  next: Map<string, Trie<V>>;
  value?: V;
}

/** The words a phrase or a token's norm matches as. */
export function splitWords(text: string): string[] {
  if (/^[`]|^https?:|:\d/.test(text) || /^[\d.,]+(?:e[+-]?\d+)?k?$/.test(text)) return [text];
  return text.split(/[\s\-_/]+/).filter(Boolean);
}

export function buildTrie<V>(entries: Iterable<[string, V]>): Trie<V> {
  const root: Trie<V> = { next: new Map() };
  for (const [phrase, value] of entries) {
    let node = root;
    for (const word of splitWords(phrase.toLowerCase())) {
      let child = node.next.get(word);
      if (!child) node.next.set(word, (child = { next: new Map() }));
      node = child;
    }
    // The first entry of a phrase wins (tables list the preferred reading first).
    if (node.value === undefined) node.value = value;
  }
  return root;
}

interface Word {
  text: string;
  token: number;
  first: boolean;
  last: boolean;
}

export class Scanner {
  readonly words: Word[] = [];
  /** Token index → index of its first word. */
  readonly firstWord: number[] = [];
  readonly claimed: boolean[];
  readonly units: Unit[] = [];

  constructor(readonly tokens: Token[]) {
    this.claimed = tokens.map(() => false);
    tokens.forEach((token, i) => {
      this.firstWord.push(this.words.length);
      const parts = splitWords(token.norm);
      const list = parts.length > 0 ? parts : [token.norm];
      list.forEach((text, k) => this.words.push({ text, token: i, first: k === 0, last: k === list.length - 1 }));
    });
  }

  get length(): number {
    return this.tokens.length;
  }

  norm(i: number): string {
    return this.tokens[i]?.norm ?? '';
  }

  free(from: number, to: number): boolean {
    if (from < 0 || to > this.tokens.length || from >= to) return false;
    for (let i = from; i < to; i++) if (this.claimed[i]) return false;
    return true;
  }

  claim(unit: Unit): Unit {
    for (let i = unit.from; i < unit.to; i++) this.claimed[i] = true;
    this.units.push(unit);
    return unit;
  }

  /** The longest phrase of the trie starting at token `from` over free tokens: the end token (exclusive) and value. */
  match<V>(trie: Trie<V>, from: number): { to: number; value: V } | null {
    if (from >= this.tokens.length || this.claimed[from]) return null;
    let node: Trie<V> | undefined = trie;
    let best: { to: number; value: V } | null = null;
    for (let w = this.firstWord[from]!; w < this.words.length; w++) {
      const word = this.words[w]!;
      if (this.claimed[word.token]) break;
      // A lone hyphen inside a phrase joins its words: "99th-percentile latency" is "99th percentile latency".
      if (word.text === '-' && w > this.firstWord[from]!) continue;
      node = node.next.get(word.text);
      if (!node) break;
      if (node.value !== undefined && word.last) best = { to: word.token + 1, value: node.value };
    }
    return best;
  }

  /** The unit covering token i, if any. */
  unitAt(i: number): Unit | undefined {
    return this.units.find((u) => u.from <= i && i < u.to);
  }

  /** The next free, non-punctuation token index at or after i (or length). */
  nextContent(i: number): number {
    let j = i;
    while (j < this.tokens.length && this.tokens[j]!.pos === 'PUNCT') j++;
    return j;
  }
}
