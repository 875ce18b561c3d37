/**
 * An upper estimate of the RE2 program size (instructions) a pattern compiles to, read from its text without
 * compiling it. RE2 bounds the *time* of a match, but not of compiling: `(?:<1,000 letters>){1000}` is 1 KiB of
 * text that compiles to a million instructions (about 1 s and 100 MB in re2js). This estimate lets us refuse such
 * a pattern before compiling; the exact size is checked after compiling. Every atom (literal, class, escape,
 * `.`, `^`) counts 1, a group 2 more (a capture's two save instructions), each `| * + ?` 1, and a counted
 * repetition `{n,m}` multiplies the atom before it by max(n, m) and adds a branch per optional copy. Malformed text gets some estimate; RE2 then
 * reports the syntax error.
 */
export function estimateProgramSize(pattern: string): number {
  // One frame per open group: the size of its content so far and of its last atom (what a quantifier repeats).
  const stack: { total: number; last: number }[] = [{ total: 0, last: 0 }];
  let top = stack[0]!;
  const atom = (size: number) => {
    top.total += size;
    top.last = size;
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        // \Q…\E: every character up to \E is a literal.
        const end = pattern.indexOf('\\E', i + 2);
        const stop = end < 0 ? pattern.length : end;
        top.total += stop - (i + 2);
        top.last = 1;
        i = end < 0 ? stop : stop + 2;
        continue;
      }
      i = skipEscape(pattern, i);
      atom(1);
    } else if (c === '[') {
      i = skipClass(pattern, i);
      atom(1);
    } else if (c === '(') {
      const flags = /^\(\?[A-Za-z-]*\)/.exec(pattern.slice(i, i + 16));
      if (flags) {
        i += flags[0].length;
        continue;
      }
      top = { total: 0, last: 0 };
      stack.push(top);
      i++;
    } else if (c === ')' && stack.length > 1) {
      const group = stack.pop()!;
      top = stack[stack.length - 1]!;
      atom(group.total + 2);
      i++;
    } else if (c === '|' || c === '*' || c === '+' || c === '?') {
      top.total += 1;
      if (c === '|') top.last = 0;
      i++;
    } else if (c === '{') {
      const repeat = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
      if (!repeat) {
        atom(1);
        i++;
        continue;
      }
      const min = Number(repeat[1]);
      const max = repeat[2] === undefined ? min : repeat[3] === '' ? min + 1 : Number(repeat[3]);
      // RE2 refuses counts over 1,000; capping keeps the arithmetic finite for its error to be the one shown.
      const copies = Math.min(Math.max(min, max, 1), 1001);
      const optional = Math.min(Math.max(max - min, 0), 1001);
      top.total += top.last * (copies - 1) + optional + 1;
      top.last = top.last * copies + optional;
      i += repeat[0].length;
    } else {
      atom(1);
      i++;
    }
  }
  // + 2: the program's start and match instructions.
  return stack.reduce((sum, frame) => sum + frame.total, 2);
}

/** Index after the escape at `i` (`\x{…}`, `\p{…}`, `\pL`, `\x41`, or a backslash and one character). */
function skipEscape(pattern: string, i: number): number {
  const next = pattern[i + 1];
  if ((next === 'x' || next === 'p' || next === 'P') && pattern[i + 2] === '{') {
    const close = pattern.indexOf('}', i + 3);
    return close < 0 ? pattern.length : close + 1;
  }
  if (next === 'x') return Math.min(i + 4, pattern.length);
  if (next === 'p' || next === 'P') return Math.min(i + 3, pattern.length);
  return Math.min(i + 2, pattern.length);
}

/** Index after the character class opening at `i` (`]` first is a literal; `[:alpha:]` and escapes inside). */
function skipClass(pattern: string, i: number): number {
  let j = i + 1;
  if (pattern[j] === '^') j++;
  if (pattern[j] === ']') j++;
  while (j < pattern.length) {
    const c = pattern[j]!;
    if (c === ']') return j + 1;
    if (c === '\\') j = skipEscape(pattern, j);
    else if (c === '[' && pattern[j + 1] === ':') {
      const close = pattern.indexOf(':]', j + 2);
      j = close < 0 ? j + 1 : close + 2;
    } else j++;
  }
  return j;
}
