import { distance } from 'fastest-levenshtein';
import type { KnownTarget } from '../offline-model/catalog.ts';
import { CHAT_ABBREVIATIONS, domainWords, FUNCTION_WORDS, STEM_FORMS } from './lexicon.ts';
import { metricForms } from './recognizers/metrics.ts';
import { paramForms, targetForms } from './recognizers/targets.ts';
import type { Token } from './types.ts';
import { commonWords, conceptOf, hasVectors, wordTier } from './word-vectors.ts';

/**
 * Typo correction towards domain words: an unknown word is bent to the nearest domain word within an edit budget
 * that grows with the word's length (short words have too many neighbours to guess). An adjacent transposition
 * ("lantecy") costs one edit. Callers never pass words of the English vocabulary: "rate" is not a typo of "date".
 */

/** Edits allowed for a word of this length: ≤3 letters none, 4–5 one, 6–9 two, longer three. */
export function maxEdits(length: number): number {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  if (length <= 9) return 2;
  return 3;
}

/** Edit distance where swapping two adjacent letters counts as one edit (optimal string alignment, one swap). */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const plain = distance(a, b);
  // A swap saves at most one edit over plain Levenshtein: past limit + 1 it cannot bring the word within the limit.
  if (plain < 2 || plain > limit + 1) return plain;
  let best = plain;
  for (let i = 0; i + 1 < a.length; i++) {
    if (a[i] === a[i + 1]) continue;
    const swapped = a.slice(0, i) + a[i + 1] + a[i] + a.slice(i + 2);
    const d = 1 + distance(swapped, b);
    if (d < best) best = d;
  }
  return best;
}

/** A vocabulary of domain words to correct towards, bucketed by length for speed. */
export class DomainVocabulary {
  private readonly byLength = new Map<number, string[]>();
  private readonly all: Set<string>;

  constructor(words: Iterable<string>) {
    this.all = new Set([...words].filter((w) => w.length >= 4 && /^[a-z][a-z0-9]*$/.test(w)));
    for (const word of [...this.all].sort()) {
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
    }
  }

  has(word: string): boolean {
    return this.all.has(word);
  }

  /**
   * The domain word nearest to `word` within its edit budget, or null. Ties go to a candidate the word is a
   * subsequence of, then one with the same first letter, then the alphabetically first (deterministic).
   */
  correct(word: string, options: { sameFirst?: boolean } = {}): { word: string; edits: number } | null {
    if (this.all.has(word)) return null;
    const budget = maxEdits(word.length);
    if (budget === 0 || !/^[a-z]+[0-9]*$/.test(word)) return null;
    let best: { word: string; edits: number; sameFirst: boolean; omission: boolean } | null = null;
    for (let length = word.length - budget; length <= word.length + budget; length++) {
      for (const candidate of this.byLength.get(length) ?? []) {
        if (options.sameFirst && candidate[0] !== word[0]) continue;
        const edits = editDistance(word, candidate, budget);
        if (edits > budget || edits > maxEdits(candidate.length)) continue;
        const sameFirst = candidate[0] === word[0];
        // Dropped letters are the commonest typo: on a tie, a candidate containing the word's letters in order wins
        // ("stdy" → study, not stay), then one with the same first letter.
        const omission = isSubsequence(word, candidate);
        if (!best || edits < best.edits || (edits === best.edits && (omission && !best.omission || (omission === best.omission && sameFirst && !best.sameFirst)))) {
          best = { word: candidate, edits, sameFirst, omission };
        }
      }
    }
    return best ? { word: best.word, edits: best.edits } : null;
  }
}

function isSubsequence(word: string, of: string): boolean {
  let k = 0;
  for (let i = 0; i < of.length && k < word.length; i++) if (of[i] === word[k]) k++;
  return k === word.length;
}

/** The words of a phrase table entry a single token may be corrected to ("hartmann", "xgboost", "max_depth"). */
export function singleWordForms(phrases: Iterable<string>): string[] {
  const out: string[] = [];
  for (const phrase of phrases) {
    const lower = phrase.toLowerCase();
    if (/^[a-z][a-z0-9]*$/.test(lower)) out.push(lower);
    for (const part of lower.split(/[\s_\-/]+/)) if (/^[a-z][a-z0-9]*$/.test(part)) out.push(part);
  }
  return out;
}

/**
 * Typo and synonym correction of the tokens' norms, before the recognizers run:
 * - a word that is neither English (the vector vocabulary) nor a domain word is bent to the nearest domain word or
 *   spoken target/parameter/metric name within the length-based edit budget ("latncy" → latency, "xgbost" →
 *   xgboost) and marked `fix: 'typo'`; a rarer English word only to a whole one-word name ("hartman" → hartmann);
 * - an English content word the vector builder found next to a domain concept is replaced by the concept's
 *   canonical word ("knobs" → parameters, "erase" → delete) and marked `fix: 'synonym'`.
 * Function words, numbers, ids and words with separators are left as they are. Without the vector table nothing is
 * changed (every word would look unknown and be bent).
 */

