import { CONCEPT_NAMES, METRIC_FAMILIES, metricFamily } from './lexicon.ts';
import { splitWords } from './recognizers/scanner.ts';
import { UNIT_KINDS, type SemanticGraph, type SemanticNode } from './types.ts';
import { domainConcept, VECTOR_DIM, vectorOf } from './word-vectors.ts';

/**
 * Node features for the graph encoder, one row of FEATURE_DIM floats per node (row-major):
 * | block            | size | what                                                                          |
 * | vector           | 32   | mean word vector of the node's words (normalized forms; context nodes: the entity word, |
 * |                  |      | 'llm url' for an earlier LLM base URL ending in /v1)                          |
 * | kind             | 21   | one-hot UNIT_KINDS                                                            |
 * | upos             | 17   | one-hot of the node's part-of-speech tag (UPOS)                               |
 * | comparator       | 5    | one-hot op: < <= > >= ==                                                      |
 * | direction        | 2    | minimize, maximize                                                            |
 * | metric family    | 6    | latency, throughput, quality, loss, memory, other (metric and context-metric nodes) |
 * | entity           | 8    | what a context or reference node is about: study target metric rule url command session any |
 * | unit class       | 8    | %, time, rate, tokens, connections, requests, memory, money                   |
 * | concept          | 32   | one-hot domain concept of lexicon CONCEPTS (typed seed or learned synonym)     |
 * | flags            | 16   | numeric, has unit, first, last, position, typo-fixed, synonym, log magnitude,  |
 * |                  |      | integer, fraction in (0,1], message is a question, upper case, context, …     |
 * The layout is fixed (spare slots stay zero) so trained weights keep fitting when lists grow.
 */

export const UPOS = ['ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM', 'PART', 'PRON', 'PROPN', 'PUNCT', 'SCONJ', 'SYM', 'VERB', 'X'] as const;
export const COMPARATOR_OPS = ['<', '<=', '>', '>=', '=='] as const;
export const DIRECTIONS = ['minimize', 'maximize'] as const;
export const ENTITIES = ['study', 'target', 'metric', 'rule', 'url', 'command', 'session', 'any'] as const;
export const UNIT_CLASSES = ['%', 'time', 'rate', 'tokens', 'connections', 'requests', 'memory', 'money'] as const;
const CONCEPT_SLOTS = 32;
const FLAG_SLOTS = 16;

const OFFSET = {
  vector: 0,
  kind: VECTOR_DIM,
  upos: VECTOR_DIM + UNIT_KINDS.length,
  comparator: VECTOR_DIM + UNIT_KINDS.length + UPOS.length,
} as const;
const DIRECTION_AT = OFFSET.comparator + COMPARATOR_OPS.length;
const FAMILY_AT = DIRECTION_AT + DIRECTIONS.length;
const ENTITY_AT = FAMILY_AT + METRIC_FAMILIES.length;
const UNIT_AT = ENTITY_AT + ENTITIES.length;
const CONCEPT_AT = UNIT_AT + UNIT_CLASSES.length;
const FLAG_AT = CONCEPT_AT + CONCEPT_SLOTS;

/** 147: 32 + 21 + 17 + 5 + 2 + 6 + 8 + 8 + 32 + 16. */
export const FEATURE_DIM = FLAG_AT + FLAG_SLOTS;

if (CONCEPT_NAMES.length > CONCEPT_SLOTS) throw new Error(`nlu_feature_layout: ${CONCEPT_NAMES.length} concepts for ${CONCEPT_SLOTS} slots`);

function unitClass(unit: string | undefined, kind: string): number {
  if (kind === 'duration') return 1;
  switch (unit) {
    case '%':
      return 0;
    case 'ms':
    case 'us':
    case 's':
      return 1;
    case 'rps':
    case 'tokens/s':
    case 'images/s':
      return 2;
    case 'tokens':
      return 3;
    case 'connections':
    case 'users':
    case 'streams':
      return 4;
    case 'requests':
      return 5;
    case 'mb':
    case 'gb':
    case 'kb':
      return 6;
    case 'usd':
      return 7;
    default:
      return -1;
  }
}

/** Adds the vectors of a text's words into `out` (from `at`); returns how many words had a vector. */
function addWords(text: string, out: Float32Array, at: number): number {
  let count = 0;
  for (const word of splitWords(text)) {
    const vector = vectorOf(word);
    if (!vector) continue;
    for (let d = 0; d < VECTOR_DIM; d++) out[at + d]! += vector[d]!;
    count++;
  }
  return count;
}

/** An OpenAI-compatible base URL ("http://host:8000/v1"): a follow-up to its benchmark is an LLM benchmark. */
const LLM_BASE_URL = /\/v1\/?$/;

