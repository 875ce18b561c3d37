/**
 * A small parser for the Prometheus text exposition format (version 0.0.4, what prom-client and most exporters
 * serve on /metrics). No maintained npm parser is installed, and the controller needs only the samples, their
 * labels and the families' types, so this is about 200 lines instead of a dependency.
 *
 * Grammar (https://prometheus.io/docs/instrumenting/exposition_formats/): one item per line;
 * `# HELP name text` (escapes `\\` and `\n`), `# TYPE name counter|gauge|histogram|summary|untyped`, other `#`
 * lines are comments; a sample is `name{label="value",…} value [timestamp_ms]` with label values escaping `\\`,
 * `\"` and `\n`, values as Go's ParseFloat reads them (`+Inf`, `-Inf`, `NaN` included). Input is bounded
 * (bytes, lines, labels per sample) and malformed input fails with a ToolError naming the line number.
 */
import { ToolError } from '../../common/errors.ts';

export type PromMetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface PromSample {
  /** The sample's own name (`http_duration_seconds_bucket`). */
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Milliseconds since the epoch, when the exposition gave one. */
  timestamp?: number;
  /** The family it belongs to (`http_duration_seconds` for its `_bucket`), by TYPE; the name itself when untyped. */
  family: string;
  type: PromMetricType;
  /** 1-based line number, for error messages further on. */
  line: number;
}

export interface PromFamily {
  name: string;
  type: PromMetricType;
  help?: string;
}

export interface PromExposition {
  families: Map<string, PromFamily>;
  samples: PromSample[];
}

export const PROM_TEXT_LIMITS = Object.freeze({
  /** Largest body accepted, bytes (UTF-8). */
  bytes: 4 * 1024 * 1024,
  lines: 200_000,
  labelsPerSample: 64,
  /** Characters of one line. */
  lineLength: 64 * 1024,
});

const TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+)$/;
/** Suffixes a sample may add to its family's name, per family type. */
const SUFFIXES: Record<PromMetricType, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count', '_created'],
  summary: ['_sum', '_count', '_created'],
  counter: ['_total', '_created'],
  gauge: [],
  untyped: [],
};

/** Reads a value the way Go's strconv.ParseFloat does for exposition values; null when it is not a number. */
export function parsePromValue(text: string): number | null {
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (/^[+]?inf(inity)?$/.test(lower)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/.test(lower)) return Number.NEGATIVE_INFINITY;
  if (!FLOAT.test(text)) return null;
  return Number(text);
}

function malformed(line: number, message: string, text: string): ToolError {
  const excerpt = text.length > 120 ? `${text.slice(0, 120)}…` : text;
  return new ToolError('invalid_argument', `metrics text line ${line}: ${message}: ${JSON.stringify(excerpt)}`, { details: { parameter: 'metrics', line } });
}

