import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';
import { RULE_LIMITS } from './limits.ts';
import { estimateProgramSize } from './re2-program-estimate.ts';

/** What RE2 refuses that JavaScript accepts, appended when RE2 reports an unsupported construct. */
export const RE2_LACKS =
  'RE2 matches in linear time, so it has no backreferences (\\1, \\k<name>), no lookahead or lookbehind ((?=…), (?!…), (?<=…), (?<!…)), ' +
  'no atomic groups or possessive quantifiers, and no \\cX escapes; write \\u{…} as \\x{…} (see https://github.com/google/re2/wiki/Syntax)';

/**
 * re2js, loaded on the first `matches` pattern: its import costs about 13 ms and a few MB of Unicode tables, which
 * every process that never uses `matches` (the server's start, the CLI, rule sets without it) should not pay.
 */
let re2js: typeof RE2JS | null = null;
const loadRe2js = (): typeof RE2JS => (re2js ??= (createRequire(import.meta.url)('re2js') as { RE2JS: typeof RE2JS }).RE2JS);

const UNSUPPORTED = /invalid escape sequence|invalid or unsupported Perl syntax|invalid named capture|invalid nested repetition operator/;

/**
 * A `matches` pattern compiled by RE2 (re2js): a match costs time linear in the input, whatever the pattern.
 * Immutable and shared: the same pattern text compiles once. Serializes (JSON, explanations) as its text.
 */
export class MatchPattern {
  /** The pattern when it is plain text (no metacharacter): a substring search, about 20× cheaper than re2js. */
  private readonly literal: string | null;

  constructor(
    /** The pattern as the rule wrote it. */
    readonly source: string,
    private readonly re2: RE2JS,
  ) {
    this.literal = /^[^\\^$.|?*+()[\]{}]*$/.test(source) ? source : null;
  }

  /** RE2 instructions of the compiled program (what a match costs per input character, at most). */
  get programSize(): number {
    return this.re2.programSize();
  }

  /**
   * Whether `input` contains a match (unanchored, as `RegExp.prototype.test`). A string longer than
   * RULE_LIMITS.matchInputChars fails the test rather than being cut: a prefix could match `…$` falsely.
   */
  test(input: string): boolean {
    if (input.length > RULE_LIMITS.matchInputChars) return false;
    return this.literal !== null ? input.includes(this.literal) : this.re2.test(input);
  }

  toJSON(): string {
    return this.source;
  }

  toString(): string {
    return this.source;
  }
}

export type MatchPatternResult = { ok: true; pattern: MatchPattern } | { ok: false; expected: string };

const cache = new Map<string, MatchPattern>();

/**
 * Compiles a `matches` pattern with RE2, within RULE_LIMITS (pattern length, program size), or says what was
 * expected instead. Compiled patterns are cached by text (validation compiles, `prepare` reuses the result).
 */
export function compileMatchPattern(source: string): MatchPatternResult {
  const cached = cache.get(source);
  if (cached) return { ok: true, pattern: cached };
  const { patternChars, patternProgramSize, compiledPatternCache } = RULE_LIMITS;
  if (source.length > patternChars) {
    return { ok: false, expected: `a pattern of at most ${patternChars} characters (this one has ${source.length})` };
  }
  // Compiling costs about 1 µs per instruction: refuse what is surely too large before paying for it.
  const estimate = estimateProgramSize(source);
  if (estimate > 4 * patternProgramSize) return { ok: false, expected: tooLarge(`about ${estimate}`) };
  let re2: RE2JS;
  try {
    re2 = loadRe2js().compile(toRe2Syntax(source));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, expected: `a valid regular expression in RE2 syntax (${reason}${UNSUPPORTED.test(reason) ? `; ${RE2_LACKS}` : ''})` };
  }
  if (re2.programSize() > patternProgramSize) return { ok: false, expected: tooLarge(String(re2.programSize())) };
  const pattern = new MatchPattern(source, re2);
  if (cache.size >= compiledPatternCache) cache.delete(cache.keys().next().value!);
  cache.set(source, pattern);
  return { ok: true, pattern };
}

function tooLarge(size: string): string {
  const limit = RULE_LIMITS.patternProgramSize;
  return `a pattern that compiles to at most ${limit} RE2 instructions (this one: ${size}; lower the {n,m} repeat counts or split the pattern)`;
}

/**
 * JavaScript's `\uXXXX` escape, which rules written before RE2 may use, as RE2's `\x{XXXX}`. Other escapes and
 * `\Q…\E` literal text are copied as they are.
 */
function toRe2Syntax(source: string): string {
  if (!source.includes('\\u')) return source;
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    if (source[i + 1] === 'Q') {
      const end = source.indexOf('\\E', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop);
      i = stop - 1;
    } else if (source[i + 1] === 'u' && /^[0-9A-Fa-f]{4}$/.test(source.slice(i + 2, i + 6))) {
      out += `\\x{${source.slice(i + 2, i + 6)}}`;
      i += 5;
    } else {
      out += source.slice(i, i + 2);
      i++;
    }
  }
  return out;
}