function nodeWords(graph: SemanticGraph, node: SemanticNode): string {
  if (node.kind === 'context') {
    // The earlier URL's kind is all that tells "again with 64 concurrent" after an LLM benchmark from one after a load test.
    if (node.refers === 'url' && typeof node.value === 'string' && LLM_BASE_URL.test(node.value)) return 'llm url';
    return node.refers === 'session' ? 'sessions' : node.refers === 'target' || node.refers === 'metric' ? `${node.refers} ${node.text}` : node.refers ?? node.text;
  }
  return node.tokens.map((t) => graph.tokens[t]?.norm ?? '').join(' ');
}

export function nodeFeatures(graph: SemanticGraph): Float32Array {
  const n = graph.nodes.length;
  const out = new Float32Array(n * FEATURE_DIM);
  const messageNodes = graph.nodes.filter((node) => node.kind !== 'context').length;
  const question = /\?\s*$/.test(graph.text.trim()) ? 1 : 0;
  for (const node of graph.nodes) {
    const row = node.id * FEATURE_DIM;
    const words = nodeWords(graph, node);
    const count = addWords(words, out, row + OFFSET.vector);
    if (count > 1) for (let d = 0; d < VECTOR_DIM; d++) out[row + d]! /= count;
    out[row + OFFSET.kind + UNIT_KINDS.indexOf(node.kind)] = 1;
    const pos = UPOS.indexOf(node.pos as (typeof UPOS)[number]);
    if (pos >= 0) out[row + OFFSET.upos + pos] = 1;
    const value = node.value;
    if (node.kind === 'comparator' && typeof value === 'string') {
      const op = COMPARATOR_OPS.indexOf(value as (typeof COMPARATOR_OPS)[number]);
      if (op >= 0) out[row + OFFSET.comparator + op] = 1;
    }
    if (node.kind === 'direction') out[row + DIRECTION_AT + (value === 'maximize' ? 1 : 0)] = 1;
    if ((node.kind === 'metric' || (node.kind === 'context' && node.refers === 'metric')) && typeof value === 'string') {
      out[row + FAMILY_AT + METRIC_FAMILIES.indexOf(metricFamily(value))] = 1;
    }
    const entity = node.kind === 'context' ? node.refers : node.kind === 'reference' ? String(value ?? 'any') : undefined;
    if (entity !== undefined) {
      const e = ENTITIES.indexOf(entity as (typeof ENTITIES)[number]);
      out[row + ENTITY_AT + (e >= 0 ? e : ENTITIES.length - 1)] = 1;
    }
    const unit = unitClass(node.unit, node.kind);
    if (unit >= 0) out[row + UNIT_AT + unit] = 1;
    const concept = node.kind === 'context' ? null : conceptOfNode(graph, node);
    if (concept !== null) out[row + CONCEPT_AT + concept] = 1;
    const flags = row + FLAG_AT;
    const numeric = typeof value === 'number';
    const tokens = node.tokens.map((t) => graph.tokens[t]!);
    out[flags] = numeric ? 1 : 0;
    out[flags + 1] = node.unit !== undefined ? 1 : 0;
    out[flags + 2] = node.id === 0 ? 1 : 0;
    out[flags + 3] = node.id === messageNodes - 1 ? 1 : 0;
    out[flags + 4] = node.kind === 'context' ? 0 : messageNodes > 1 ? node.id / (messageNodes - 1) : 0;
    out[flags + 5] = tokens.some((t) => t.fix === 'typo') ? 1 : 0;
    out[flags + 6] = tokens.some((t) => t.fix === 'synonym') ? 1 : 0;
    out[flags + 7] = numeric ? (Math.sign(value) * Math.log10(1 + Math.abs(value))) / 4 : 0;
    out[flags + 8] = numeric && Number.isInteger(value) ? 1 : 0;
    out[flags + 9] = numeric && value > 0 && value <= 1 ? 1 : 0;
    out[flags + 10] = question;
    out[flags + 11] = tokens.some((t) => t.text.length > 1 && t.text === t.text.toUpperCase() && /[A-Z]/.test(t.text)) ? 1 : 0;
    out[flags + 12] = node.kind === 'context' ? 1 : 0;
    out[flags + 13] = Math.min(tokens.length, 8) / 8;
    out[flags + 14] = numeric && value >= 1000 ? 1 : 0;
  }
  return out;
}

/** Index into CONCEPT_NAMES of the first word of the node with a domain concept, or null. */
function conceptOfNode(graph: SemanticGraph, node: SemanticNode): number | null {
  for (const t of node.tokens) {
    const concept = domainConcept(graph.tokens[t]?.norm ?? '');
    if (concept) return CONCEPT_NAMES.indexOf(concept);
  }
  return null;
}

/** The mean word vector of the message's tokens (numbers and punctuation have none), for the bag-of-words baseline. */
export function sentenceVector(graph: SemanticGraph): Float32Array {
  const out = new Float32Array(VECTOR_DIM);
  let count = 0;
  for (const token of graph.tokens) count += addWords(token.norm, out, 0);
  if (count > 0) for (let d = 0; d < VECTOR_DIM; d++) out[d]! /= count;
  return out;
}
