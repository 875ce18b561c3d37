import { COMPARATOR_PHRASES, COMPARATOR_VERBS, DIRECTION_PHRASES, NEGATIONS, POSTFIX_COMPARATORS, PRUNER_PHRASES, SAMPLER_PHRASES } from '../lexicon.ts';
import { buildTrie, type Scanner } from './scanner.ts';

/**
 * Study settings said in words: samplers and pruners (values: the registry and start_study names of
 * intents/tuning.ts), comparators (value: < <= > >= ==; "at least", "no more than", "goes over", "≥"; a negation in
 * front flips the operator: "not below" → >=, "doesn't exceed" → <=), and directions (value: minimize | maximize;
 * "reduce", "faster", "cheaper" → minimize; "boost", "higher", "better" → maximize; "more"/"less" right before a
 * metric: "more accurate").
 */

const SAMPLERS = buildTrie(Object.entries(SAMPLER_PHRASES));
const PRUNERS = buildTrie(Object.entries(PRUNER_PHRASES));
const COMPARATORS = buildTrie(Object.entries(COMPARATOR_PHRASES));
const POSTFIX = buildTrie(Object.entries(POSTFIX_COMPARATORS));
/** Modal verbs before a comparator are part of it: "must not exceed", "should stay under". */
const MODALS = new Set(['must', 'should', 'shall', 'will', 'can', 'may', 'cannot', "can't", "mustn't", "shouldn't", "won't"]);
const DIRECTIONS = buildTrie(Object.entries(DIRECTION_PHRASES));
const NEGATION = new Set(NEGATIONS);
const VERBS = new Set(COMPARATOR_VERBS);
const FLIP: Record<string, string> = { '>': '<=', '<': '>=', '>=': '<', '<=': '>', '==': '==' };
const VALUE_KINDS = new Set(['number', 'percent', 'quantity', 'duration']);
/** Words that are samplers only in a sampling context ("random" alone is often just an adjective). */
const WEAK_SAMPLERS = new Set(['random', 'randomly', 'auto', 'grid', 'genetic', 'evolutionary', 'bayesian', 'bo', 'cma']);

export function recognizeSamplersAndPruners(s: Scanner): void {
  for (let i = 0; i < s.length; i++) {
    const pruner = s.match(PRUNERS, i);
    const sampler = s.match(SAMPLERS, i);
    if (pruner && (!sampler || pruner.to >= sampler.to)) {
      s.claim({ kind: 'pruner', from: i, to: pruner.to, value: pruner.value });
      i = pruner.to - 1;
    } else if (sampler) {
      const single = sampler.to === i + 1 && WEAK_SAMPLERS.has(s.norm(i));
      // "random forest", "a random one", "auto-scaling": a weak word followed by an unrelated noun is not a sampler.
      if (single && s.norm(i) === 'random' && /^(forest|one|seed|number|state|trial|guess|word)s?$/.test(s.norm(i + 1))) continue;
      s.claim({ kind: 'sampler', from: i, to: sampler.to, value: sampler.value });
      i = sampler.to - 1;
    }
  }
}

/** A value unit starts within two tokens of `at` (articles and "of" skipped). */
function valueFollows(s: Scanner, at: number): boolean {
  for (let j = at; j < Math.min(s.length, at + 3); j++) {
    const unit = s.unitAt(j);
    if (unit && VALUE_KINDS.has(unit.kind)) return true;
    if (unit) return false;
    if (!['the', 'a', 'an', 'of', 'to', 'about', 'around', 'roughly', 'approximately', '~'].includes(s.norm(j))) return false;
  }
  return false;
}

/**
 * Where a comparator written after its value starts, or -1: right after a value ("0.9 or more", "200 ms max"); the
 * "is/as the floor" family also after the value and up to three free words naming its metric ("95% accuracy is the
 * floor", "200 ms p99 latency as the ceiling").
 */
function valueBefore(s: Scanner, at: number, phraseFirst: string): boolean {
  const gap = phraseFirst === 'is' || phraseFirst === 'as' ? 3 : 0;
  for (let j = at - 1; j >= Math.max(0, at - 1 - gap); j--) {
    const unit = s.unitAt(j);
    if (unit) return VALUE_KINDS.has(unit.kind);
    const pos = s.tokens[j]!.pos;
    if (pos === 'PUNCT' || pos === 'VERB' || pos === 'AUX' || pos === 'ADP' || pos === 'CCONJ') return false;
  }
  return false;
}

export function recognizeComparators(s: Scanner): void {
  for (let i = 0; i < s.length; i++) {
    if (s.claimed[i]) continue;
    const postfix = s.match(POSTFIX, i);
    if (postfix && valueBefore(s, i, s.norm(i))) {
      s.claim({ kind: 'comparator', from: i, to: postfix.to, value: postfix.value });
      i = postfix.to - 1;
      continue;
    }
    // "seed=7", "seed: 7": a setting, not a comparison.
    if ((s.norm(i) === '=' || s.norm(i) === ':') && /^(?:random_?)?seed$/.test(s.norm(i - 1))) continue;
    let j = i;
    let negated = false;
    if (MODALS.has(s.norm(j)) && !s.match(COMPARATORS, j)) {
      // A negative modal negates what follows: "mustn't drop under 92%" is >= 92%, "can't exceed 5 ms" is <= 5 ms.
      if (NEGATION.has(s.norm(j))) negated = true;
      j++;
    }
    // [verb] [negation] [verb] comparator: "goes over", "is not above", "doesn't go below", "never drops under".
    if (VERBS.has(s.norm(j)) && !s.match(COMPARATORS, j)) j++;
    if (NEGATION.has(s.norm(j)) && !s.match(COMPARATORS, j)) {
      negated = true;
      j++;
    }
    if (j > i && VERBS.has(s.norm(j)) && !s.match(COMPARATORS, j)) j++;
    const found = s.match(COMPARATORS, j);
    if (!found || !s.free(i, found.to)) continue;
    const symbol = /^[<>=≥≤]/.test(s.norm(j));
    if (!symbol && !valueFollows(s, found.to)) continue;
    s.claim({ kind: 'comparator', from: i, to: found.to, value: negated ? FLIP[found.value] ?? found.value : found.value });
    i = found.to - 1;
  }
}

export function recognizeDirections(s: Scanner): void {
  for (let i = 0; i < s.length; i++) {
    const found = s.match(DIRECTIONS, i);
    if (!found) continue;
    // "less"/"fewer" are directions only before a measurable word, handled after metrics; here they stay words.
    if (found.to === i + 1 && (s.norm(i) === 'less' || s.norm(i) === 'fewer')) continue;
    s.claim({ kind: 'direction', from: i, to: found.to, value: found.value });
    i = found.to - 1;
  }
}

/** "more accurate", "most accurate", "less memory", "higher throughput": the adverb before a metric is its direction. */
export function recognizeMetricAdverbs(s: Scanner): void {
  for (let i = 0; i + 1 < s.length; i++) {
    const norm = s.norm(i);
    const next = s.unitAt(i + 1);
    if (s.claimed[i] || next?.kind !== 'metric' || next.from !== i + 1) continue;
    if (norm === 'more' || norm === 'most') s.claim({ kind: 'direction', from: i, to: i + 1, value: 'maximize' });
    else if (norm === 'less' || norm === 'least' || norm === 'fewer') s.claim({ kind: 'direction', from: i, to: i + 1, value: 'minimize' });
  }
}
