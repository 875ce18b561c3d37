/**
 * The text-finetune data: the hand-labelled chat messages of the offline agent
 * (server/agent/nlu/corpus/written/*.jsonl), as plain text with their intent, split deterministically into
 * pretraining text / fine-tune train / validation / test.
 *
 * Invariants:
 * - The `[words](role)` marks are stripped (the words stay); the `prior` context is ignored.
 * - Messages are deduplicated by normalized text (lower case, single spaces) before splitting, so one text sits in
 *   exactly one split; a text written twice with different intents keeps its most frequent one (ties: alphabetical).
 * - A text's split depends only on (seed, text) through a hash, not on file order or on the other messages, so adding
 *   a message never moves another one between splits.
 * - Pretraining reads `pretrain` and the text of `train` (never their labels), never `validation` or `test`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = fileURLToPath(new URL('../../server/agent/nlu/corpus/written/', import.meta.url));

/** The seed of the checked-in split; the pretrained weights were trained on this split's pretraining text. */
export const SPLIT_SEED = 17;

/** Shares of the unique messages, in order: pretrain, train, validation, test (sum 1). */
export const SPLIT_SHARES = { pretrain: 0.45, train: 0.25, validation: 0.1, test: 0.2 } as const;

export type SplitName = keyof typeof SPLIT_SHARES;

export interface Example {
  text: string;
  intent: string;
}

export interface Splits {
  pretrain: Example[];
  train: Example[];
  validation: Example[];
  test: Example[];
  /** Every intent of the corpus, sorted: the classifier's classes (all 28 are kept, none merged). */
  intents: string[];
}

const MARK = /\[([^\]]*)\]\([^)]*\)/g;

/** `"load test [http://x](url) now"` → `"load test http://x now"`. */
export function stripMarkup(markup: string): string {
  return markup.replace(MARK, '$1').replace(/\s+/g, ' ').trim();
}

export function normalizeText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Reads every *.jsonl of `dir` (sorted by name) as `{text, intent}`, deduplicated by normalized text. */
export function readCorpus(dir: string = CORPUS_DIR): Example[] {
  const byText = new Map<string, { text: string; counts: Map<string, number> }>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      let row: { intent?: unknown; markup?: unknown };
      try {
        row = JSON.parse(line) as typeof row;
      } catch (error) {
        throw new Error(`${file}:${index + 1}: not valid JSON (${(error as Error).message})`);
      }
      if (typeof row.intent !== 'string' || typeof row.markup !== 'string') {
        throw new Error(`${file}:${index + 1}: a row needs string "intent" and "markup", got ${line.slice(0, 120)}`);
      }
      const text = stripMarkup(row.markup);
      if (text === '') return;
      const key = normalizeText(text);
      const entry = byText.get(key) ?? { text, counts: new Map<string, number>() };
      entry.counts.set(row.intent, (entry.counts.get(row.intent) ?? 0) + 1);
      byText.set(key, entry);
    });
  }
  return [...byText.values()].map(({ text, counts }) => ({ text, intent: majority(counts) }));
}

function majority(counts: Map<string, number>): string {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

/** FNV-1a over the UTF-16 code units of `seed:text`, as a fraction in [0, 1). */
export function splitHash(seed: number, text: string): number {
  let hash = 0x811c9dc5;
  const input = `${seed}:${normalizeText(text)}`;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // One more avalanche round (murmur3 finalizer): FNV's low bits alone cluster on short, similar strings.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return (hash >>> 0) / 4294967296;
}

export function splitOf(seed: number, text: string): SplitName {
  const u = splitHash(seed, text);
  let edge = 0;
  for (const name of ['pretrain', 'train', 'validation'] as const) {
    edge += SPLIT_SHARES[name];
    if (u < edge) return name;
  }
  return 'test';
}

/** The four splits of the corpus for `seed`; each split is ordered by its hash (stable, shuffled-looking). */
export function loadSplits(options: { seed?: number; dir?: string } = {}): Splits {
  const seed = options.seed ?? SPLIT_SEED;
  const examples = readCorpus(options.dir);
  const splits: Splits = { pretrain: [], train: [], validation: [], test: [], intents: [] };
  const keyed = examples.map((e) => ({ e, u: splitHash(seed, e.text) })).sort((a, b) => a.u - b.u);
  for (const { e } of keyed) splits[splitOf(seed, e.text)].push(e);
  splits.intents = [...new Set(examples.map((e) => e.intent))].sort();
  return splits;
}

/** The unlabelled text pretraining reads: pretrain + train texts. Never validation or test. */
export function pretrainingTexts(splits: Splits): string[] {
  return [...splits.pretrain, ...splits.train].map((e) => e.text);
}
