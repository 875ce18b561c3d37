import { COUNT_PHRASES, NUMBER_SCALES, NUMBER_WORDS, TIME_UNITS } from './lexicon.ts';
import type { SemanticGraph, SemanticNode, Token } from './types.ts';
import { domainConcept } from './word-vectors.ts';

/**
 * The message rewritten in the words the keyword parsers of offline-model/intents know, so they can run on it as a
 * fallback: typos fixed ("latncy" → latency, "xgbost" → xgboost), learned synonyms of nouns replaced by their
 * canonical word ("knobs" → parameters; verb forms stay as written: "the stopped study" must not read "stop"),
 * numbers in words as digits ("forty trials" → "40 trials", "a couple of minutes" → "2 minutes"), percentages as
 * "93%", negated or symbolic comparators as the plain phrase ("not below" → "at least", "≥" → "at least").
 * Everything else keeps its original characters and spacing.
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
    if (!covered.has(i) && rewritten(token)) replacements.push({ start: token.start, end: token.end, text: token.norm });
  });
  replacements.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const r of replacements) {
    if (r.start < at) continue;
    const gap = graph.text.slice(at, r.start);
    // The second half of a split abbreviation ("hows" → "how" + "is") starts where the first ended: add the space.
    const glued = gap === '' && at > 0 && /[\p{L}]$/u.test(out) && /^[\p{L}]/u.test(r.text);
    out += (glued ? ' ' : gap) + r.text;
    at = r.end;
  }
  return out + graph.text.slice(at);
}

/** Concepts whose canonical word is a noun: a noun synonym of one reads right in its place ("knobs" → parameters). */
const NOUN_CONCEPTS = new Set(['param', 'importance', 'trials', 'session', 'rule', 'alert', 'target', 'status', 'joke']);

/** Typos always; synonyms only where a noun becomes a noun ("listing" must not become "show"). */
function rewritten(token: Token): boolean {
  if (token.fix === 'typo') return true;
  if (token.fix !== 'synonym' || (token.pos !== 'NOUN' && token.pos !== 'PROPN')) return false;
  const concept = domainConcept(token.text.toLowerCase());
  return concept !== null && NOUN_CONCEPTS.has(concept);
}

const PLAIN_DURATION_WORDS = new Set(['a', 'an', 'one', 'half', '1']);
const NUMBER_PARTS = new Set([...Object.keys(NUMBER_WORDS), ...Object.keys(NUMBER_SCALES), ...Object.keys(COUNT_PHRASES).flatMap((p) => p.split(' ')), 'a', 'an', 'and', 'of', 'half']);

/** The original text of the node's trailing unit words ("minutes", "requests per second"), after its number words. */
function unitWords(graph: SemanticGraph, node: SemanticNode): { text: string; norm: string } | null {
  let k = node.tokens.length;
  while (k > 0 && !NUMBER_PARTS.has(graph.tokens[node.tokens[k - 1]!]!.norm.split('-')[0]!)) k--;
  if (k === node.tokens.length) return null;
  const first = graph.tokens[node.tokens[k]!]!;
  const last = graph.tokens[node.tokens.at(-1)!]!;
  return { text: graph.text.slice(first.start, last.end), norm: last.norm };
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
    case 'duration': {
      // "an hour", "half an hour", "one minute" are read by the keyword parsers as they are.
      if (!inWords || typeof value !== 'number' || tokens.every((t) => PLAIN_DURATION_WORDS.has(t.norm) || TIME_UNITS[t.norm] !== undefined)) return null;
      const unit = unitWords(graph, node);
      const per = unit ? TIME_UNITS[unit.norm] : undefined;
      return unit && per ? `${Math.round((value / per) * 1000) / 1000} ${unit.text}` : `${value} seconds`;
    }
    case 'quantity': {
      if (!inWords || typeof value !== 'number') return null;
      const unit = unitWords(graph, node);
      return `${value} ${unit?.text ?? QUANTITY_WORDS[node.unit ?? ''] ?? node.unit}`;
    }
    case 'comparator': {
      const rewrite = tokens.some((t) => /^(not|no|never|n't|.*n't|≥|≤|=>|=<)$/.test(t.norm));
      if (!rewrite || typeof value !== 'string' || !COMPARATOR_WORDS[value]) return null;
      // "must not drop below" → "must be at least"; "doesn't exceed" → "stays at most" (forms intents/tuning.ts reads).
      const verb = tokens.length > 1 && !/^(≥|≤|=>|=<)$/.test(tokens[0]!.norm);
      // The modal may be part of the comparator ("must not exceed") or just before it.
      const modal = MODALS.has(tokens[0]!.norm) ? `${tokens[0]!.text} ` : '';
      const before = graph.tokens[node.tokens[0]! - 1]?.norm ?? '';
      const prefix = !verb ? '' : modal ? `${modal}be ` : MODALS.has(before) ? 'be ' : 'stays ';
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
