/**
 * Policy variables (`${tunechat:username}`) in Resource / NotResource and in string condition values, as IAM
 * has them: only with `"Version": "2012-10-17"` (with 2008-10-17 the text is literal), the escapes `${*}`, `${?}`
 * and `${$}` for a literal `*`, `?` and `$`, and a default `${tunechat:username, 'none'}` used when the key is
 * absent. A variable whose key is absent (and has no default) makes the element not match; the key is reported
 * as missing. A substituted value is always literal: a user named `a*` does not become a wildcard.
 *
 * Also home of ContextView: case-insensitive context-key lookup that costs nothing when the policy spells the key
 * as the request does, and lower-cases the request's keys at most once per request otherwise.
 */
import type { ContextValue, RequestContext } from './types.ts';
import type { PatternPart } from './patterns.ts';

const EMPTY_CONTEXT: RequestContext = Object.freeze({});

/** Case-insensitive reads of one request's context (IAM compares context keys case-insensitively). */
export class ContextView {
  private raw: RequestContext = EMPTY_CONTEXT;
  private lowered: Map<string, ContextValue> | null = null;

  constructor(context?: RequestContext) {
    if (context) this.raw = context;
  }

  /** Points the view at another request (the evaluator reuses one view: no allocation per call). */
  reset(context: RequestContext): void {
    this.raw = context;
    this.lowered = null;
  }

  /** The value of `key` (as written in the policy; `lowerKey` is its lower case, precomputed), or undefined. */
  get(key: string, lowerKey: string): ContextValue | undefined {
    const raw = this.raw;
    if (Object.hasOwn(raw, key)) return raw[key];
    if (this.lowered === null) {
      this.lowered = new Map();
      for (const name of Object.keys(raw)) {
        const lower = name.toLowerCase();
        if (!this.lowered.has(lower) || name === lower) this.lowered.set(lower, raw[name]!);
      }
    }
    return this.lowered.get(lowerKey);
  }
}

export type TemplatePart = PatternPart | { variable: string; lowerKey: string; fallback: string | null };

/** A Resource or condition value parsed once: its wild text, literal escapes and variables. */
export interface Template {
  text: string;
  parts: TemplatePart[];
  /** Whether any part is a variable (else `parts` resolve to themselves). */
  hasVariables: boolean;
}

const VARIABLE = /^\s*([A-Za-z0-9_.:/@+=,-]+?)\s*(?:,\s*'([^']*)'\s*)?$/;

/** Parses `${…}` in `text`; with `enabled` false (Version 2008-10-17) the whole text is wild text. */
export function parseTemplate(text: string, enabled: boolean): Template {
  if (!enabled || !text.includes('${')) return { text, parts: [{ wild: text }], hasVariables: false };
  const parts: TemplatePart[] = [];
  let hasVariables = false;
  let wild = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    const end = start < 0 ? -1 : text.indexOf('}', start + 2);
    if (start < 0 || end < 0) {
      wild += text.slice(i);
      break;
    }
    wild += text.slice(i, start);
    const inner = text.slice(start + 2, end);
    const escape = inner === '*' || inner === '?' || inner === '$' ? inner : null;
    const variable = escape === null ? VARIABLE.exec(inner) : null;
    if (escape !== null || variable) {
      if (wild) parts.push({ wild });
      wild = '';
      if (escape !== null) parts.push({ literal: escape });
      else {
        parts.push({ variable: variable![1]!, lowerKey: variable![1]!.toLowerCase(), fallback: variable![2] ?? null });
        hasVariables = true;
      }
    } else {
      wild += text.slice(start, end + 1);
    }
    i = end + 1;
  }
  if (wild) parts.push({ wild });
  return { text, parts, hasVariables };
}

/** A context value usable as variable text: scalars, or a one-element list; anything else does not resolve. */
function scalarText(value: ContextValue | undefined): string | null {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.length === 1 ? String(value[0]) : null;
  return String(value);
}

/**
 * The template's pattern parts with variables replaced by literal text, or null when a variable does not resolve
 * (its key is pushed onto `missing` when given).
 */
export function resolveTemplate(template: Template, view: ContextView, missing: string[] | null): PatternPart[] | null {
  if (!template.hasVariables) return template.parts as PatternPart[];
  const out: PatternPart[] = [];
  let ok = true;
  for (const part of template.parts) {
    if (!('variable' in part)) {
      out.push(part);
      continue;
    }
    const text = scalarText(view.get(part.variable, part.lowerKey)) ?? part.fallback;
    if (text === null) {
      ok = false;
      missing?.push(part.variable);
    } else out.push({ literal: text });
  }
  return ok ? out : null;
}

/** The parts of a template without variables (escapes are literal parts already). */
export function staticParts(template: Template): PatternPart[] {
  if (template.hasVariables) throw new Error(`template "${template.text}" has variables: resolve it per request`);
  return template.parts as PatternPart[];
}

/** The plain text of resolved parts (wildcards of wild parts stay `*` / `?`; literal parts as they are). */
export function partsText(parts: readonly PatternPart[]): string {
  let text = '';
  for (const part of parts) text += 'wild' in part ? part.wild : part.literal;
  return text;
}

export interface Substitution {
  /** The text with variables and escapes replaced, or null when a variable's key is missing. */
  value: string | null;
  /** The same as pattern parts (substituted text literal), for wildcard matching; null when missing. */
  parts: PatternPart[] | null;
  /** Keys of variables that did not resolve. */
  missing: string[];
}

/** Substitutes `${…}` in `text` from the request context (`version` 2008-10-17: nothing is substituted). */
export function substituteVariables(
  text: string,
  context: RequestContext | ContextView,
  options: { version?: '2012-10-17' | '2008-10-17' } = {},
): Substitution {
  const template = parseTemplate(text, (options.version ?? '2012-10-17') === '2012-10-17');
  const view = context instanceof ContextView ? context : new ContextView(context);
  const missing: string[] = [];
  const parts = resolveTemplate(template, view, missing);
  return { value: parts === null ? null : partsText(parts), parts, missing };
}
