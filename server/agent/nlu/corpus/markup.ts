import { ROLES, type LabelledExample, type Role } from '../types.ts';

/**
 * Corpus templates are written as text with inline role marks, `tune my [XGBoost](target) for [latency](objective)`,
 * so a template reads like the sentence it produces and its labels cannot drift from the words. `parseMarkup` turns
 * such a string into plain text and character spans; `tidy` then fixes the spacing that optional parts leave behind.
 */
const MARK = /\[([^[\]]+)\]\(([a-z_]+)\)/g;
const KNOWN_ROLES = new Set<string>(ROLES);

export type Span = LabelledExample['spans'][number];

export interface Labelled {
  text: string;
  spans: Span[];
}

/** `[words](role)` → words with a span; anything else is literal text. Throws on a role that is not in ROLES. */
export function parseMarkup(markup: string): Labelled {
  let text = '';
  const spans: Span[] = [];
  let last = 0;
  for (const match of markup.matchAll(MARK)) {
    const [whole, words, role] = match as unknown as [string, string, string];
    if (!KNOWN_ROLES.has(role)) throw new Error(`corpus_markup: unknown role "${role}" in ${JSON.stringify(markup)}`);
    text += markup.slice(last, match.index);
    const leading = words.length - words.trimStart().length;
    const inner = words.trim();
    const start = text.length + leading;
    text += words;
    if (inner.length > 0) spans.push({ start, end: start + inner.length, role: role as Role });
    last = match.index! + whole.length;
  }
  text += markup.slice(last);
  return tidy({ text, spans });
}

/**
 * Collapses runs of spaces, removes spaces before , . ? ! and at both ends, and maps every span through the edit,
 * so optional template parts ("" or "please ") never leave double spaces or shifted labels.
 */
export function tidy(input: Labelled): Labelled {
  const { text } = input;
  // newIndex[i]: where character i of the input lands (or would land, if dropped) in the output.
  const newIndex = new Array<number>(text.length + 1);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    newIndex[i] = out.length;
    const ch = text[i]!;
    if (ch === ' ') {
      const next = text[i + 1];
      const after = text[i + 2];
      const beforePunctuation = next !== undefined && (/[,?!;]/.test(next) || (/[.:]/.test(next) && (after === undefined || after === ' ')));
      const dropped = out.length === 0 || out.endsWith(' ') || next === undefined || next === ' ' || beforePunctuation;
      if (dropped) continue;
    }
    out += ch;
  }
  newIndex[text.length] = out.length;
  let trimmedEnd = out.length;
  while (trimmedEnd > 0 && out[trimmedEnd - 1] === ' ') trimmedEnd--;
  out = out.slice(0, trimmedEnd);
  const spans = input.spans.map((span) => ({ start: Math.min(newIndex[span.start]!, out.length), end: Math.min(newIndex[span.end]!, out.length), role: span.role }));
  return { text: out, spans };
}
