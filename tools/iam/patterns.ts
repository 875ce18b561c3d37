/**
 * IAM wildcard patterns: `*` matches any run of characters (empty included, across `/` and `:`), `?` exactly one
 * character (one code point). Everything else is literal: no regular expression is ever built from policy text, so
 * there is nothing to inject and no catastrophic backtracking (the general matcher is the two-pointer glob
 * algorithm, O(pattern × value) at worst). Actions are matched case-insensitively, resources case-sensitively:
 * the caller says which.
 */

export type Matcher = (value: string) => boolean;

/**
 * A piece of a pattern: `wild` text whose `*` and `?` are wildcards, or `literal` text matched as is (a policy
 * variable's value, or IAM's `${*}` / `${?}` escapes, must never turn into a wildcard).
 */
export type PatternPart = { wild: string } | { literal: string };

export interface PatternOptions {
  /** Compare lower-cased (actions); false for resources and ARNs. */
  ignoreCase: boolean;
}

const STAR = -1;
const ONE = -2;

const matchAll: Matcher = () => true;

/** Whether `text` has a wildcard character. */
export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

/** A matcher for one pattern as written in a policy. */
export function compilePattern(pattern: string, options: PatternOptions): Matcher {
  return compileParts([{ wild: pattern }], options);
}

/**
 * A matcher for a pattern made of wild and literal parts. Fast paths: "*" (always), a literal (equality), a
 * literal prefix then one trailing `*` (startsWith), one leading `*` (endsWith), `*text*` (includes).
 */
export function compileParts(parts: readonly PatternPart[], options: PatternOptions): Matcher {
  const units = toUnits(parts, options.ignoreCase);
  const lower = options.ignoreCase;
  const stars = count(units, STAR);
  const ones = count(units, ONE);
  if (ones === 0) {
    if (stars === units.length && stars > 0) return matchAll;
    if (stars === 0) {
      const text = fromUnits(units, 0, units.length);
      return lower ? (value) => value.toLowerCase() === text : (value) => value === text;
    }
    if (stars === 1 && units[units.length - 1] === STAR) {
      const prefix = fromUnits(units, 0, units.length - 1);
      return lower ? (value) => value.toLowerCase().startsWith(prefix) : (value) => value.startsWith(prefix);
    }
    if (stars === 1 && units[0] === STAR) {
      const suffix = fromUnits(units, 1, units.length);
      return lower ? (value) => value.toLowerCase().endsWith(suffix) : (value) => value.endsWith(suffix);
    }
    if (stars === 2 && units[0] === STAR && units[units.length - 1] === STAR) {
      const middle = fromUnits(units, 1, units.length - 1);
      return lower ? (value) => value.toLowerCase().includes(middle) : (value) => value.includes(middle);
    }
  }
  const compiled = Int32Array.from(collapseStars(units));
  return lower ? (value) => globMatch(compiled, value.toLowerCase()) : (value) => globMatch(compiled, value);
}

/** Code units of the pattern, with STAR / ONE for wildcards of wild parts. */
function toUnits(parts: readonly PatternPart[], lower: boolean): number[] {
  const units: number[] = [];
  for (const part of parts) {
    const isWild = 'wild' in part;
    const text = lower ? (isWild ? part.wild : part.literal).toLowerCase() : isWild ? part.wild : part.literal;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (isWild && code === 42 /* * */) units.push(STAR);
      else if (isWild && code === 63 /* ? */) units.push(ONE);
      else units.push(code);
    }
  }
  return units;
}

function collapseStars(units: number[]): number[] {
  return units.filter((unit, i) => !(unit === STAR && units[i - 1] === STAR));
}

function count(units: number[], unit: number): number {
  let n = 0;
  for (const u of units) if (u === unit) n++;
  return n;
}

function fromUnits(units: number[], start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(units[i]!);
  return text;
}

/** Width in code units of the code point at `i` (2 for a surrogate pair). */
function width(value: string, i: number): number {
  const code = value.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
    const next = value.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 2;
  }
  return 1;
}

/** Two-pointer glob match: on a mismatch, let the last `*` swallow one more code point and retry from there. */
function globMatch(pattern: Int32Array, value: string): boolean {
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  while (v < value.length) {
    const unit = p < pattern.length ? pattern[p]! : 0;
    if (p < pattern.length && unit === ONE) {
      p++;
      v += width(value, v);
    } else if (p < pattern.length && unit === STAR) {
      starP = p++;
      starV = v;
    } else if (p < pattern.length && unit === value.charCodeAt(v)) {
      p++;
      v++;
    } else if (starP >= 0) {
      p = starP + 1;
      starV += width(value, starV);
      v = starV;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === STAR) p++;
  return p === pattern.length;
}
