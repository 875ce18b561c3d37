/**
 * Word-level tokenizer with a vocabulary built from the pretraining text.
 *
 * Tokens are lower-cased runs of letters, `<num>` for a run of digits, and single punctuation marks, so
 * "load test http://x:8080 for 2 min" → load test http : / / x : <num> for <num> min. Words seen fewer than
 * `minCount` times in the pretraining text map to `[UNK]`. Ids 0-3 are the special tokens below.
 */
export const PAD = '[PAD]';
export const UNK = '[UNK]';
export const MASK = '[MASK]';
export const NUM = '<num>';
export const SPECIAL_TOKENS = [PAD, UNK, MASK, NUM] as const;
export const PAD_ID = 0;
export const UNK_ID = 1;
export const MASK_ID = 2;

const TOKEN = /[a-z]+|\d+|[^\sa-z\d]/g;

export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(TOKEN) ?? []).map((t) => (/^\d/.test(t) ? NUM : t));
}

export class Vocabulary {
  readonly tokens: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(tokens: readonly string[]) {
    SPECIAL_TOKENS.forEach((t, i) => {
      if (tokens[i] !== t) throw new Error(`vocabulary: token ${i} must be ${t}, got ${JSON.stringify(tokens[i])}`);
    });
    this.tokens = tokens;
    this.ids = new Map(tokens.map((t, i) => [t, i]));
  }

  /** Words of `texts` seen at least `minCount` times, most frequent first (ties alphabetical), after the specials. */
  static build(texts: readonly string[], minCount = 2): Vocabulary {
    const counts = new Map<string, number>();
    for (const text of texts) for (const t of tokenize(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
    const special = new Set<string>(SPECIAL_TOKENS);
    const words = [...counts.entries()]
      .filter(([t, n]) => n >= minCount && !special.has(t))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([t]) => t);
    return new Vocabulary([...SPECIAL_TOKENS, ...words]);
  }

  get size(): number {
    return this.tokens.length;
  }

  /** Token ids of `text`, truncated to `maxLength` (never empty: an empty text is one `[UNK]`). */
  encode(text: string, maxLength: number): number[] {
    const ids = tokenize(text).slice(0, maxLength).map((t) => this.ids.get(t) ?? UNK_ID);
    return ids.length > 0 ? ids : [UNK_ID];
  }
}
