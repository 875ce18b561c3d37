import { DROPPED_WORDS, FOLLOW_UP_WORDS, QUESTION_WORDS } from '../lexicon.ts';
import { domainConcept } from '../word-vectors.ts';
import type { Scanner } from './scanner.ts';

/**
 * What no domain recognizer took: verbs become 'verb' units, runs of adjacent ADJ/NOUN/PROPN with at least one
 * noun become one 'noun' unit ("random forest model"), everything else kept becomes a 'word' (prepositions,
 * adverbs, lone adjectives, pronouns, question words, "and"/"or"). Punctuation, "a"/"an"/"the", possessive "'s"
 * and other determiners (except question words) are dropped. A word with a domain concept ("knobs" → param,
 * "matter" → importance) stays a unit of its own, so a tagging slip ("knobs matter" as one noun) does not hide it.
 */
const NOUNISH = new Set(['NOUN', 'PROPN', 'ADJ']);
const DROPPED = new Set(DROPPED_WORDS);
const QUESTIONS = new Set(QUESTION_WORDS);
/** Adjectives that say "how many more" or "which one" rather than describe: kept as words, never merged into a noun. */
const ALONE = new Set([...FOLLOW_UP_WORDS, 'more', 'extra', 'additional', 'other', 'another', 'same', 'last', 'next', 'first', 'previous', 'new', 'own', 'best', 'top', 'latest']);

export function recognizeWords(s: Scanner): void {
  for (let i = 0; i < s.length; i++) {
    if (s.claimed[i]) continue;
    const token = s.tokens[i]!;
    const norm = token.norm;
    if (token.pos === 'PUNCT' || token.pos === 'SYM' || /^[^\p{L}\p{N}]+$/u.test(norm) || norm === "'s" || DROPPED.has(norm)) continue;
    if (token.pos === 'DET' && !QUESTIONS.has(norm) && !['all', 'both', 'no', 'another', 'other', 'every', 'each', 'any'].includes(norm)) continue;
    if (token.pos === 'VERB') {
      s.claim({ kind: 'verb', from: i, to: i + 1 });
      continue;
    }
    if (NOUNISH.has(token.pos) && !domainConcept(norm) && !ALONE.has(norm)) {
      let to = i + 1;
      while (to < s.length && !s.claimed[to] && NOUNISH.has(s.tokens[to]!.pos) && !domainConcept(s.norm(to)) && !ALONE.has(s.norm(to)) && !/^[^\p{L}\p{N}]+$/u.test(s.norm(to))) to++;
      const hasNoun = s.tokens.slice(i, to).some((t) => t.pos !== 'ADJ');
      if (hasNoun) {
        s.claim({ kind: 'noun', from: i, to });
        i = to - 1;
        continue;
      }
    }
    s.claim({ kind: (token.pos === 'NOUN' || token.pos === 'PROPN') && !ALONE.has(norm) ? 'noun' : 'word', from: i, to: i + 1 });
  }
}
