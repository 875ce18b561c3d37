import { parseNumber } from '../../offline-model/normalize.ts';
import { COUNT_PHRASES, NUMBER_SCALES, NUMBER_WORDS, QUANTITY_UNITS, TIME_UNITS } from '../lexicon.ts';
import { buildTrie, type Scanner } from './scanner.ts';

/**
 * Numbers and what they measure: bare numbers ("40", "1,000", "1k", "forty", "a dozen", "a couple of"), percentages
 * ("92%", "92 percent", "92 per cent" → 92 with unit "%"), durations in seconds ("90 seconds", "ten minutes",
 * "half an hour", "1.5h", "an hour and a half") and quantities with a measurement unit ("50ms", "500 rps",
 * "500 requests per second", "128 tokens", "64 connections", "$5"). Counted nouns ("50 trials", "8 workers") stay
 * a number and a noun, linked by a unit edge in the graph.
 */

const TIME = buildTrie(Object.entries(TIME_UNITS));
const QUANTITY = buildTrie(Object.entries(QUANTITY_UNITS));
const COUNTS = buildTrie(Object.entries(COUNT_PHRASES));
const PERCENT = buildTrie([['%', '%'], ['percent', '%'], ['per cent', '%'], ['pct', '%'], ['percentage points', '%'], ['percent points', '%']]);
/** Words after which "one" is a pronoun, not a number ("that one", "the best one"). */
const ONE_PRONOUN = new Set(['the', 'this', 'that', 'which', 'last', 'best', 'same', 'new', 'each', 'every', 'any', 'another', 'no', 'first', 'previous', 'other', 'latest', 'good', 'better', 'fastest', 'only', 'top', 'worst', 'winning', 'recent', 'second']);
/** Counts said as adverbs. */
const TIMES_WORDS: Record<string, number> = { once: 1, twice: 2, thrice: 3 };
const MORE = new Set(['more', 'extra', 'additional', 'further']);
const NUMERIC = /^(?:\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?k?|\.\d+)$/;

interface Read {
  value: number;
  to: number;
}

/** Digits said one by one after "point": "zero point nine five", "point nine", "oh point oh five". */
const DIGIT_WORDS: Record<string, number> = { zero: 0, oh: 0, o: 0, nought: 0, naught: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 };
const NOT_BEFORE_POINT = new Set(['this', 'that', 'the', 'a', 'some', 'which', 'what', 'any', 'no', 'one', 'each', 'every', 'my', 'your', 'good', 'fair']);

/** "point nine five" at token i (after an integer part, or alone) → the fraction and the end token. */
function spokenFraction(s: Scanner, i: number): Read | null {
  if (s.norm(i) !== 'point' || !s.free(i, i + 1)) return null;
  let digits = '';
  let to = i + 1;
  while (to < s.length && s.free(to, to + 1) && DIGIT_WORDS[s.norm(to)] !== undefined) digits += String(DIGIT_WORDS[s.norm(to++)]);
  return digits ? { value: Number(`0.${digits}`), to } : null;
}

/** A number starting at token i: digits, number words (with a spoken fraction), or a counting phrase. */
export function readNumber(s: Scanner, i: number): Read | null {
  // "nought point nine", "oh point five".
  const zero = DIGIT_WORDS[s.norm(i)] === 0 && s.free(i, i + 1) ? spokenFraction(s, i + 1) : null;
  if (zero) return zero;
  const read = readWholeNumber(s, i);
  if (read) {
    const fraction = /^[a-z]+$/.test(s.norm(read.to - 1)) ? spokenFraction(s, read.to) : null;
    return fraction ? { value: read.value + fraction.value, to: fraction.to } : read;
  }
  if (NOT_BEFORE_POINT.has(s.norm(i - 1)) || s.tokens[i - 1]?.pos === 'DET') return null;
  return spokenFraction(s, i);
}

function readWholeNumber(s: Scanner, i: number): Read | null {
  if (!s.free(i, i + 1)) return null;
  const norm = s.norm(i);
  if (NUMERIC.test(norm) && /\d/.test(norm)) {
    let value = parseNumber(norm);
    let to = i + 1;
    const scale = NUMBER_SCALES[s.norm(to)];
    if (scale && s.free(to, to + 1)) {
      value *= scale;
      to++;
    }
    return Number.isFinite(value) ? { value, to } : null;
  }
  const count = s.match(COUNTS, i);
  if (count) {
    // "a couple hundred", "a few thousand", "a few dozen".
    const scale = s.norm(count.to) === 'dozen' ? 12 : NUMBER_SCALES[s.norm(count.to)];
    if (scale && s.free(count.to, count.to + 1)) return { value: count.value * scale, to: count.to + 1 };
    let to = count.to;
    if (s.norm(to) === 'of' && s.free(to, to + 1)) to++;
    return { value: count.value, to };
  }
  const words = readNumberWords(s, i);
  // "two dozen".
  if (words && s.norm(words.to) === 'dozen' && s.free(words.to, words.to + 1)) return { value: words.value * 12, to: words.to + 1 };
  return words;
}

