import type { KnownTarget } from '../catalog.ts';
import type { ConstraintSlot } from '../intents/tuning.ts';
import { findMetricMentions, isFraction } from '../metrics.ts';
import { resolveMetric, valueIn } from './refine-tune.ts';

/**
 * Bounds said as a comparison that must not happen: "it can't get any less accurate than 0.97" (accuracy ≥ 0.97),
 * "without it getting bigger than 2 MB" (size ≤ 2 MB), "no slower than 40 ms" (latency ≤ 40 ms). The adjective names
 * the metric and the way it must not move; the number after "than" is the bound.
 */
const NEGATION = String.raw`(?:can'?t|cannot|can not|mustn'?t|must not|shouldn'?t|should not|may not|won'?t|never|no|not|without)`;
const LINK = String.raw`(?:\s+(?:it|the model|the network|the student|the net|that|this|things|they|we))?(?:\s+(?:ever|be|being|get|getting|gets|go|going|become|becoming|end up|ending up|grow|growing|turn out))*(?:\s+any)?`;
const ADJECTIVES: Record<string, { concept: string; op: '<=' | '>=' }> = {
  'less accurate': { concept: 'accuracy', op: '>=' },
  bigger: { concept: 'size', op: '<=' },
  larger: { concept: 'size', op: '<=' },
  heavier: { concept: 'size', op: '<=' },
  slower: { concept: 'latency', op: '<=' },
};
const PATTERN = new RegExp(String.raw`\b${NEGATION}${LINK}\s+(less accurate|bigger|larger|heavier|slower)\s+than\s+(\d+(?:\.\d+)?)\s*(%|percent|ms|milliseconds|s|secs?|seconds|kb|mb|gb)?(?![a-z0-9])`, 'g');

export function comparativeBounds(text: string, target: KnownTarget | null): ConstraintSlot[] {
  const out: ConstraintSlot[] = [];
  for (const match of text.matchAll(PATTERN)) {
    const [, adjective, number, unitWord] = match as unknown as [string, string, string, string | undefined];
    const meaning = ADJECTIVES[adjective]!;
    const unit = unitWord === undefined ? undefined : /^(%|percent)$/.test(unitWord) ? '%' : /^(kb|mb|gb)$/.test(unitWord) ? unitWord : /^m/.test(unitWord) ? 'ms' : 's';
    const metric = resolveMetric({ metric: meaning.concept, text: meaning.concept === 'size' ? 'model size' : meaning.concept }, target);
    if (!metric) continue;
    // "less accurate than 97" on a ratio metric is a percentage.
    const bare = unit === undefined && isFraction(metric.name) && Number(number) > 1 && Number(number) <= 100 ? '%' : unit;
    out.push({ metric: metric.name, op: meaning.op, value: valueIn(metric.name, bare ? { value: Number(number), unit: bare } : { value: Number(number) }) });
  }
  return [...out, ...unwantedMoves(text, target), ...fitsIn(text, target)];
}

/** "it has to fit in 1 MB", "fits within 300 KB": the model's size is at most that. */
const FIT = /\bfit(?:s|ting)?\s+(?:in|into|within|under|on)\s+(?:a\s+|just\s+)?(\d+(?:\.\d+)?)\s*(kb|mb|gb)\b/g;

function fitsIn(text: string, target: KnownTarget | null): ConstraintSlot[] {
  const size = resolveMetric({ metric: 'size', text: 'model size' }, target);
  if (!size) return [];
  return [...text.matchAll(FIT)].map((m) => ({ metric: size.name, op: '<=' as const, value: valueIn(size.name, { value: Number(m[1]), unit: m[2]! }) }));
}

/**
 * "Accuracy is fine at 0.96 and I don't want it to drop below 0.95" (accuracy ≥ 0.95), "never let p99 go over 30 ms"
 * (≤ 30): a move that must not happen, on the metric named or, for "it", the last one named before it.
 */
const MOVE = new RegExp(String.raw`\b(?:(?:(?:don'?t|do not|doesn'?t|does not|never) (?:want|let|allow)|not (?:let|allow)(?:ing)?|without letting)\s+(it|[a-z][a-z0-9_ ]{1,30}?)|(?:i'?d|i would|we'?d|we would) rather (?:(it|[a-z][a-z0-9_ ]{1,30}?) )?(?:did|does )?not)\s+(?:to\s+)?(?:drop|fall|dip|slip|sink|go|get|rise|climb|grow|creep|end up)\s+(below|under|lower than|less than|above|over|higher than|more than|past)\s+(\d+(?:\.\d+)?)\s*(%|percent|ms|milliseconds|kb|mb)?(?![a-z0-9])`, 'g');

function unwantedMoves(text: string, target: KnownTarget | null): ConstraintSlot[] {
  const out: ConstraintSlot[] = [];
  for (const match of text.matchAll(MOVE)) {
    const [, said, rather, side, number, unitWord] = match as unknown as [string, string | undefined, string | undefined, string, string, string | undefined];
    const subject = said ?? rather ?? 'it';
    const named = subject === 'it' ? findMetricMentions(text.slice(0, match.index), target).at(-1) : findMetricMentions(subject, target)[0];
    if (!named) continue;
    const op = /^(?:below|under|lower|less)/.test(side) ? '>=' : '<=';
    const unit = unitWord === undefined ? (isFraction(named.metric.name) && Number(number) > 1 && Number(number) <= 100 ? '%' : undefined) : /^(%|percent)$/.test(unitWord) ? '%' : /^m(s|illi)/.test(unitWord) ? 'ms' : unitWord;
    out.push({ metric: named.metric.name, op, value: valueIn(named.metric.name, unit ? { value: Number(number), unit } : { value: Number(number) }) });
  }
  return out;
}
