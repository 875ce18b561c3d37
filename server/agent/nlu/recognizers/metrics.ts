import type { KnownTarget } from '../../offline-model/catalog.ts';
import { METRIC_PHRASES } from '../lexicon.ts';
import { readNumber } from './numbers.ts';
import { buildTrie, type RecognizerContext, type Scanner, type Trie } from './scanner.ts';

/**
 * Metric mentions. The value is a literal metric name of a context target when the message says that name or its
 * spoken form ("latency_p99_ms", "error rate" → error_rate, "requests per s"), else the concept of
 * offline-model/metrics.ts ("p99 latency", "99th percentile latency" → p99; "time to first token" → ttft).
 * Literal names of targets the message names come first.
 */

const CONCEPTS = buildTrie(Object.entries(METRIC_PHRASES));
const THROUGHPUT_WORDS = ['throughput', 'rps', 'qps', 'requests per second', 'requests per sec', 'requests a second', 'req s', 'reqs per second', 'queries per second'];
const ERROR_WORDS = ['error rate', 'errors', 'error', 'errors rate', 'error ratio', 'failure rate'];
/** Without any target to resolve against, an error word is the error rate itself, not the loss concept. */
const ERROR_PHRASES = new Set(ERROR_WORDS);
/** "quick"/"fast" name latency only as what something is made or kept: "make it quick", "keep it fast", "more fast", "both quick and accurate". */
const SPEED_ADJECTIVES = new Set(['quick', 'fast']);
const SPEED_BEFORE = new Set(['it', 'them', 'more', 'less', 'so', 'very', 'really', 'be', 'is', 'are', 'stay', 'stays', 'remain', 'as', 'super', 'too', 'enough', 'both', 'and', 'but', 'yet', 'also']);

/**
 * Spoken forms of the targets' metric names: "latency_p99_ms", "latency p99 ms", "latency p99"; with `aliases`, also
 * the everyday words for a service's rate and error metrics ("throughput" → requests_per_s, "errors" → error_rate),
 * which only apply to the targets the message is about.
 */
export function metricForms(targets: KnownTarget[], aliases = false): Array<[string, string]> {
  const forms: Array<[string, string]> = [];
  for (const target of targets) {
    for (const metric of target.metrics) {
      const name = metric.name.toLowerCase();
      forms.push([name, metric.name]);
      const bare = name.replace(/_(ms|s|mb|gb|usd|pct)$/, '');
      if (bare !== name && bare.includes('_')) forms.push([bare, metric.name]);
      const perSecond = name.replace(/_per_s$/, ' per second');
      if (perSecond !== name) forms.push([perSecond, metric.name]);
      // The watched rate of a service: "throughput", "rps", "qps" name its requests_per_s.
      if (!aliases) continue;
      if (/^(?:requests|reqs|queries|req)_per_s$/.test(name)) for (const spoken of THROUGHPUT_WORDS) forms.push([spoken, metric.name]);
      if (name === 'error_rate' || name === 'errors') for (const spoken of ERROR_WORDS) forms.push([spoken, metric.name]);
    }
  }
  return forms;
}

const cache = new WeakMap<KnownTarget[], Map<string, Trie<string>>>();

/** The trie of the literal metric names of these targets (all of them for []), built once per targets list. */
function literalTrie(targets: KnownTarget[], names: string[], aliases: boolean): Trie<string> {
  let byNames = cache.get(targets);
  if (!byNames) cache.set(targets, (byNames = new Map()));
  const key = `${aliases}\n${names.join('\n')}`;
  let trie = byNames.get(key);
  if (!trie) byNames.set(key, (trie = buildTrie(metricForms(names.length === 0 ? targets : targets.filter((t) => names.includes(t.name)), aliases))));
  return trie;
}

export function recognizeMetrics(s: Scanner, context: RecognizerContext): void {
  const named = [...new Set(s.units.filter((u) => u.kind === 'target').map((u) => String(u.value)))].sort();
  // Everyday aliases ("throughput", "errors") resolve against the named targets, else against all of them.
  const literal = literalTrie(context.targets, [], named.length === 0);
  const preferred = named.length > 0 ? literalTrie(context.targets, named, true) : literal;
  for (let i = 0; i < s.length; i++) {
    const candidates = [s.match(preferred, i), s.match(literal, i), s.match(CONCEPTS, i)];
    // The longest match; on equal length a literal name beats a concept.
    let best: { to: number; value: string } | null = null;
    for (const found of candidates) if (found && (!best || found.to > best.to)) best = found;
    if (!best) continue;
    // "speed up" is a direction, "time" alone is not a metric.
    if (s.norm(i) === 'speed' && s.norm(i + 1) === 'up') continue;
    if (best.to === i + 1 && SPEED_ADJECTIVES.has(s.norm(i)) && !SPEED_BEFORE.has(s.norm(i - 1)) && s.unitAt(i - 1)?.kind !== 'target') continue;
    let value = best.value;
    const words = s.tokens.slice(i, best.to).map((t) => t.norm).join(' ');
    if (context.targets.length === 0 && value === 'loss' && ERROR_PHRASES.has(words)) value = 'error_rate';
    s.claim({ kind: 'metric', from: i, to: best.to, value });
    i = best.to - 1;
  }
}

const SPOKEN_PERCENTILES: Record<number, string> = { 50: 'p50', 90: 'p90', 95: 'p95', 99: 'p99', 99.9: 'p99', 999: 'p99' };

/**
 * A percentile said or typed apart: "p 99", "p ninety nine", "p fifty", "p ninety nine point nine". Runs before the
 * numbers, which would otherwise read the percentile as a count ("p ninety nine" → 99 trials).
 */
export function recognizeSpokenPercentiles(s: Scanner): void {
  for (let i = 0; i + 1 < s.length; i++) {
    if (s.norm(i) !== 'p' || !s.free(i, i + 1)) continue;
    const read = readNumber(s, i + 1);
    const concept = read ? SPOKEN_PERCENTILES[read.value] : undefined;
    if (!read || !concept) continue;
    // "p99 latency", "p ninety nine latency": the metric word after it belongs to the same mention.
    const after = s.match(CONCEPTS, read.to);
    const to = after && ['latency', 'p99', 'p50', 'p90', 'p95'].includes(after.value) && after.to === read.to + 1 ? after.to : read.to;
    s.claim({ kind: 'metric', from: i, to, value: concept });
    i = to - 1;
  }
}
