/**
 * A metric named in a control section's mapping, optionally with label matchers: `http_requests_total`,
 * `http_requests_total{code="500"}`, `http_requests_total{code!="200",route="/"}`. Only `=` and `!=` (no regex):
 * enough to pick series, small enough to read at a glance. Every series a selector matches is summed.
 */
import { ToolError } from '../../common/errors.ts';

export interface LabelMatcher {
  label: string;
  op: '=' | '!=';
  value: string;
}

export interface MetricSelector {
  name: string;
  matchers: LabelMatcher[];
  /** As written, for messages. */
  text: string;
}

const MAX_SELECTOR_LENGTH = 512;

export function parseSelector(text: string, parameter: string): MetricSelector {
  const bad = (rule: string) => new ToolError('invalid_argument', `${parameter} must be a metric name with optional label matchers like http_requests_total{code="500"}: ${rule}, got ${JSON.stringify(text)}`, { details: { parameter, value: text } });
  if (text.length > MAX_SELECTOR_LENGTH) throw bad(`at most ${MAX_SELECTOR_LENGTH} characters`);
  const match = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{(.*)\})?\s*$/s.exec(text);
  if (!match) throw bad('not a metric name');
  const matchers: LabelMatcher[] = [];
  let rest = match[2]?.trim() ?? '';
  while (rest.length > 0) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,\s*|$)/s.exec(rest);
    if (!m) throw bad(`cannot read the label matcher at ${JSON.stringify(rest.slice(0, 40))}`);
    if (m[1] === 'le' || m[1] === 'quantile') throw bad(`"${m[1]}" is chosen by the source, not by the mapping`);
    matchers.push({ label: m[1]!, op: m[2] as '=' | '!=', value: m[3]!.replace(/\\([\\"n])/g, (_, c: string) => (c === 'n' ? '\n' : c)) });
    rest = rest.slice(m[0].length);
  }
  return { name: match[1]!, matchers, text };
}

/** True when every matcher holds (a missing label reads as ""; as in PromQL). */
export function matchesLabels(selector: MetricSelector, labels: Readonly<Record<string, string>>): boolean {
  return selector.matchers.every((m) => ((labels[m.label] ?? '') === m.value) === (m.op === '='));
}
