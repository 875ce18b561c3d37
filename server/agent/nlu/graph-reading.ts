import type { SemanticGraph, SemanticNode } from './types.ts';
import type { Amount, Comparison, MetricRef } from './read-request.ts';

/**
 * Readers of single semantic-graph nodes for read-request.ts: the number a node holds, the metric it names, the
 * direction and the comparison that go with a metric, and the negation before it.
 */

/** The number a node holds: numbers, percents, quantities and durations (seconds). */
export function amountOf(node: SemanticNode | undefined): Amount | undefined {
  if (!node || typeof node.value !== 'number') return undefined;
  const unit = node.kind === 'percent' ? '%' : node.kind === 'duration' ? 's' : node.unit;
  return unit ? { value: node.value, unit } : { value: node.value };
}

export function metricRef(node: SemanticNode): MetricRef | null {
  if (node.kind !== 'metric' && node.kind !== 'noun') return null;
  return { metric: typeof node.value === 'string' ? node.value : node.text, text: node.text, ...(node.kind === 'metric' ? { named: true } : {}) };
}

export const SIZE_UNITS = new Set(['kb', 'mb', 'gb']);
export const SIZE_WORDS = /\b(?:smaller|smallest|shrink|shrunk|compress(?:ed)?|compact|tiny|tinier|slimmer|lighter|leaner|as (?:small|tiny|compact|light|lean) as possible)\b/
export const QUALITY_WORDS = /^(?:better|best|improve[ds]?|improving|optimal|good)$/;
export const SPEED = /\b(fast|faster|fastest|quick|quicker|quickest|snappier|snappiest|snappy|speedier|speediest|speed|sooner|zippy|zippier|zippiest|swifter|swiftest|nippier)\b/;

/** A negation ("not", "don't", "mustn't", "can't", "without") among the two nodes before this one. */
export function negated(graph: SemanticGraph, node: SemanticNode): boolean {
  return graph.nodes.slice(Math.max(0, node.id - 3), node.id).some((n) => n.kind === 'negation');
}

/** The direction word of the objective's clause: linked to it, else the nearest direction node before it, else after. */
export function directionFor(graph: SemanticGraph, node: SemanticNode, directions: SemanticNode[]): SemanticNode | undefined {
  // A speed word ("quicker") directs a latency, not the quality metric next to it ("quicker while staying accurate").
  const fits = (d: SemanticNode) => !SPEED.test(d.text) || /latency|p\d\d|batch|time|ttft|speed/.test(String(node.value ?? node.text));
  // "cut off unpromising runs early": a verb of pruning directs no metric.
  const pruning = (d: SemanticNode) => /^(?:cut|kill|stop|drop|prune|end|abort|halt|terminate)$/.test(d.text) && graph.nodes.slice(d.id + 1, d.id + 5).some((n) => n.kind === 'pruner' || /\b(?:runs?|trials?|ones|losers|configs?)\b/.test(n.text));
  const candidates = directions.filter((d) => fits(d) && !pruning(d));
  const linked = graph.edges.filter((e) => e.to === node.id && candidates.some((d) => d.id === e.from)).map((e) => graph.nodes[e.from]!);
  const between = (a: number, b: number) => graph.nodes.slice(a + 1, b).every((n) => n.kind === 'word' || n.kind === 'negation');
  const before = candidates.filter((d) => d.id < node.id && between(d.id, node.id)).at(-1);
  const after = candidates.find((d) => d.id > node.id && between(node.id, d.id));
  return linked[0] ?? before ?? after;
}

/** Comparators that say "at least as good as": a floor on what is maximized, a cap on what is minimized. */
const RELATIVE_COMPARATOR = /\b(?:no worse than|not worse than|or better|at worst)\b/;

/** A metric with its comparator and value: linked by comparator edges when there are, else the nearest in order. */
export function comparisonFor(graph: SemanticGraph, metric: SemanticNode, ops: SemanticNode[], values: SemanticNode[], constraint = false): (Comparison & { opNode?: number; valueNode?: number }) | null {
  const ref = metricRef(metric);
  if (!ref) return null;
  const linkedOp = graph.edges.find((e) => e.from === metric.id && e.type === 'comparator' && ops.some((o) => o.id === e.to));
  const op = linkedOp ? graph.nodes[linkedOp.to]! : nearest(metric, ops);
  const anchor = op ?? metric;
  const linkedValue = graph.edges.find((e) => e.from === anchor.id && e.type === 'comparator' && values.some((v) => v.id === e.to));
  const value = linkedValue ? graph.nodes[linkedValue.to]! : nearest(anchor, values, true);
  const amount = amountOf(value);
  if (!amount) return null;
  const symbol = typeof op?.value === 'string' && /^(<|<=|>|>=|==)$/.test(op.value) ? (op.value as Comparison['op']) : null;
  // A constraint's metric and value with no comparator between them ("within 15 ms at p99"): the planner decides the side.
  // A comparator role on a word the front end has no operator for ("within") says as little as none.
  if (!symbol && constraint && (!op || op.kind !== 'comparator') && value && Math.abs(value.id - metric.id) <= 3) return { ...ref, op: '<=', amount, opInferred: true, valueNode: value.id };
  if (!symbol) return null;
  // "latency no worse than 9 ms", "0.94 accuracy or better": the side follows the metric's direction (the planner's).
  if (constraint && op && RELATIVE_COMPARATOR.test(op.text)) return { ...ref, op: symbol, amount, opInferred: true, opNode: op.id, ...(value ? { valueNode: value.id } : {}) };
  // "mustn't drop under 92%" is ">= 92%"; "can't exceed 5 ms" is "<= 5 ms".
  const flipped: Record<string, Comparison['op']> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '==': '==' };
  // A constraint says what must not happen: "don't let accuracy fall below 92%", "without the error rate going past
  // 1%": a negation before the metric, or between it and its comparator, turns the motion round (>= 92%, <= 1%); both
  // cancel out. A rule keeps the event it watches (only a negation at the comparator flips it).
  let flip = op ? negated(graph, op) && !negated(graph, metric) : false;
  if (constraint && op && op.id > metric.id) {
    const between = graph.nodes.slice(metric.id + 1, op.id).some((n) => n.kind === 'negation');
    flip = negated(graph, metric) !== between;
  }
  return { ...ref, op: flip ? flipped[symbol]! : symbol, amount, ...(op ? { opNode: op.id } : {}), ...(value ? { valueNode: value.id } : {}) };
}

function nearest(node: SemanticNode, candidates: SemanticNode[], preferAfter = false): SemanticNode | undefined {
  const after = candidates.filter((c) => c.id > node.id).sort((a, b) => a.id - b.id)[0];
  const before = candidates.filter((c) => c.id < node.id).sort((a, b) => b.id - a.id)[0];
  if (preferAfter) return after ?? before;
  if (!after) return before;
  if (!before) return after;
  return after.id - node.id <= node.id - before.id ? after : before;
}
