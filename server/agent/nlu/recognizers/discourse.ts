import { MAKING_VERBS, NEGATIONS, REFERENCE_NOUNS, REFERENCE_WORDS } from '../lexicon.ts';
import type { Scanner } from './scanner.ts';

/**
 * Words that point back at earlier turns and negations. A reference's value is the kind of entity it names
 * ("rule" for "the alert I just made", "study" for "that run", "any" for "it"/"that one"): the graph links it to
 * the context nodes of that kind. "that"/"this" count only as pronouns ("stop that") or before a reference noun
 * ("that rule"), not as a conjunction ("make sure that accuracy …").
 */

const DETERMINERS = new Set(['the', 'that', 'this', 'my', 'your', 'those', 'these', 'our']);
const TIME_ADJECTIVES = new Set(['last', 'latest', 'previous', 'same', 'recent', 'current', 'earlier', 'new', 'first', 'old', 'existing', 'best', 'top', 'fastest',
  'worst', 'other', 'second', 'winning', 'most']);
/** Words after a reference noun that keep it pointing back: "the alert from before", "the study from earlier". */
const BACK = new Set(['before', 'earlier', 'yesterday', 'today', 'previously']);
const SUBJECTS = new Set(['i', 'you', 'we']);
const MAKING = new Set(MAKING_VERBS);
const NEGATION = new Set(NEGATIONS);
const WORDS = new Set(REFERENCE_WORDS);

function nounKind(word: string): string | undefined {
  return REFERENCE_NOUNS[word];
}

export function recognizeReferences(s: Scanner): void {
  for (let i = 0; i < s.length; i++) {
    if (s.claimed[i]) continue;
    const word = s.norm(i);
    let j = i;
    const determiner = DETERMINERS.has(word);
    if (determiner) j++;
    let adjective = false;
    while (TIME_ADJECTIVES.has(s.norm(j)) && s.free(j, j + 1) && j < i + 3) {
      adjective = true;
      j++;
    }
    // "a target that runs `…`": a verb after "that" is a relative clause, not "that run".
    const verbAfterThat = word === 'that' && ['VERB', 'AUX'].includes(s.tokens[j]?.pos ?? '');
    const kind = s.free(j, j + 1) && !verbAfterThat ? nounKind(s.norm(j)) : undefined;
    if ((determiner || adjective) && kind && j > i) {
      let to = j + 1;
      // Compounds: "the tuning run", "that load test".
      while (to < s.length && s.free(to, to + 1) && nounKind(s.norm(to)) && to < j + 3) to++;
      if (s.norm(to) === 'from' && BACK.has(s.norm(to + 1)) && s.free(to, to + 2)) to += 2;
      else if (BACK.has(s.norm(to)) && s.free(to, to + 1)) to++;
      // "the alert (that) I just made", "the rule you created", "the study we started earlier".
      let k = to;
      if (s.norm(k) === 'that' || s.norm(k) === 'which') k++;
      if (SUBJECTS.has(s.norm(k))) {
        k++;
        while (['just', 'recently', 'already', 'have', "'ve", 'had'].includes(s.norm(k))) k++;
        if (MAKING.has(s.norm(k))) {
          k++;
          while (['up', 'off', 'earlier', 'before', 'today', 'just', 'now', 'recently'].includes(s.norm(k))) k++;
          to = k;
        }
      }
      const demonstrative = word === 'that' || word === 'this' || word === 'those' || word === 'these';
      // "that rule", "the last study", "last run", "the alert I just made", "the tuning run", "the alert from before";
      // not "the rule" alone ("list the rules").
      if (s.free(i, to) && (demonstrative || adjective || to > j + 1)) {
        s.claim({ kind: 'reference', from: i, to, value: kind });
        i = to - 1;
        continue;
      }
    }
    // "the same", "the same thing".
    if (word === 'the' && s.norm(i + 1) === 'same' && s.free(i, i + 2)) {
      s.claim({ kind: 'reference', from: i, to: i + 2, value: 'any' });
      i++;
      continue;
    }
    // "do it again", "again with 64 connections", "run that again": "again" repeats the last command, URL or study.
    if (word === 'again' || (word === 'once' && s.norm(i + 1) === 'more')) {
      const to = word === 'once' ? i + 2 : i + 1;
      if (s.free(i, to)) s.claim({ kind: 'reference', from: i, to, value: 'any' });
      i = to - 1;
      continue;
    }
    if (!WORDS.has(word)) continue;
    if ((word === 'that' || word === 'this') && !pronoun(s, i)) continue;
    s.claim({ kind: 'reference', from: i, to: i + 1, value: 'any' });
  }
}

/** "that"/"this" as a pronoun: tagged so, or followed by nothing, punctuation, a verb or a preposition. */
function pronoun(s: Scanner, i: number): boolean {
  const token = s.tokens[i]!;
  // "why is that better?", "why does that use so many trees?": the subject after a question's auxiliary.
  if (['is', 'does', 'did', 'was', 'was', "isn't", "doesn't", 'has', 'will', 'would', 'can', 'should'].includes(s.norm(i - 1))) return true;
  // "run that again", "do this instead".
  if (['again', 'too', 'instead', 'once', 'one'].includes(s.norm(i + 1)) && s.norm(i + 2) !== 'of') return true;
  if (token.pos === 'SCONJ') return false;
  // "a target called scorer that runs `…`", "the config that won": a relative pronoun after a noun, not a pointer back.
  const before = s.tokens[i - 1];
  const after = s.tokens[i + 1];
  if (before && after && ['NOUN', 'PROPN', 'NUM', 'X'].includes(before.pos) && ['VERB', 'AUX'].includes(after.pos)) return false;
  if (token.pos === 'PRON') return true;
  return !after || ['PUNCT', 'VERB', 'AUX', 'ADP', 'ADV', 'CCONJ', 'PART'].includes(after.pos);
}

export function recognizeNegations(s: Scanner): void {
  for (let i = 0; i < s.length; i++) {
    if (!s.claimed[i] && NEGATION.has(s.norm(i))) s.claim({ kind: 'negation', from: i, to: i + 1, value: 'not' });
  }
}
