/**
 * Reasoning about two wildcard patterns at once, which the validator needs and the evaluator does not (it only
 * matches a pattern against a value: tools/iam/patterns.ts):
 * - `globsIntersect(a, b)`: can one string match both? ("can this statement ever match an action's resource type")
 * - `globCovers(outer, inner)`: does every string that `inner` matches also match `outer`? (redundant entries and
 *   statements)
 *
 * Patterns are token lists (`*` any run, `?` one character, literal characters). Both checks are dynamic programs
 * over pairs of positions, O(|a| × |b|); above `MAX_PAIRS` they give the lenient answer (intersect: yes; covers: no),
 * so an oversized pattern can only cost a warning, never invent one.
 */
import { parseTemplate } from './variables.ts';

export type GlobToken = number;
/** Token for `*`. Literal characters are their UTF-16 code units (≥ 0). */
export const STAR: GlobToken = -1;
/** Token for `?`. */
export const ONE: GlobToken = -2;

const MAX_PAIRS = 250_000;

export interface TokenizeOptions {
  ignoreCase?: boolean;
  /**
   * Read `${…}` as IAM does with Version 2012-10-17 (tools/iam/variables.ts `parseTemplate`): `${*}`, `${?}`, `${$}`
   * are the literal characters; a variable is unknown until request time, so it becomes `*` (`variableAs: 'star'`,
   * the default: "could it match?") or stays its literal text (`'literal'`: "does it surely cover?", since a variable
   * is one value, not a wildcard). Catalog forms (`tunechat:target/${TargetName}`) use `'star'`.
   */
  variables?: boolean;
  variableAs?: 'star' | 'literal';
}

export function tokenize(pattern: string, options: TokenizeOptions = {}): GlobToken[] {
  const tokens: GlobToken[] = [];
  const lower = options.ignoreCase === true;
  const pushText = (text: string, wild: boolean): void => {
    const chars = lower ? text.toLowerCase() : text;
    for (let i = 0; i < chars.length; i++) {
      const code = chars.charCodeAt(i);
      if (wild && code === 42) {
        if (tokens[tokens.length - 1] !== STAR) tokens.push(STAR);
      } else if (wild && code === 63) tokens.push(ONE);
      else tokens.push(code);
    }
  };
  for (const part of parseTemplate(pattern, options.variables === true).parts) {
    if ('wild' in part) pushText(part.wild, true);
    else if ('literal' in part) pushText(part.literal, false);
    else if (options.variableAs === 'literal') pushText(`\${${part.variable}}`, false);
    else if (tokens[tokens.length - 1] !== STAR) tokens.push(STAR);
  }
  return tokens;
}

/** Whether some string matches both patterns. */
export function globsIntersect(a: readonly GlobToken[], b: readonly GlobToken[]): boolean {
  const n = a.length;
  const m = b.length;
  if ((n + 1) * (m + 1) > MAX_PAIRS) return true;
  const seen = new Uint8Array((n + 1) * (m + 1));
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number): void => {
    const id = i * (m + 1) + j;
    if (seen[id] === 0) {
      seen[id] = 1;
      stack.push(id);
    }
  };
  while (stack.length > 0) {
    const id = stack.pop()!;
    const i = Math.floor(id / (m + 1));
    const j = id % (m + 1);
    if (i === n && j === m) return true;
    const x = i < n ? a[i]! : null;
    const y = j < m ? b[j]! : null;
    // `*` may match nothing.
    if (x === STAR) push(i + 1, j);
    if (y === STAR) push(i, j + 1);
    if (x === null || y === null) continue;
    // Both consume one common character.
    if (x >= 0 && y >= 0 && x !== y) continue;
    push(x === STAR ? i : i + 1, y === STAR ? j : j + 1);
  }
  return false;
}

/**
 * Whether `outer` matches every string `inner` matches. Sound (true only when it holds) and exact for the patterns
 * people write; an `inner` `*` must be absorbed by an `outer` `*`, an `inner` `?` by a `?` or a `*`.
 */
export function globCovers(outer: readonly GlobToken[], inner: readonly GlobToken[]): boolean {
  const n = outer.length;
  const m = inner.length;
  if (!outer.some((token) => token < 0)) return n === m && outer.every((token, i) => token === inner[i]);
  if ((n + 1) * (m + 1) > MAX_PAIRS) return false;
  // next[j] for row i + 1, row[j] for row i: does outer[i:] cover inner[j:]? Filled from the end.
  let next = new Uint8Array(m + 1);
  let row = new Uint8Array(m + 1);
  next[m] = 1;
  for (let i = n - 1; i >= 0; i--) {
    const token = outer[i]!;
    for (let j = m; j >= 0; j--) {
      if (token === STAR) row[j] = next[j] === 1 || (j < m && row[j + 1] === 1) ? 1 : 0;
      else if (j === m) row[j] = 0;
      else if (token === ONE) row[j] = inner[j] !== STAR && next[j + 1] === 1 ? 1 : 0;
      else row[j] = inner[j] === token && next[j + 1] === 1 ? 1 : 0;
    }
    [next, row] = [row, next];
  }
  return next[0] === 1;
}

/** Whether a literal string matches a pattern (tokenized with the same `ignoreCase`): catalog lookups. */
export function globMatches(pattern: readonly GlobToken[], value: string, ignoreCase = false): boolean {
  const text = ignoreCase ? value.toLowerCase() : value;
  const units: GlobToken[] = [];
  for (let i = 0; i < text.length; i++) units.push(text.charCodeAt(i));
  return globCovers(pattern, units);
}