function unescape(text: string, quotes: boolean): string {
  return text.replace(quotes ? /\\([\\"n])/g : /\\([\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** Parses `{a="1",b="x\"y"}` starting at `start` (the `{`); returns the labels and the index after `}`. */
function parseLabels(text: string, start: number, line: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let count = 0;
  let i = start + 1;
  const skipSpace = () => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  for (;;) {
    skipSpace();
    if (text[i] === '}') return { labels, end: i + 1 };
    const name = LABEL_NAME.exec(text.slice(i))?.[0];
    if (!name) throw malformed(line, `expected a label name or "}" at column ${i + 1}`, text);
    i += name.length;
    skipSpace();
    if (text[i] !== '=') throw malformed(line, `expected "=" after label ${name}`, text);
    i++;
    skipSpace();
    if (text[i] !== '"') throw malformed(line, `label ${name}'s value must be in double quotes`, text);
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    if (j >= text.length) throw malformed(line, `label ${name}'s value has no closing quote`, text);
    if (Object.hasOwn(labels, name)) throw malformed(line, `label ${name} appears twice`, text);
    if (++count > PROM_TEXT_LIMITS.labelsPerSample) throw malformed(line, `more than ${PROM_TEXT_LIMITS.labelsPerSample} labels`, text);
    labels[name] = unescape(text.slice(i + 1, j), true);
    i = j + 1;
    skipSpace();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw malformed(line, `expected "," or "}" after label ${name}`, text);
  }
}

/** Which family a sample belongs to: its TYPE'd family, directly or through the type's suffix. */
function familyOf(name: string, families: Map<string, PromFamily>): PromFamily | undefined {
  const direct = families.get(name);
  if (direct) return direct;
  const suffix = /_(bucket|sum|count|total|created)$/.exec(name)?.[0];
  const family = suffix ? families.get(name.slice(0, -suffix.length)) : undefined;
  return family && SUFFIXES[family.type].includes(suffix!) ? family : undefined;
}

function parseComment(text: string, line: number, families: Map<string, PromFamily>, typed: Set<string>): void {
  const match = /^#[ \t]+(HELP|TYPE)[ \t]+([^ \t]+)(?:[ \t]+(.*))?$/.exec(text);
  if (!match) return; // An ordinary comment.
  const [, keyword, name, rest = ''] = match as unknown as [string, 'HELP' | 'TYPE', string, string | undefined];
  if (!METRIC_NAME.test(name) || METRIC_NAME.exec(name)![0] !== name) throw malformed(line, `"${name}" is not a metric name`, text);
  const existing = families.get(name);
  if (keyword === 'HELP') {
    if (existing?.help !== undefined) throw malformed(line, `a second HELP for ${name}`, text);
    families.set(name, { ...(existing ?? { name, type: 'untyped' }), help: unescape(rest, false) });
    return;
  }
  const type = rest.trim();
  if (!TYPES.has(type)) throw malformed(line, `unknown metric type "${type}" (counter, gauge, histogram, summary or untyped)`, text);
  if (typed.has(name)) throw malformed(line, `a second TYPE for ${name}`, text);
  typed.add(name);
  families.set(name, { ...existing, name, type: type as PromMetricType });
}

function parseSample(text: string, line: number, families: Map<string, PromFamily>): PromSample {
  const name = METRIC_NAME.exec(text)?.[0];
  if (!name) throw malformed(line, 'a sample starts with a metric name', text);
  let i = name.length;
  let labels: Record<string, string> = {};
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === '{') ({ labels, end: i } = parseLabels(text, i, line));
  const fields = text.slice(i).trim().split(/[ \t]+/);
  if (fields.length === 0 || fields[0] === '') throw malformed(line, `sample ${name} has no value`, text);
  if (fields.length > 2) throw malformed(line, `unexpected text after the value and timestamp of ${name}`, text);
  const value = parsePromValue(fields[0]!);
  if (value === null) throw malformed(line, `"${fields[0]}" is not a number (a float, +Inf, -Inf or NaN)`, text);
  const family = familyOf(name, families);
  const sample: PromSample = { name, labels, value, family: family?.name ?? name, type: family?.type ?? 'untyped', line };
  if (fields.length === 2) {
    if (!/^-?\d{1,19}$/.test(fields[1]!)) throw malformed(line, `timestamp "${fields[1]}" is not an integer of milliseconds`, text);
    sample.timestamp = Number(fields[1]);
  }
  if (sample.type === 'histogram' && name.endsWith('_bucket')) {
    if (labels.le === undefined) throw malformed(line, `histogram bucket ${name} has no "le" label`, text);
    if (parsePromValue(labels.le) === null) throw malformed(line, `histogram bucket ${name} has le="${labels.le}", not a number`, text);
  }
  return sample;
}

/** Parses a whole exposition. Throws `too_large` past PROM_TEXT_LIMITS and `invalid_argument` naming the line otherwise. */
export function parsePrometheusText(body: string): PromExposition {
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > PROM_TEXT_LIMITS.bytes) {
    throw new ToolError('too_large', `metrics text is ${bytes} bytes, more than the ${PROM_TEXT_LIMITS.bytes} accepted (PROM_TEXT_LIMITS.bytes)`, { details: { parameter: 'metrics', bytes, limit: PROM_TEXT_LIMITS.bytes } });
  }
  const lines = body.split('\n');
  if (lines.length > PROM_TEXT_LIMITS.lines) {
    throw new ToolError('too_large', `metrics text has ${lines.length} lines, more than the ${PROM_TEXT_LIMITS.lines} accepted (PROM_TEXT_LIMITS.lines)`, { details: { parameter: 'metrics', lines: lines.length, limit: PROM_TEXT_LIMITS.lines } });
  }
  const families = new Map<string, PromFamily>();
  const samples: PromSample[] = [];
  const typed = new Set<string>();
  lines.forEach((raw, index) => {
    const line = index + 1;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.length > PROM_TEXT_LIMITS.lineLength) throw malformed(line, `line longer than ${PROM_TEXT_LIMITS.lineLength} characters`, text);
    const trimmed = text.trimStart();
    if (trimmed === '') return;
    if (trimmed.startsWith('#')) parseComment(trimmed, line, families, typed);
    else samples.push(parseSample(trimmed, line, families));
  });
  return { families, samples };
}
