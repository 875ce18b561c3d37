/**
 * Text normalisation for the offline model: lower-casing, spelling variants, number words and
 * quantities with units. Everything the intent parsers match runs over `normalize(text)`.
 */

const NUMBER_WORDS: Record<string, number> = {
  zero: 0, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60,
  hundred: 100, a_hundred: 100, dozen: 12, a_dozen: 12, couple: 2, a_couple: 2,
};

/** Spelling variants folded to one form before matching (British spelling, hyphenation, abbreviations). */
const REWRITES: Array<[RegExp, string]> = [
  [/\boptimi[sz](e|ing|ation)\b/g, 'optimiz$1'],
  [/\bminimi[sz](e|ing)\b/g, 'minimiz$1'],
  [/\bmaximi[sz](e|ing)\b/g, 'maximiz$1'],
  [/\b(\d+)(st|nd|rd|th)\s+percentile\b/g, 'p$1'],
  [/\bpercentile\s+(\d+)\b/g, 'p$1'],
  [/\bmedian\b/g, 'p50 median'],
  [/\btail latency\b/g, 'p99 latency'],
  [/\bmilli ?seconds?\b|\bmsecs?\b/g, 'ms'],
  [/\bx ?g ?boost\b/g, 'xgboost'],
  [/\blight ?gbm\b/g, 'lightgbm'],
  [/\bhartmann ?6\b|\bhartmann\b/g, 'hartmann6'],
  [/\bcma[- ]?es\b/g, 'cmaes'],
  [/\bnsga[- ]?(ii|2)\b/g, 'nsga2'],
  [/\bmo[- ]?tpe\b/g, 'motpe'],
  [/\btime to first token\b/g, 'ttft'],
  [/\b(requests?|req) ?(per|\/) ?(second|sec|s)\b|\brps\b|\bqps\b|\breq\/s\b/g, 'rps'],
  [/\bper cent\b/g, '%'],
];

/** Lower-cased text with spelling variants folded and number words turned into digits. */
export function normalize(text: string): string {
  let out = text.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
  for (const [pattern, replacement] of REWRITES) out = out.replace(pattern, replacement);
  out = out.replace(/\b(a dozen|a hundred|a couple|[a-z]+)\b/g, (word) => {
    const value = NUMBER_WORDS[word.replace(' ', '_')];
    return value === undefined ? word : String(value);
  });
  return out.replace(/\s+/g, ' ').trim();
}

/** Parses "1,000", "1k", "2.5", "1e3" → number. */
export function parseNumber(raw: string): number {
  const clean = raw.replace(/,/g, '').trim();
  const k = /^([\d.]+)\s*k$/i.exec(clean);
  if (k) return Number(k[1]) * 1000;
  return Number(clean);
}

export const NUMBER = String.raw`(\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?k?)`;

const UNIT_SECONDS: Array<[RegExp, number]> = [
  [/^(h|hr|hrs|hour|hours)$/, 3600],
  [/^(m|min|mins|minute|minutes)$/, 60],
  [/^(s|sec|secs|second|seconds)$/, 1],
  [/^ms$/, 0.001],
];

/** Hours said in words: "an hour and a half", "three quarters of an hour", "a quarter of an hour", "half an hour". */
const FRACTIONS_OF_AN_HOUR: Array<[RegExp, number]> = [
  [/\b(?:an|one|1) hour and a half\b|\b(?:one|1) and a half hours?\b/, 5400],
  [/\b(?:three|3)[- ]quarters of an hour\b/, 2700],
  [/\b(?:a|one|1) quarter of an hour\b|\bquarter[- ]hour\b/, 900],
  [/\bhalf an hour\b|\bhalf[- ]hour\b/, 1800],
];

/** A duration like "10 minutes", "30s", "1.5h", "half an hour" → seconds; the first one found, or null. */
export function findDuration(text: string, options: { exclude?: RegExp } = {}): { seconds: number; index: number } | null {
  for (const [pattern, seconds] of FRACTIONS_OF_AN_HOUR) {
    const m = pattern.exec(text);
    if (m) return { seconds, index: m.index };
  }
  const one = /\b(?:an|one|1) (hour|minute)\b/.exec(text);
  if (one) return { seconds: one[1] === 'hour' ? 3600 : 60, index: one.index };
  const pattern = new RegExp(String.raw`\b${NUMBER}\s*(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b`, 'g');
  for (const match of text.matchAll(pattern)) {
    if (options.exclude && options.exclude.test(text.slice(match.index + match[0].length, match.index + match[0].length + 12))) continue;
    const unit = UNIT_SECONDS.find(([re]) => re.test(match[2] ?? ''));
    if (!unit) continue;
    return { seconds: parseNumber(match[1] ?? '0') * unit[1], index: match.index };
  }
  return null;
}

/** The first number directly followed by one of the nouns, e.g. `countBefore(t, 'trials|evaluations')`. */
export function countBefore(text: string, nouns: string): number | null {
  const match = new RegExp(String.raw`\b${NUMBER}\s*(?:more\s+|additional\s+|extra\s+|new\s+)?(?:${nouns})\b`).exec(text);
  return match ? parseNumber(match[1] ?? '') : null;
}

/** The first number directly after one of the words, e.g. `countAfter(t, 'concurrency|connections')` for "concurrency 8". */
export function countAfter(text: string, words: string): number | null {
  const match = new RegExp(String.raw`\b(?:${words})\s*(?:of|=|:|to|at)?\s*${NUMBER}\b`).exec(text);
  return match ? parseNumber(match[1] ?? '') : null;
}

/** Words of a text, for fuzzy matching against names. */
export function words(text: string): string[] {
  return text.split(/[^a-z0-9_.-]+/).filter(Boolean);
}
