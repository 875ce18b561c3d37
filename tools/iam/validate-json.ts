/**
 * A strict JSON reader for policy text. `JSON.parse` would do for the value, but the validator needs three things
 * it does not give: the line and column of a syntax error (Node 20's messages often omit the position), the keys an
 * object repeats (JSON.parse silently keeps the last one, so `{"StringEquals": {…}, "StringEquals": {…}}` would lose
 * a condition without a word), and a bound on nesting (a policy is 7 levels deep; 10,000 nested `[` must not reach
 * the stack limit). It accepts exactly RFC 8259, like JSON.parse, and builds the same value (the fuzz test compares
 * the two); keys are defined as own properties, so `"__proto__"` is plain data.
 */

/** Deeper than any policy needs (document → Statement → statement → Condition → operator → key → values is 7). */
export const MAX_JSON_DEPTH = 32;

export interface JsonPosition {
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export interface DuplicateKey {
  /** The JSON path of the repeated key, e.g. "Statement[0].Condition.StringEquals". */
  path: string;
  key: string;
  position: JsonPosition;
}

export type JsonReadResult =
  | { ok: true; value: unknown; duplicates: DuplicateKey[] }
  | { ok: false; message: string; position: JsonPosition };

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Appends a key to a JSON path the way findings write it: `Statement[1].Condition.IpAddress`. */
export function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

export function positionOf(text: string, offset: number): JsonPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: end - lineStart + 1 };
}

/** Reads `text` as one JSON value. Never throws. */
export function readJson(text: string): JsonReadResult {
  const reader = new Reader(text);
  try {
    reader.skipWhitespace();
    const value = reader.value('', 0);
    reader.skipWhitespace();
    if (reader.at < text.length) throw new JsonSyntaxError(`unexpected ${describe(text, reader.at)} after the end of the document`, reader.at);
    return { ok: true, value, duplicates: reader.duplicates };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, message: error.message, position: positionOf(text, error.offset) };
    throw error;
  }
}

function describe(text: string, offset: number): string {
  if (offset >= text.length) return 'end of input';
  return `character ${JSON.stringify(text[offset])}`;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Reader {
  at = 0;
  readonly duplicates: DuplicateKey[] = [];

  constructor(private readonly text: string) {}

  skipWhitespace(): void {
    const text = this.text;
    while (this.at < text.length) {
      const code = text.charCodeAt(this.at);
      if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return;
      this.at++;
    }
  }

  value(path: string, depth: number): unknown {
    if (depth > MAX_JSON_DEPTH) throw new JsonSyntaxError(`nesting deeper than ${MAX_JSON_DEPTH} levels (a policy needs 7)`, this.at);
    const char = this.text[this.at];
    if (char === '{') return this.object(path, depth);
    if (char === '[') return this.array(path, depth);
    if (char === '"') return this.string();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    throw new JsonSyntaxError(`expected a value, found ${describe(this.text, this.at)}`, this.at);
  }

  private object(path: string, depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.at++;
    this.skipWhitespace();
    if (this.text[this.at] === '}') {
      this.at++;
      return result;
    }
    for (;;) {
      if (this.text[this.at] !== '"') throw new JsonSyntaxError(`expected a property name in double quotes, found ${describe(this.text, this.at)}`, this.at);
      const keyOffset = this.at;
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.at] !== ':') throw new JsonSyntaxError(`expected ':' after property name ${JSON.stringify(key)}, found ${describe(this.text, this.at)}`, this.at);
      this.at++;
      this.skipWhitespace();
      const keyPath = childPath(path, key);
      const value = this.value(keyPath, depth + 1);
      if (seen.has(key)) this.duplicates.push({ path: keyPath, key, position: positionOf(this.text, keyOffset) });
      seen.add(key);
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      const next = this.text[this.at];
      this.at++;
      if (next === '}') return result;
      if (next !== ',') throw new JsonSyntaxError(`expected ',' or '}' after the value of ${JSON.stringify(key)}, found ${describe(this.text, this.at - 1)}`, this.at - 1);
      this.skipWhitespace();
    }
  }

  private array(path: string, depth: number): unknown[] {
    const result: unknown[] = [];
    this.at++;
    this.skipWhitespace();
    if (this.text[this.at] === ']') {
      this.at++;
      return result;
    }
    for (;;) {
      result.push(this.value(indexPath(path, result.length), depth + 1));
      this.skipWhitespace();
      const next = this.text[this.at];
      this.at++;
      if (next === ']') return result;
      if (next !== ',') throw new JsonSyntaxError(`expected ',' or ']' after an array element, found ${describe(this.text, this.at - 1)}`, this.at - 1);
      this.skipWhitespace();
    }
  }

  private string(): string {
    const text = this.text;
    let out = '';
    let start = ++this.at;
    for (;;) {
      if (this.at >= text.length) throw new JsonSyntaxError('unterminated string', this.at);
      const code = text.charCodeAt(this.at);
      if (code === 34 /* " */) {
        out += text.slice(start, this.at);
        this.at++;
        return out;
      }
      if (code < 0x20) throw new JsonSyntaxError(`control character U+${code.toString(16).padStart(4, '0')} inside a string (escape it)`, this.at);
      if (code === 92 /* \ */) {
        out += text.slice(start, this.at);
        const escape = text[this.at + 1];
        if (escape === 'u') {
          const hex = text.slice(this.at + 2, this.at + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError(`bad unicode escape \\u${hex}`, this.at);
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.at += 6;
        } else if (escape !== undefined && Object.hasOwn(ESCAPES, escape)) {
          out += ESCAPES[escape]!;
          this.at += 2;
        } else {
          throw new JsonSyntaxError(`bad escape \\${escape ?? ''} inside a string`, this.at);
        }
        start = this.at;
        continue;
      }
      this.at++;
    }
  }

  private number(): number {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (match === null || match[0] === '-') throw new JsonSyntaxError(`malformed number at ${describe(this.text, this.at)}`, this.at);
    this.at += match[0].length;
    return Number(match[0]);
  }
}
