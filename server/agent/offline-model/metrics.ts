import type { KnownMetric, KnownTarget } from './catalog.ts';

/** A metric the user talked about, with where in the text it was mentioned. */
export interface MetricMention {
  metric: KnownMetric;
  index: number;
  end: number;
  concept: string;
}

interface Concept {
  name: string;
  pattern: RegExp;
  /** Metric-name patterns tried in order against the target's metrics. */
  prefer: RegExp[];
  /** Name used when the target does not list its metrics. */
  fallback: string;
  direction: 'minimize' | 'maximize';
}

/** Synonym table: how people say a metric → which metric names it means. Specific concepts come first. */
const CONCEPTS: Concept[] = [
  { name: 'p99', pattern: /\bp99(?:\.9)?\b(?: latency)?/g, prefer: [/p99/], fallback: 'latency_p99_ms', direction: 'minimize' },
  { name: 'p95', pattern: /\bp95\b(?: latency)?/g, prefer: [/p95/, /p99/], fallback: 'latency_p95_ms', direction: 'minimize' },
  { name: 'p90', pattern: /\bp90\b(?: latency)?/g, prefer: [/p90/, /p95/, /p99/], fallback: 'latency_p90_ms', direction: 'minimize' },
  { name: 'p50', pattern: /\bp50\b(?: median)?(?: (?:prediction |inference )?latency)?/g, prefer: [/p50|median/], fallback: 'latency_p50_ms', direction: 'minimize' },
  { name: 'ttft', pattern: /\bttft\b/g, prefer: [/ttft/], fallback: 'ttft_ms', direction: 'minimize' },
  { name: 'trainable', pattern: /\b(?:(?:fewest|fewer|least|less|smallest number of|lowest number of|minimum number of|minimal number of)\s+trainable\s+(?:parameters|params|weights)|trainable (?:parameter|param) count|number of trainable (?:parameters|params|weights)|trainable (?:parameters|params|weights))\b/g, prefer: [/trainable/], fallback: 'trainable_params', direction: 'minimize' },
  { name: 'params', pattern: /\b(?:(?:fewest|fewer|least|less|smallest number of|lowest number of|minimum number of|minimal number of)\s+(?:trainable\s+)?(?:parameters|params|weights)|(?:trainable\s+)?(?:parameter|param) count|number of (?:trainable\s+)?(?:parameters|params|weights))\b/g, prefer: [/^params$/, /param/], fallback: 'params', direction: 'minimize' },
  { name: 'batch', pattern: /\bbatch(?: prediction| inference)?(?: time| latency| speed)?\b|\b(?:whole|full|entire)[- ]dataset(?: prediction| scoring| inference)?(?: pass| run| time)?\b|\b(?:predict(?:ing|s)?|scor(?:e|es|ing)|classify(?:ing)?)(?: for)? all (?:the )?rows\b|\ball (?:the )?rows at once\b/g, prefer: [/batch/], fallback: 'batch_ms', direction: 'minimize' },
  { name: 'throughput', pattern: /\b(throughput|rps|tokens per second|tok\/s)\b/g, prefer: [/throughput|rps|per_s/], fallback: 'throughput', direction: 'maximize' },
  {
    name: 'latency',
    pattern: /\b(latency|latencies|speed|fast|faster|fastest|quick(?:er)?|slow(?:er)?|inference time|prediction time|response time|run ?time|how long (?:a |an |each |one |every |the )?(?:single |individual )?(?:prediction|inference|request|call|response)s? takes?|time (?:per|for (?:a|an|each|one)) (?:single )?(?:prediction|inference|request))\b/g,
    prefer: [/latency_p99|p99/, /p95/, /p90/, /latency/, /p50/, /batch/, /time|_ms$|duration/],
    fallback: 'latency_p99_ms',
    direction: 'minimize',
  },
  { name: 'accuracy', pattern: /\b(accura(?:cy|te)|acc)\b/g, prefer: [/^accuracy$/, /acc/], fallback: 'accuracy', direction: 'maximize' },
  { name: 'auc', pattern: /\b(auc|roc auc)\b/g, prefer: [/auc/], fallback: 'auc', direction: 'maximize' },
  { name: 'f1', pattern: /\bf1\b/g, prefer: [/f1/], fallback: 'f1', direction: 'maximize' },
  { name: 'loss', pattern: /\b(loss|error rate|rmse|mse|logloss)\b/g, prefer: [/loss/, /rmse|mse/, /error/], fallback: 'loss', direction: 'minimize' },
  { name: 'memory', pattern: /\b(memory|ram|model size|footprint|(?<!(?:batch|cache|pool|beam|step|population|sample|queue|window|chunk|page|heap|font|shoe) )size)\b/g, prefer: [/mem|rss|size/], fallback: 'memory_mb', direction: 'minimize' },
];

/** Quality metrics (kept, not traded away) when a user asks only for speed. */
export const QUALITY = /accuracy|auc|f1|precision|recall|r2|score/;

/** Every metric mention in the text, resolved against the target's metrics; overlapping mentions keep the more specific one. */
export function findMetricMentions(text: string, target: KnownTarget | null): MetricMention[] {
  const mentions: MetricMention[] = [];
  const taken: Array<[number, number]> = [];
  for (const concept of CONCEPTS) {
    for (const match of text.matchAll(concept.pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      const metric = resolveConcept(concept, target);
      if (!metric) continue;
      taken.push([start, end]);
      mentions.push({ metric, index: start, end, concept: concept.name });
    }
  }
  // Metric names typed literally ("latency_p50_ms", "value").
  for (const metric of target?.metrics ?? []) {
    const re = new RegExp(`\\b${metric.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g');
    for (const match of text.matchAll(re)) {
      const end = match.index + match[0].length;
      if (taken.some(([a, b]) => match.index < b && end > a)) continue;
      taken.push([match.index, end]);
      mentions.push({ metric, index: match.index, end, concept: metric.name });
    }
  }
  return mentions.sort((a, b) => a.index - b.index);
}

function resolveConcept(concept: Concept, target: KnownTarget | null): KnownMetric | null {
  const metrics = target?.metrics ?? [];
  if (metrics.length === 0) return { name: concept.fallback, direction: concept.direction };
  for (const pattern of concept.prefer) {
    const found = metrics.find((m) => pattern.test(m.name.toLowerCase()));
    if (found) return { ...found, direction: found.direction ?? concept.direction };
  }
  return null;
}

/** Metrics measured as fractions (accuracy 0.95, error_rate 0.01): "95%" means 0.95 for them. */
export function isFraction(metric: string): boolean {
  return QUALITY.test(metric) || /rate$|ratio$|fraction$/.test(metric);
}

/** The default direction of a metric: as registered, else by name. */
export function directionOf(metric: KnownMetric): 'minimize' | 'maximize' {
  if (metric.direction) return metric.direction;
  return QUALITY.test(metric.name) || /throughput|rps/.test(metric.name) ? 'maximize' : 'minimize';
}
