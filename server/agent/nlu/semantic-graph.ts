import { correctTokens } from './fuzzy.ts';
import { FOLLOW_UP_WORDS, POSTFIX_COMPARATORS } from './lexicon.ts';
import { tokenize } from './nlp.ts';
import { recognize, type Unit } from './recognizers/index.ts';
import type { EdgeType, GraphContext, PriorEntities, SemanticEdge, SemanticGraph, SemanticNode, Token } from './types.ts';

/**
 * The message as a semantic graph: one node per unit (number with its unit, metric, target, verb, noun phrase, …)
 * in text order, then one 'context' node per entity the earlier turns left (study, its target and metrics, rule,
 * URL, command, listed sessions). Edges, each directed with a weight:
 * - self loops; next/prev between consecutive message nodes;
 * - modifier → head between adjacent units ("inference" → "latency", "xgboost" → "model");
 * - comparator: comparator → its value, metric → comparator (the nearest metric before in the clause, else after
 *   the value: "above 0.95 accuracy");
 * - unit: a number → the counted noun right after it ("50" → "trials", "50 more trials");
 * - object: verb or direction → the next noun/metric/target/url/… before the next verb;
 * - negation → the next non-word unit; coordination between the units around "and"/"or"/",";
 * - reference: reference nodes → context nodes (1 to entities of the kind the reference names, 0.5 to others),
 *   follow-up words ("stop", "more", "again", …) → every context node with weight 0.5; context target/metrics → study.
 *
 * Input size limit: at most MAX_NODES nodes. Longer messages are truncated: units past the limit (after room for
 * the context nodes) are dropped, and only the first MAX_CHARS characters are read at all, so only the start of a
 * very long message is understood. `graph.text` stays the whole message.
 */

export const MAX_NODES = 64;
/** Characters read: far more than MAX_NODES units ever need, so a pasted log does not cost tagging time. */
export const MAX_CHARS = 2000;

/** The start of the text, cut at a space before MAX_CHARS. */
function readable(text: string): string {
  if (text.length <= MAX_CHARS) return text;
  const cut = text.lastIndexOf(' ', MAX_CHARS);
  return text.slice(0, cut > MAX_CHARS / 2 ? cut : MAX_CHARS);
}

const VALUE_KINDS = new Set(['number', 'percent', 'quantity', 'duration']);
const OBJECT_KINDS = new Set(['noun', 'metric', 'target', 'url', 'command', 'param', 'reference', 'identifier', 'sampler', 'pruner', 'method']);
const HEAD_KINDS = new Set(['noun', 'metric', 'target']);
const CLAUSE_BREAK = new Set(['and', 'or', 'but', 'while', 'then', 'if', 'when', 'whereas', 'so']);
const FOLLOW_UPS = new Set(FOLLOW_UP_WORDS);
const MAX_PRIOR_METRICS = 3;
const MORE = new Set(['more', 'extra', 'additional', 'new']);
const SEED_LINKS = new Set(['with', 'of', 'to', 'is', 'at', 'as', 'equal', 'equals']);

export function buildGraph(text: string, context: GraphContext): SemanticGraph {
  const tokens = tokenize(readable(text));
  correctTokens(tokens, context.targets);
  const units = recognize(tokens, { targets: context.targets });
  const contextNodes = priorNodes(context.prior);
  const room = MAX_NODES - contextNodes.length;
  const nodes: SemanticNode[] = units.slice(0, room).map((unit, id) => toNode(unit, id, tokens));
  const messageCount = nodes.length;
  for (const node of contextNodes) nodes.push({ ...node, id: nodes.length });
  const edges = new EdgeList();
  for (const node of nodes) edges.add(node.id, node.id, 'self');
  for (let i = 0; i + 1 < messageCount; i++) {
    edges.add(i, i + 1, 'next');
    edges.add(i + 1, i, 'prev');
  }
  const message = nodes.slice(0, messageCount);
  modifierEdges(message, edges);
  comparatorEdges(message, edges);
  unitEdges(message, edges);
  objectEdges(message, edges);
  negationEdges(message, edges);
  coordinationEdges(message, tokens, edges);
  referenceEdges(message, nodes.slice(messageCount), edges);
  return { text, tokens, nodes, edges: edges.list };
}

class EdgeList {
  readonly list: SemanticEdge[] = [];
  private readonly seen = new Set<string>();