/** "forty", "twenty-five", "two hundred and fifty", "a hundred", "three thousand". */
function readNumberWords(s: Scanner, i: number): Read | null {
  let total = 0;
  let current = 0;
  let any = false;
  let to = i;
  let lastWasHundred = false;
  for (let t = i; t < s.length && s.free(t, t + 1); t++) {
    const parts = s.norm(t).split('-');
    let ok = true;
    let step = 0;
    for (const [k, part] of parts.entries()) {
      // "a hundred", "another hundred".
      if ((part === 'a' || part === 'an' || part === 'another') && t === i && parts.length === 1) {
        const next = s.norm(t + 1);
        if (!NUMBER_SCALES[next]) return null;
        step = 1;
        current = 1;
        any = true;
        continue;
      }
      if (part === 'and' && lastWasHundred && k === 0 && parts.length === 1 && NUMBER_WORDS[s.norm(t + 1).split('-')[0] ?? ''] !== undefined) {
        step = 0;
        continue;
      }
      const unitValue = NUMBER_WORDS[part];
      const scale = NUMBER_SCALES[part];
      if (unitValue !== undefined) {
        // "twenty five", "one hundred five", not "nine five" (digits said one by one are two numbers).
        const rest = current % 100;
        if (unitValue >= 10 ? rest !== 0 : rest % 10 !== 0 || (rest > 0 && rest < 20)) {
          ok = false;
          break;
        }
        current += unitValue;
        lastWasHundred = false;
      } else if (scale === 100 && any) {
        current = (current || 1) * 100;
        lastWasHundred = true;
      } else if (scale !== undefined && any) {
        total += (current || 1) * scale;
        current = 0;
        lastWasHundred = false;
      } else {
        ok = false;
        break;
      }
      any = true;
    }
    if (!ok) break;
    if (step === 0 && !any) break;
    to = t + 1;
  }
  // "hundred trials", "thousand requests": a scale word alone before a counted noun.
  if (!any && NUMBER_SCALES[s.norm(i)] && s.free(i, i + 1) && ['NOUN', 'PROPN'].includes(s.tokens[i + 1]?.pos ?? '')) return { value: NUMBER_SCALES[s.norm(i)]!, to: i + 1 };
  if (!any || to === i) return null;
  // "one" after a determiner is a pronoun ("that one"); alone before "of" it is "one of them".
  if (to === i + 1 && s.norm(i) === 'one' && (ONE_PRONOUN.has(s.norm(i - 1)) || s.norm(i + 1) === 'of')) return null;
  // A trailing "and" belongs to the sentence, not the number.
  while (to > i + 1 && s.norm(to - 1) === 'and') to--;
  return { value: total + current, to };
}

/** A time unit at token i: seconds per unit and the end token. */
function readTimeUnit(s: Scanner, i: number): { seconds: number; to: number } | null {
  const found = s.match(TIME, i);
  return found ? { seconds: found.value, to: found.to } : null;
}

/** "and a half" at token i → 0.5 and the end token. */
function andAHalf(s: Scanner, i: number): number | null {
  return s.norm(i) === 'and' && s.norm(i + 1) === 'a' && s.norm(i + 2) === 'half' && s.free(i, i + 3) ? i + 3 : null;
}

