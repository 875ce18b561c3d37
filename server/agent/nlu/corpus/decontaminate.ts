import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * Keeps the training corpus apart from the held-out evaluation set: short, generic messages ("status?", "hi") are
 * bound to be written by both sides, and a message that is in both would be measured on what the model was trained
 * on. The corpus drops any generated text whose normalized form is an evaluation message. Only the messages are
 * read (to be removed); nothing of the evaluation set is generated from.
 */

export const EVALUATION_SET = new URL('../../../../test/fixtures/nlu-eval.jsonl', import.meta.url);
/** A second held-out set, written after the first was used to tune the corpus; excluded the same way when present. */
export const HOLDOUT_SET = new URL('../../../../test/fixtures/nlu-holdout.jsonl', import.meta.url);
/** The third set, written blind and sealed while sets 1 and 2 became development sets; excluded the same way. */
export const HOLDOUT3_SET = new URL('../../../../test/fixtures/nlu-holdout-3.jsonl', import.meta.url);
/**
 * Every held-out set: the evaluation set and each `nlu-holdout*.jsonl` in test/fixtures (sets 2, 3, 4 … written blind
 * later), so a new set is excluded from the corpus by being there.
 */
export function heldOutSets(): URL[] {
  const dir = new URL('../../../../test/fixtures/', import.meta.url);
  const later = existsSync(dir) ? readdirSync(dir).filter((f) => /^nlu-holdout(?:-\d+)?\.jsonl$/.test(f)).sort() : [];
  return [EVALUATION_SET, ...later.map((f) => new URL(f, dir))];
}

/** Lower case, single spaces, no trailing punctuation: "Status?" and "status" are the same message. */
export function normalizeMessage(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim().replace(/[\s.!?…]+$/, '');
}

/** The normalized user messages of a JSONL file (strings under keys naming a text or message), empty if absent. */
export function evaluationMessages(path: URL | string = EVALUATION_SET): Set<string> {
  const messages = new Set<string>();
  if (!existsSync(path)) return messages;
  const collect = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (/text|message|turn|utterance|input|prompt/i.test(key)) messages.add(normalizeMessage(value));
    } else if (Array.isArray(value)) {
      for (const item of value) collect(item, key);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) collect(v, k);
    }
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      collect(JSON.parse(line), '');
    } catch {
      // A malformed line has no message to exclude; the evaluation's own loader reports it.
    }
  }
  return messages;
}

/** The normalized messages of every held-out set that exists (the evaluation set and the hold-out set). */
export function heldOutMessages(paths: ReadonlyArray<URL | string> = heldOutSets()): Set<string> {
  const messages = new Set<string>();
  for (const path of paths) for (const message of evaluationMessages(path)) messages.add(message);
  return messages;
}
