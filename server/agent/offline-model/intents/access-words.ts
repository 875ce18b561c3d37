import { distance } from 'fastest-levenshtein';

/*
 * The words of access questions (issue 16: "could alice load-test 10.0.0.5 for 5 minutes?", "why was my benchmark
 * refused?") read through typos. These questions are planned by deterministic rules placed before the graph encoder
 * (its intents have no access reading, and retraining it would move every other intent), so the typo tolerance the
 * encoder's front end gives other requests is given here by a small corrector over this area's own words.
 */

/** Words an access question turns on; a near miss of one of them is read as it. */
const VOCABULARY = [
  'could', 'would', 'should', 'allowed', 'permitted', 'permission', 'authorized', 'benchmark', 'benchmarks', 'benchmarking',
  'study', 'studies', 'trials', 'minutes', 'seconds', 'hours', 'denied', 'refused', 'rejected', 'blocked', 'forbidden',
  'disallowed', 'requests', 'request', 'against', 'start', 'launch', 'today', 'audit', 'decisions', 'denials', 'refusals',
  'parallel', 'command', 'commands', 'controller', 'yesterday', 'stress', 'load', 'test', 'testing', 'optimize', 'tuning',
];
const KNOWN = new Set(VOCABULARY);

/** Real words one edit away from a vocabulary word that must stay what they are. */
const KEEP = new Set(['reused', 'refuse', 'block', 'blocks', 'locked', 'stars', 'start', 'state', 'stat', 'studio', 'ours', 'test', 'text', 'best', 'rest', 'last', 'lost', 'least', 'list', 'most', 'cold', 'told', 'hold', 'sold', 'loaf', 'road', 'lead', 'read', 'load', 'lad', 'denies', 'denier', 'studied', 'trial', 'minute', 'second', 'hour', 'tests', 'start', 'starts', 'started', 'request', 'decision', 'denial', 'refusal', 'allows', 'allow', 'permits', 'permit', 'against', 'audits', 'launch']);

/** Edit distance with a swap of two adjacent letters counted as one edit ("stduy" is one edit from "study"). */
function editDistance(a: string, b: string): number {
  const plain = distance(a, b);
  if (plain < 2) return plain;
  let best = plain;
  for (let i = 0; i + 1 < a.length; i++) {
    if (a[i] === a[i + 1]) continue;
    best = Math.min(best, 1 + distance(a.slice(0, i) + a[i + 1] + a[i] + a.slice(i + 2), b));
  }
  return best;
}

/** Edits allowed for a word of this length: short words have too many neighbours to guess. */
function budget(length: number): number {
  if (length <= 3) return 0;
  if (length <= 7) return 1;
  return 2;
}

/** The vocabulary word a typo stands for, or the word itself. */
function correctWord(word: string): string {
  if (KNOWN.has(word) || KEEP.has(word) || !/^[a-z]+$/.test(word)) return word;
  const limit = budget(word.length);
  if (limit === 0) return word;
  let best: { word: string; edits: number } | null = null;
  for (const candidate of VOCABULARY) {
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const edits = editDistance(word, candidate);
    if (edits <= limit && (!best || edits < best.edits)) best = { word: candidate, edits };
  }
  return best?.word ?? word;
}

/**
 * The normalized text with this area's words corrected ("coud alice laod-test" → "could alice load-test"), hyphenated
 * durations split ("5-minute" → "5 minute") and the load-test spellings folded to "load-test".
 */
export function accessText(text: string): string {
  const corrected = text.replace(/[a-z]+/g, correctWord);
  return corrected
    .replace(/\b(\d+(?:\.\d+)?)-(second|minute|hour)s?\b/g, '$1 $2s')
    .replace(/\b(load|stress)[ -]?test(s|ing|ed)?\b/g, '$1-test$2');
}

/** Whether a word is (a typo of) "you": "can yuo …" is a request to the assistant, not a question about a user. */
export function isYou(word: string): boolean {
  return /^(?:u|ya|yu|you|yo|yuo|yiu|youu|yoy|ye)$/.test(word);
}