export function recognizeNumbers(s: Scanner): void {
  for (let i = 0; i < s.length; i++) {
    if (s.claimed[i]) continue;
    const norm = s.norm(i);
    // "half a percent".
    if (norm === 'half' && s.norm(i + 1) === 'a') {
      const percent = s.match(PERCENT, i + 2);
      if (percent && s.free(i, percent.to)) {
        s.claim({ kind: 'percent', from: i, to: percent.to, value: 0.5, unit: '%' });
        i = percent.to - 1;
        continue;
      }
    }
    // "half an hour", "half a minute", "an extra half hour", "half-hour".
    if (norm === 'half' || norm === 'half-hour') {
      const article = s.norm(i + 1) === 'an' || s.norm(i + 1) === 'a' ? 1 : 0;
      const unit = norm === 'half-hour' ? { seconds: 3600, to: i + 1 } : readTimeUnit(s, i + 1 + article);
      if (unit && s.free(i, unit.to)) {
        s.claim({ kind: 'duration', from: i, to: unit.to, value: unit.seconds / 2, unit: 's' });
        i = unit.to - 1;
        continue;
      }
    }
    // "a quarter of an hour", "quarter of an hour".
    if ((norm === 'quarter' || (norm === 'a' && s.norm(i + 1) === 'quarter')) && s.free(i, i + 1)) {
      const q = norm === 'a' ? i + 1 : i;
      const article = s.norm(q + 2) === 'an' || s.norm(q + 2) === 'a' ? q + 3 : q + 2;
      const unit = s.norm(q + 1) === 'of' ? readTimeUnit(s, article) : null;
      if (unit && s.free(i, unit.to)) {
        s.claim({ kind: 'duration', from: i, to: unit.to, value: unit.seconds / 4, unit: 's' });
        i = unit.to - 1;
        continue;
      }
    }
    // "an hour", "a minute", "another hour" (not "a second": "a second study").
    if ((norm === 'a' || norm === 'an' || norm === 'another') && s.norm(i + 1) !== 'second') {
      // "a full minute", "a whole hour", "a good hour".
      const filler = ['full', 'whole', 'good', 'solid'].includes(s.norm(i + 1)) ? 1 : 0;
      const unit = readTimeUnit(s, i + 1 + filler);
      if (unit && s.free(i, unit.to) && unit.seconds >= 60) {
        let to = unit.to;
        let seconds = unit.seconds;
        const half = andAHalf(s, to);
        if (half !== null) {
          seconds *= 1.5;
          to = half;
        }
        s.claim({ kind: 'duration', from: i, to, value: seconds, unit: 's' });
        i = to - 1;
        continue;
      }
    }
    // "warm up once", "warmup twice": a count of warm-up runs said as an adverb.
    const warm = norm === 'warmup' || norm === 'warmups' ? i + 1 : norm === 'warm' && s.norm(i + 1) === 'up' ? i + 2 : -1;
    if (warm > 0 && TIMES_WORDS[s.norm(warm)] !== undefined && s.free(i, warm + 1)) {
      s.claim({ kind: 'quantity', from: i, to: warm + 1, value: TIMES_WORDS[s.norm(warm)]!, unit: 'warmup' });
      i = warm;
      continue;
    }
    // "$5", "$0.50".
    if (norm === '$') {
      const read = readNumber(s, i + 1);
      if (read) {
        s.claim({ kind: 'quantity', from: i, to: read.to, value: read.value, unit: 'usd' });
        i = read.to - 1;
        continue;
      }
    }
    const read = readNumber(s, i);
    if (!read) continue;
    let { value, to } = read;
    // "ten more minutes", "5 extra seconds": the count and its time unit around "more".
    if (MORE.has(s.norm(to)) && readTimeUnit(s, to + 1) && s.free(to, to + 1)) {
      const unit = readTimeUnit(s, to + 1)!;
      if (s.free(to + 1, unit.to)) {
        s.claim({ kind: 'duration', from: i, to: unit.to, value: round(value * unit.seconds), unit: 's' });
        i = unit.to - 1;
        continue;
      }
    }
    const half = andAHalf(s, to);
    const percent = s.match(PERCENT, to);
    const time = readTimeUnit(s, half ?? to);
    if (percent) {
      s.claim({ kind: 'percent', from: i, to: percent.to, value, unit: '%' });
      to = percent.to;
    } else if (time && !(s.norm(half ?? to) === 'm' && s.tokens[half ?? to]?.text === 'M')) {
      if (half !== null) value += 0.5;
      let seconds = value * time.seconds;
      let end = time.to;
      const tail = andAHalf(s, end);
      if (tail !== null) {
        seconds += time.seconds / 2;
        end = tail;
      }
      // "1 hour 30 minutes", "2 minutes and 30 seconds".
      const join = s.norm(end) === 'and' ? end + 1 : end;
      const more = readNumber(s, join);
      const moreUnit = more ? readTimeUnit(s, more.to) : null;
      if (more && moreUnit && moreUnit.seconds < time.seconds) {
        seconds += more.value * moreUnit.seconds;
        end = moreUnit.to;
      }
      s.claim({ kind: 'duration', from: i, to: end, value: round(seconds), unit: 's' });
      to = end;
    } else {
      const quantity = s.match(QUANTITY, to);
      if (quantity) {
        s.claim({ kind: 'quantity', from: i, to: quantity.to, value, unit: quantity.value });
        to = quantity.to;
      } else if (to === i + 1 && s.norm(i) === 'one' && !beforeNoun(s, i + 1)) {
        // "one more thing", "quick one": a bare "one" is a number only before a counted noun ("one (more) trial").
        continue;
      } else {
        s.claim({ kind: 'number', from: i, to, value });
      }
    }
    i = to - 1;
  }
}

const NOT_COUNTED = new Set(['thing', 'question', 'way', 'sec', 'moment', 'day', 'point']);
function beforeNoun(s: Scanner, at: number): boolean {
  const next = ['more', 'extra', 'additional', 'last', 'final'].includes(s.norm(at)) ? at + 1 : at;
  return ['NOUN', 'PROPN'].includes(s.tokens[next]?.pos ?? '') && !NOT_COUNTED.has(s.norm(next));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
