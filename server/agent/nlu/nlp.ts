import { createRequire } from 'node:module';
import type { Token } from './types.ts';

/**
 * Tokens with part-of-speech tags. The part-of-speech tags come from wink-nlp (wink-eng-lite-web-model); the
 * token boundaries are this module's own, because the domain needs units wink splits apart: URLs with ports,
 * `commands`, "r-12", "1,000", "p99.9", "don't". Each token takes the tag of the first wink token it overlaps.
 *
 * wink is loaded on the first call, not at import (loading the model takes ~150 ms), and then kept.
 */

interface WinkDoc {
  tokens(): { each(fn: (token: WinkItem) => void): void };
}
interface WinkItem {
  out(what?: unknown): string;
}
interface Wink {
  readDoc(text: string): WinkDoc;
  its: { pos: unknown; precedingSpaces: unknown; value: unknown };
}

let wink: Wink | null = null;

function loadWink(): Wink {
  if (wink) return wink;
  const require = createRequire(import.meta.url);
  const winkNLP = require('wink-nlp') as (model: unknown, pipe?: string[]) => Wink;
  const model = require('wink-eng-lite-web-model') as unknown;
  // Only what the tagger needs: no sentence boundaries, negation, entities or sentiment.
  wink = winkNLP(model, ['pos']);
  return wink;
}

/**
 * Host and port without a scheme: a dotted name, IP or localhost with a port; an IP or localhost with a path; a
 * single-label host ("svc") with a port and a path ("svc:8000/v1") or a 4–5 digit port ("svc:7070"). A port runs
 * up to a non-letter: "llama3.1:70b" is a model tag, not a host.
 */
const PATH = String.raw`(?:\/[^\s,;'"\x60)<>]*)`;
const URL_SHAPE = new RegExp(
  String.raw`(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|\[::1\]|[a-z0-9-]+(?:\.[a-z0-9-]+)+):\d{2,5}(?![a-z])${PATH}?|(?:localhost|\d{1,3}(?:\.\d{1,3}){3})${PATH}|[a-z][a-z0-9-]*:(?:\d{2,5}${PATH}|\d{4,5}(?![\d.]))`,
);

const URL_TOKEN = new RegExp(`^(?:https?:\\/\\/.*|${URL_SHAPE.source})$`, 'i');

/** Whether a token is a URL or host:port (as the tokenizer cuts them). */
export function isUrlToken(text: string): boolean {
  return URL_TOKEN.test(text);
}

/**
 * One alternative per token shape, tried at each position (first match wins):
 * backtick command, URL with scheme, a model tag ("llama3.1:70b", "qwen2.5:7b-instruct"), host:port, UUID, a hex id that starts with a digit ("9f2e", "0d9e1c7a"), comparator symbols, ordinal, number, a flag letter, word (letters with
 * inner - _ . / and a trailing contraction), "'s", any other single character. A CLI flag's letter glued
 * to its number is a word of its own, as if spaced: "-c128" is "-", "c", "128"; "-d30s" is "-", "d", "30", "s".
 */
const TOKEN = new RegExp(
  [
    /`[^`]*`/.source,
    /https?:\/\/[^\s,;'"`)<>]+/.source,
    /[\p{L}][\p{L}\p{N}]*(?:[-_.][\p{L}\p{N}]+)*:(?:\d+(?:\.\d+)?[bm](?:-[\p{L}\p{N}.]+)*|latest)(?![\p{L}\p{N}])/u.source,
    URL_SHAPE.source,
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.source,
    /(?<![\p{L}\p{N}])(?=[0-9a-f]*[a-f][0-9a-f]*[a-f])(?=[0-9a-f]*\d[0-9a-f]*\d)\d[0-9a-f]{3,}(?:-[0-9a-z]+)*(?![\p{L}\p{N}])/u.source,
    />=|<=|=>|=<|==|!=|≥|≤/.source,
    /\d+(?:st|nd|rd|th)(?![\p{L}\p{N}])/u.source,
    /\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:k(?![\p{L}]))?|\d+(?:\.\d+)?(?:e[+-]?\d+)?(?:k(?![\p{L}]))?|\.\d+/u.source,
    /(?<=(?<![\p{L}\p{N}])--?)[a-z](?=\d)/u.source,
    /[\p{L}][\p{L}\p{N}]*(?:[-_./][\p{L}\p{N}]+)*(?:n't|'(?:re|ll|ve|m|d|t))?/u.source,
    /'s\b/.source,
    /\S/.source,
  ].join('|'),
  'giu',
);

/** Universal part-of-speech tag forced by token shape (numbers, URLs, symbols); null to keep wink's. */
function shapeTag(text: string): string | null {
  if (/^[\d.,]+(?:e[+-]?\d+)?k?$/i.test(text) && /\d/.test(text)) return 'NUM';
  if (text.startsWith('`') || isUrlToken(text)) return 'X';
  if (/^(>=|<=|=>|=<|==|!=|≥|≤|[<>=%$])$/.test(text)) return 'SYM';
  if (/^[^\p{L}\p{N}]$/u.test(text)) return 'PUNCT';
  return null;
}

/** wink's tokens with their character spans (rebuilt from the preceding spaces wink keeps). */
function winkSpans(text: string): Array<{ start: number; end: number; pos: string }> {
  const nlp = loadWink();
  const its = nlp.its;
  const spans: Array<{ start: number; end: number; pos: string }> = [];
  let cursor = 0;
  nlp.readDoc(text).tokens().each((token) => {
    const value = token.out(its.value);
    const at = text.indexOf(value, cursor + token.out(its.precedingSpaces).length - 1);
    const start = at >= 0 ? at : cursor + token.out(its.precedingSpaces).length;
    spans.push({ start, end: start + value.length, pos: token.out(its.pos) });
    cursor = start + value.length;
  });
  return spans;
}

/** The message's tokens: text, lower-cased norm (corrections come later), part-of-speech tag and span. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    tokens.push({ text: match[0], norm: match[0].toLowerCase().replace(/[\u2018\u2019]/g, "'"), pos: 'X', start: match.index, end: match.index + match[0].length });
  }
  if (tokens.length === 0) return tokens;
  const spans = winkSpans(text.replace(/[\u2018\u2019]/g, "'"));
  let j = 0;
  for (const token of tokens) {
    const forced = shapeTag(token.text);
    if (forced) {
      token.pos = forced;
      continue;
    }
    while (j < spans.length && spans[j]!.end <= token.start) j++;
    const span = spans[j];
    token.pos = span && span.start < token.end ? span.pos : 'X';
  }
  return tokens;
}

/** Loads the tagger now (servers call it at start so the first message does not pay for it). */
export function warmUpTagger(): void {
  loadWink();
}