  add(from: number, to: number, type: EdgeType, weight = 1): void {
    const key = `${from}:${to}:${type}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ from, to, type, weight });
  }
}

function toNode(unit: Unit, id: number, tokens: Token[]): SemanticNode {
  const covered = tokens.slice(unit.from, unit.to);
  const kept = covered.filter((t) => t.pos !== 'PUNCT');
  const node: SemanticNode = {
    id,
    kind: unit.kind,
    text: (kept.length > 0 ? kept : covered).map((t) => t.norm).join(' '),
    start: covered[0]!.start,
    end: covered.at(-1)!.end,
    tokens: covered.map((_, k) => unit.from + k),
    pos: dominantPos(covered),
  };
  if (unit.value !== undefined) node.value = unit.value;
  if (unit.unit !== undefined) node.unit = unit.unit;
  return node;
}

/** The most frequent tag of the unit's tokens (nouns win ties over the rest, the last token breaks the others). */
function dominantPos(tokens: Token[]): string {
  const counts = new Map<string, number>();
  for (const t of tokens) if (t.pos !== 'PUNCT' && t.pos !== 'DET') counts.set(t.pos, (counts.get(t.pos) ?? 0) + 1);
  if (counts.size === 0) return tokens.at(-1)?.pos ?? 'X';
  let best = '';
  let bestCount = -1;
  for (const t of tokens) {
    const c = counts.get(t.pos) ?? -1;
    if (c > bestCount || (c === bestCount && (t.pos === 'NOUN' || t.pos === 'PROPN'))) {
      best = t.pos;
      bestCount = c;
    }
  }
  return best;
}

type ContextNode = Omit<SemanticNode, 'id'>;

function contextNode(refers: string, text: string, value?: string): ContextNode {
  const node: ContextNode = { kind: 'context', text, start: -1, end: -1, tokens: [], pos: 'NOUN', refers };
  if (value !== undefined) node.value = value;
  return node;
}

/** One node per entity the earlier turns left (at most 3 metrics of the study). */
function priorNodes(prior: PriorEntities): ContextNode[] {
  const out: ContextNode[] = [];
  if (prior.study) {
    out.push(contextNode('study', 'study', prior.study.target));
    if (prior.study.target) out.push(contextNode('target', prior.study.target.toLowerCase(), prior.study.target));
    for (const metric of (prior.study.metrics ?? []).slice(0, MAX_PRIOR_METRICS)) out.push(contextNode('metric', metric.toLowerCase(), metric));
  }
  if (prior.rule) out.push(contextNode('rule', 'rule', prior.rule));
  if (prior.url) out.push(contextNode('url', 'url', prior.url));
  if (prior.command) out.push(contextNode('command', 'command', prior.command));
  if (prior.sessions) out.push(contextNode('session', 'sessions'));
  // The live controller (issue 15): "stop it", "how is it doing?" after one started are about it.
  if (prior.controller) out.push(contextNode('controller', 'controller', prior.controller.id));
  return out;
}

/** Adjacent units (no token between them) where the first qualifies the second. */
function modifierEdges(nodes: SemanticNode[], edges: EdgeList): void {
  for (let i = 0; i + 1 < nodes.length; i++) {
    const a = nodes[i]!;
    const b = nodes[i + 1]!;
    if (a.tokens.at(-1)! + 1 !== b.tokens[0]) continue;
    const modifier = (a.kind === 'word' && a.pos === 'ADJ') || a.kind === 'noun' || a.kind === 'target' || a.kind === 'param' || (a.kind === 'metric' && b.kind === 'noun');
    if (modifier && HEAD_KINDS.has(b.kind)) edges.add(a.id, b.id, 'modifier');
    // "make latency lower": a direction right after a metric qualifies it.
    if (b.kind === 'direction' && a.kind === 'metric') edges.add(b.id, a.id, 'modifier');
  }
}

function clauseBreak(node: SemanticNode): boolean {
  return node.kind === 'word' && CLAUSE_BREAK.has(node.text);
}

/**
 * A comparator written after its value ("0.9 or more", "95% accuracy is the floor", "200 ms max"): the node before it,
 * or before the metric right before it, is a value.
 */
function postfixValue(nodes: SemanticNode[], i: number): number {
  const text = nodes[i]!.text;
  if (POSTFIX_COMPARATORS[text] === undefined) return -1;
  // "at most 8": a value right after reads forwards; only "is/as the floor" may have its metric in between.
  if (VALUE_KINDS.has(nodes[i + 1]?.kind ?? '')) return -1;
  const reach = /^(?:is|as) /.test(text) ? 3 : 1;
  for (let j = i - 1; j >= Math.max(0, i - reach); j--) {
    const before = nodes[j]!;
    if (VALUE_KINDS.has(before.kind)) return j;
    if (before.kind !== 'metric' && before.kind !== 'noun') return -1;
  }
  return -1;
}

function comparatorEdges(nodes: SemanticNode[], edges: EdgeList): void {
  nodes.forEach((node, i) => {
    if (node.kind !== 'comparator') return;
    let valueAt = postfixValue(nodes, i);
    const postfix = valueAt >= 0;
    for (let j = i + 1; !postfix && j < Math.min(nodes.length, i + 4); j++) {
      if (VALUE_KINDS.has(nodes[j]!.kind)) {
        valueAt = j;
        break;
      }
      if (nodes[j]!.kind === 'comparator') break;
    }
    if (valueAt >= 0) edges.add(node.id, nodes[valueAt]!.id, 'comparator');
    let metric: SemanticNode | undefined;
    for (let j = i - 1; j >= 0; j--) {
      const before = nodes[j]!;
      if (before.kind === 'comparator' || clauseBreak(before)) break;
      if (before.kind === 'metric') {
        metric = before;
        break;
      }
    }
    // "above 0.95 accuracy"; "200 ms max for latency".
    const after = postfix ? i : valueAt;
    if (!metric && after >= 0) {
      for (let j = after + 1; j < Math.min(nodes.length, after + 3); j++) {
        if (nodes[j]!.kind === 'metric') {
          metric = nodes[j];
          break;
        }
      }
    }
    if (metric) edges.add(metric.id, node.id, 'comparator');
  });
}

function unitEdges(nodes: SemanticNode[], edges: EdgeList): void {
  for (let i = 0; i + 1 < nodes.length; i++) {
    const a = nodes[i]!;
    const b = nodes[i + 1]!;
    if (VALUE_KINDS.has(a.kind) && b.kind === 'noun' && a.tokens.at(-1)! + 1 === b.tokens[0]) edges.add(a.id, b.id, 'unit');
    // "50 more trials", "200 extra rounds".
    const c = nodes[i + 2];
    if (VALUE_KINDS.has(a.kind) && b.kind === 'word' && MORE.has(b.text) && c?.kind === 'noun' && b.tokens.at(-1)! + 1 === c.tokens[0]) edges.add(a.id, c.id, 'unit');
    // "seed 7", "seeded with 1234", "random seed of 42", "seed=7": the number is the seed's value.
    if (a.kind === 'noun' && a.text.split(' ').at(-1) === 'seed') {
      const value = b.kind === 'number' ? b : b.kind === 'word' && SEED_LINKS.has(b.text) && c?.kind === 'number' ? c : undefined;
      if (value) edges.add(value.id, a.id, 'unit');
    }
    // "n_trials 50", "trials: 50": a counted noun right before a bare number.
    if (a.kind === 'noun' && b.kind === 'number' && a.tokens.at(-1)! + 2 >= b.tokens[0]! && !nodes.some((n) => n.kind === 'noun' && n.id === b.id + 1)) edges.add(b.id, a.id, 'unit');
  }
}

function objectEdges(nodes: SemanticNode[], edges: EdgeList): void {
  nodes.forEach((node, i) => {
    if (node.kind !== 'verb' && node.kind !== 'direction') return;
    for (let j = i + 1; j < Math.min(nodes.length, i + 5); j++) {
      const next = nodes[j]!;
      if (next.kind === 'verb' || clauseBreak(next)) break;
      if (OBJECT_KINDS.has(next.kind)) {
        edges.add(node.id, next.id, 'object');
        break;
      }
    }
  });
}

function negationEdges(nodes: SemanticNode[], edges: EdgeList): void {
  nodes.forEach((node, i) => {
    if (node.kind !== 'negation') return;
    const next = nodes.slice(i + 1, i + 4).find((n) => n.kind !== 'word' && n.kind !== 'negation');
    if (next) edges.add(node.id, next.id, 'negation');
  });
}

/** The units right before and after each "and"/"or" word and each comma are siblings (edges both ways). */
function coordinationEdges(nodes: SemanticNode[], tokens: Token[], edges: EdgeList): void {
  const link = (a: SemanticNode | undefined, b: SemanticNode | undefined) => {
    if (!a || !b || a.id === b.id) return;
    edges.add(a.id, b.id, 'coordination');
    edges.add(b.id, a.id, 'coordination');
  };
  nodes.forEach((node, i) => {
    if (node.kind === 'word' && (node.text === 'and' || node.text === 'or')) link(nodes[i - 1], nodes[i + 1]);
  });
  tokens.forEach((token, t) => {
    if (token.norm !== ',' && token.norm !== ';') return;
    const before = nodes.filter((n) => n.tokens.length > 0 && n.tokens.at(-1)! < t).at(-1);
    const after = nodes.find((n) => n.tokens.length > 0 && n.tokens[0]! > t);
    link(before, after);
  });
}

function referenceEdges(message: SemanticNode[], context: SemanticNode[], edges: EdgeList): void {
  if (context.length === 0) return;
  for (const node of message) {
    if (node.kind === 'reference') {
      const kind = typeof node.value === 'string' ? node.value : 'any';
      const matching = context.filter((c) => c.refers === kind || (kind === 'study' && c.refers === 'target'));
      for (const c of context) edges.add(node.id, c.id, 'reference', kind === 'any' || matching.length === 0 || matching.includes(c) ? 1 : 0.5);
    } else if ((node.kind === 'verb' || node.kind === 'word' || node.kind === 'noun') && node.text.split(' ').some((w) => FOLLOW_UPS.has(w))) {
      for (const c of context) edges.add(node.id, c.id, 'reference', 0.5);
    }
  }
  const study = context.find((c) => c.refers === 'study');
  if (study) for (const c of context) if (c.refers === 'target' || c.refers === 'metric') edges.add(c.id, study.id, 'modifier');
}

/** Loads the tagger and the word-vector table now (~300 ms), so the first message does not pay for them. */
export function warmUpFrontEnd(): void {
  buildGraph('warm up the tagger: tune xgboost for 10 minutes', { targets: [], prior: {} });
}