const FUNCTION = new Set(FUNCTION_WORDS);
let base: string[] | null = null;
let english: DomainVocabulary | null = null;
/** How many of the most frequent vocabulary words an unknown word may be corrected to. */
const COMMON_LIMIT = 5000;
interface Vocabularies {
  all: DomainVocabulary;
  names: DomainVocabulary;
  params: Set<string>;
}
const vocabularies = new WeakMap<KnownTarget[], Vocabularies>();

/** All domain words and name parts (for unknown words), and whole one-word names only (for rare English words). */
function vocabularyFor(targets: KnownTarget[]): Vocabularies {
  let found = vocabularies.get(targets);
  if (!found) {
    base ??= domainWords();
    const names = [...targetForms(targets), ...paramForms(targets), ...metricForms(targets)].map(([phrase]) => phrase);
    const whole = names.filter((n) => /^[a-z][a-z0-9]*$/.test(n));
    const params = new Set(paramForms(targets).map(([phrase]) => phrase));
    vocabularies.set(targets, (found = { all: new DomainVocabulary([...base, ...singleWordForms(names)]), names: new DomainVocabulary(whole), params }));
  }
  return found;
}

/** The tags of the words chat abbreviations expand to (wink tags the abbreviation itself as an unknown noun). */
const EXPANDED_POS: Record<string, string> = {
  stop: 'VERB', please: 'INTJ', looking: 'VERB', how: 'ADV', what: 'PRON', who: 'PRON', where: 'ADV', is: 'AUX', thanks: 'NOUN', you: 'PRON', your: 'PRON',
};

/**
 * Chat abbreviations ("stp", "plz", "hows", "u") → their words, and stems ("seeded" → seed), in place. A two-word
 * expansion becomes two tokens: "hows" → "how" (the letters it shares) + "is" (the rest of the span).
 */
export function expandAbbreviations(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const stem = STEM_FORMS[token.norm];
    if (stem) {
      token.norm = stem;
      token.fix = 'synonym';
      token.pos = 'NOUN';
      continue;
    }
    const expansion = CHAT_ABBREVIATIONS[token.norm];
    if (!expansion) continue;
    const [first, second] = expansion.split(' ') as [string, string | undefined];
    token.norm = first;
    token.fix = 'typo';
    token.pos = EXPANDED_POS[first] ?? token.pos;
    if (second === undefined) continue;
    const cut = token.text.toLowerCase().startsWith(first) ? token.start + first.length : token.end;
    const rest: Token = { text: token.text.slice(cut - token.start), norm: second, pos: EXPANDED_POS[second] ?? 'X', start: cut, end: token.end, fix: 'typo' };
    token.text = token.text.slice(0, cut - token.start);
    token.end = cut;
    tokens.splice(i + 1, 0, rest);
    i++;
  }
}

export function correctTokens(tokens: Token[], targets: KnownTarget[]): void {
  expandAbbreviations(tokens);
  if (!hasVectors()) return;
  const vocabulary = vocabularyFor(targets);
  tokens.forEach((token, i) => {
    const norm = token.norm;
    if (!/^[a-z]+[0-9]*$/.test(norm) || token.pos === 'NUM' || token.pos === 'PUNCT' || token.pos === 'X') return;
    if (isParamValue(tokens, i, vocabulary.params)) return;
    if (vocabulary.all.has(norm)) return;
    const tier = wordTier(norm);
    if (tier !== 'common') {
      // A rare English word is bent only to a whole name of a target, parameter or metric, and never a verb:
      // "hartman" → hartmann, but "resize" stays (not "resizer" of img-resizer).
      let fixed = tier === 'unknown' ? vocabulary.all.correct(norm) : token.pos === 'VERB' ? null : vocabulary.names.correct(norm);
      // An unknown word one edit from a very common English word ("thhere" → there, not the target "sphere";
      // "whih" → which) is that word; not when one is the other plus an ending ("recognizer", "automations").
      if (tier === 'unknown' && norm.length >= 4) {
        english ??= new DomainVocabulary(commonWords(COMMON_LIMIT));
        const plain = english.correct(norm, { sameFirst: true });
        if (plain && plain.edits === 1 && !norm.startsWith(plain.word) && !plain.word.startsWith(norm) && (!fixed || plain.edits < fixed.edits)) fixed = plain;
      }
      if (fixed) {
        token.norm = fixed.word;
        token.fix = 'typo';
      }
      return;
    }
    if (FUNCTION.has(norm)) return;
    const synonym = conceptOf(norm);
    if (synonym && synonym.canonical !== norm) {
      token.norm = synonym.canonical;
      token.fix = 'synonym';
    }
  });
}

/**
 * A value given to a parameter is an identifier, not a typo: "tree_method=hist", "fix tree_method at hist",
 * "booster: gbtree".
 */
function isParamValue(tokens: Token[], i: number, params: Set<string>): boolean {
  const before = tokens[i - 1]?.norm ?? '';
  if (before === '=' || before === ':') return true;
  const name = tokens[i - 2]?.norm ?? '';
  return (before === 'at' || before === 'to') && (name.includes('_') || params.has(name));
}
