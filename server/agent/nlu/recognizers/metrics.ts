import type { KnownTarget } from '../../offline-model/catalog.ts';
import { METRIC_PHRASES } from '../lexicon.ts';
import { buildTrie, type RecognizerContext, type Scanner, type Trie } from './scanner.ts';

/**
 * Metric mentions. The value is a literal metric name of a context target when the message says that name or its
 * spoken form ("latency_p99_ms", "error rate" → error_rate, "requests per s"), else the concept of
 * offline-model/metrics.ts ("p99 latency", "99th percentile latency" → p99; "time to first token" → ttft).
 * Literal names of targets the message names come first.
 */

const CONCEPTS = buildTrie(Object.entries(METRIC_PHRASES));

/** Spoken forms of the targets' metric names: "latency_p99_ms", "latency p99 ms", "latency p99". */
export function metricForms(targets: KnownTarget[]): Array<[string, string]> {
  const forms: Array<[string, string]> = [];
  for (const target of targets) {
    for (const metric of target.metrics) {
      const name = metric.name.toLowerCase();
      forms.push([name, metric.name]);
      const bare = name.replace(/_(ms|s|mb|gb|usd|pct)$/, '');
      if (bare !== name && bare.includes('_')) forms.push([bare, metric.name]);
      const perSecond = name.replace(/_per_s$/, ' per second');
      if (perSecond !== name) forms.push([perSecond, metric.name]);
    }
  }
  return forms;
}

const cache = new WeakMap<KnownTarget[], Map<string, Trie<string>>>();

/** The trie of the literal metric names of these targets (all of them for ''), built once per targets list. */
function literalTrie(targets: KnownTarget[], names: string[]): Trie<string> {
  let byNames = cache.get(targets);
  if (!byNames) cache.set(targets, (byNames = new Map()));
  const key = names.join('\n');
  let trie = byNames.get(key);
  if (!trie) byNames.set(key, (trie = buildTrie(metricForms(names.length === 0 ? targets : targets.filter((t) => names.includes(t.name))))));
  return trie;
}

export function recognizeMetrics(s: Scanner, context: RecognizerContext): void {
  const named = [...new Set(s.units.filter((u) => u.kind === 'target').map((u) => String(u.value)))].sort();
  const literal = literalTrie(context.targets, []);
  const preferred = named.length > 0 ? literalTrie(context.targets, named) : literal;
  for (let i = 0; i < s.length; i++) {
    const candidates = [s.match(preferred, i), s.match(literal, i), s.match(CONCEPTS, i)];
    // The longest match; on equal length a literal name beats a concept.
    let best: { to: number; value: string } | null = null;
    for (const found of candidates) if (found && (!best || found.to > best.to)) best = found;
    if (!best) continue;
    // "speed up" is a direction, "time" alone is not a metric.
    if (s.norm(i) === 'speed' && s.norm(i + 1) === 'up') continue;
    s.claim({ kind: 'metric', from: i, to: best.to, value: best.value });
    i = best.to - 1;
  }
}
