import type { SemanticGraph, SemanticNode } from './types.ts';

/**
 * The message rewritten in the words the keyword parsers of offline-model/intents know, so they can run on it as a
 * fallback: typos fixed ("latncy" → latency, "xgbost" → xgboost), learned synonyms replaced by their canonical word
 * ("knobs" → parameters), numbers in words as digits ("forty" → 40, "a couple of" → 2), percentages as "93%",
 * durations in words as seconds ("ten minutes" → "600 seconds"), negated or symbolic comparators as the plain phrase
 * ("not below" → "at least", "≥" → ">="). Everything else keeps its original characters and spacing.
 */

const COMPARATOR_WORDS: Record<string, string> = { '>=': 'at least', '<=': 'at most', '>': 'above', '<': 'below', '==': 'equal to' };
const MODALS = new Set(['must', 'should', 'to', 'will', 'shall', 'can', 'would', 'could', 'may', 'might']);
const QUANTITY_WORDS: Record<string, string> = { usd: 'dollars', 'tokens/s': 'tokens per second', 'images/s': 'images per second' };

export function canonicalText(graph: SemanticGraph): string {
  const replacements: Array<{ start: number; end: number; text: string }> = [];
  const covered = new Set<number>();
  for (const node of graph.nodes) {
    if (node.kind === 'context') continue;
    const text = nodeText(graph, node);
    if (text === null) continue;
    replacements.push({ start: node.start, end: node.end, text });
    for (const t of node.tokens) covered.add(t);
  }
  graph.tokens.forEach((token, i) => {
    if (!covered.has(i) && token.fix) replacements.push({ start: token.start, end: token.end, text: token.norm });
  });
  replacements.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const r of replacements) {
    if (r.start < at) continue;
    out += graph.text.slice(at, r.start) + r.text;
    at = r.end;
  }
  return out + graph.text.slice(at);
}

/** The node's rewritten text, or null to rewrite only its corrected tokens. */
function nodeText(graph: SemanticGraph, node: SemanticNode): string | null {
  const tokens = node.tokens.map((t) => graph.tokens[t]!);
  const inWords = !tokens.some((t) => /\d/.test(t.text));
  const value = node.value;
  switch (node.kind) {
    case 'number':
      return inWords && typeof value === 'number' ? String(value) : null;
    case 'percent':
      return typeof value === 'number' ? `${value}%` : null;
    case 'duration':
      return inWords && typeof value === 'number' ? `${value} seconds` : null;
    case 'quantity':
      return inWords && typeof value === 'number' ? `${value} ${QUANTITY_WORDS[node.unit ?? ''] ?? node.unit}` : null;
    case 'comparator': {
      const rewrite = tokens.some((t) => /^(not|no|never|n't|.*n't|≥|≤|=>|=<)$/.test(t.norm));
      if (!rewrite || typeof value !== 'string' || !COMPARATOR_WORDS[value]) return null;
      // "must not drop below" → "must be at least"; "doesn't exceed" → "stays at most" (forms intents/tuning.ts reads).
      const verb = tokens.length > 1 && !/^(≥|≤|=>|=<)$/.test(tokens[0]!.norm);
      const before = graph.tokens[node.tokens[0]! - 1]?.norm ?? '';
      const prefix = !verb ? '' : MODALS.has(before) ? 'be ' : 'stays ';
      return prefix + COMPARATOR_WORDS[value];
    }
    case 'target':
      return tokens.some((t) => t.fix) && typeof value === 'string' ? rewriteTokens(graph, node, value) : null;
    default:
      return null;
  }
}

/** The node's original text with its corrected tokens replaced; a corrected target name becomes the target's name. */
function rewriteTokens(graph: SemanticGraph, node: SemanticNode, name: string): string {
  let out = '';
  let at = node.start;
  for (const t of node.tokens) {
    const token = graph.tokens[t]!;
    out += graph.text.slice(at, token.start) + (token.fix ? name : token.text);
    at = token.end;
  }
  return out;
}
