/**
 * Reading metrics from a target's output. The last non-empty stdout line (or an HTTP body) must be a JSON
 * object of numbers; `NaN`/`Infinity` tokens (as Python's json.dumps writes them) are recognised so the
 * failure names the metric. Intermediate lines look like `{"step": 3, "metrics": {"loss": 0.4}}`.
 */

export interface ParsedMetrics {
  metrics: Record<string, number>;
}

function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const replaced = text.replace(/-?\bInfinity\b|\bNaN\b/g, (token) => JSON.stringify(token));
    return JSON.parse(replaced);
  }
}

/** Metrics from a JSON object (numeric fields; `{"metrics": {...}}` is unwrapped). Throws with the reason. */
export function parseMetrics(text: string, source: string): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = parseLenient(text.trim());
  } catch {
    throw new Error(`${source} is not a JSON object of metrics: ${JSON.stringify(text.slice(0, 200))}`);
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'metrics' in parsed && typeof (parsed as { metrics: unknown }).metrics === 'object') {
    parsed = (parsed as { metrics: unknown }).metrics;
  }
  if (typeof parsed === 'number') parsed = { value: parsed };
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${source} is not a JSON object of metrics: ${JSON.stringify(text.slice(0, 200))}`);
  }
  const metrics: Record<string, number> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') throw new Error(`metric "${name}" is ${value}; metrics must be finite numbers`);
    if (typeof value === 'number') metrics[name] = value;
  }
  if (Object.keys(metrics).length === 0) throw new Error(`${source} has no numeric metrics: ${JSON.stringify(text.slice(0, 200))}`);
  return metrics;
}

/** An intermediate report line, or null when the line is not one. */
export function parseProgressLine(line: string): { step: number; metrics: Record<string, number> } | null {
  if (!line.startsWith('{') || !line.includes('"step"')) return null;
  try {
    const parsed = parseLenient(line) as { step?: unknown; metrics?: unknown };
    if (typeof parsed.step !== 'number' || typeof parsed.metrics !== 'object' || parsed.metrics === null) return null;
    const metrics: Record<string, number> = {};
    for (const [k, v] of Object.entries(parsed.metrics)) if (typeof v === 'number' && Number.isFinite(v)) metrics[k] = v;
    return { step: parsed.step, metrics };
  } catch {
    return null;
  }
}

/** The last `max` characters of a text, for failure reasons. */
export function tail(text: string, max = 2000): string {
  return text.length > max ? `…${text.slice(-max)}` : text;
}
