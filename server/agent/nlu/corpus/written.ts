import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INTENTS, type Intent, type LabelledExample, type PriorEntities } from '../types.ts';
import { parseMarkup } from './markup.ts';

/**
 * Hand-written training examples (corpus/written/*.jsonl), one JSON object per line:
 * `{"intent": "tune", "prior": {…}, "markup": "tune my [XGBoost](target) for [latency](objective)"}`.
 * They were written by people who saw neither the templates nor any evaluation set, to give the encoder sentence
 * shapes no template has. `prior` is what earlier turns left (PriorEntities), `{}` for a first message.
 */
export const WRITTEN_DIR = fileURLToPath(new URL('./written/', import.meta.url));

export interface WrittenExample extends LabelledExample {
  /** file:line, for error messages. */
  source: string;
}

const INTENT_SET = new Set<string>(INTENTS);
const PRIOR_KEYS = new Set(['study', 'rule', 'url', 'command', 'sessions', 'controller']);

/** Reads every written example; throws `written_example: <file:line>: <rule>` on the first malformed line. */
export function loadWrittenExamples(dir: string = WRITTEN_DIR): WrittenExample[] {
  if (!existsSync(dir)) return [];
  const examples: WrittenExample[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (!line.trim()) return;
      const source = `${file}:${index + 1}`;
      examples.push(parseWritten(line, source));
    });
  }
  return examples;
}

export function parseWritten(line: string, source: string): WrittenExample {
  const fail = (rule: string): never => {
    throw new Error(`written_example: ${source}: ${rule}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return fail(`not JSON (${(error as Error).message})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail('a line must be a JSON object');
  const { intent, prior = {}, markup } = raw as { intent?: unknown; prior?: unknown; markup?: unknown };
  if (typeof intent !== 'string' || !INTENT_SET.has(intent)) return fail(`intent must be one of ${INTENTS.join(', ')}; got ${JSON.stringify(intent)}`);
  if (typeof markup !== 'string' || !markup.trim() || markup.length > 500) return fail('markup must be a non-empty string of at most 500 characters');
  if (!prior || typeof prior !== 'object' || Array.isArray(prior)) return fail('prior must be an object');
  const unknownKeys = Object.keys(prior).filter((k) => !PRIOR_KEYS.has(k));
  if (unknownKeys.length) return fail(`prior has unknown keys ${unknownKeys.join(', ')} (allowed: ${[...PRIOR_KEYS].join(', ')})`);
  let labelled;
  try {
    labelled = parseMarkup(markup);
  } catch (error) {
    return fail((error as Error).message);
  }
  return { source, prior: prior as PriorEntities, text: labelled.text, intent: intent as Intent, spans: labelled.spans };
}
