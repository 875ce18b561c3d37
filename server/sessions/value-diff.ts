/** One difference between two JSON values, at a path like `best.params.x` or `trials[3]`. */
export interface ValueDifference {
  path: string;
  expected: unknown;
  actual: unknown;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ID_KEY = /^(id|ids)$|_ids?$|Ids?$/;
const TIME_KEY = /^(at|time|timestamp)$|_at$|At$|^(elapsed|duration|wall)(_\w+)?$|^(elapsedMs|durationMs|elapsedS)$/;

/**
 * Rewrites the run-specific parts of a value so two runs can be compared: ids (UUIDs anywhere, and strings
 * under `id`/`*_id`/`*Id` keys) become `#1`, `#2`… in order of first appearance (the mapping is shared across a
 * whole session, so `study_status {study_id}` still has to point at the right study), and numbers under time keys
 * (`created_at`, `elapsed_s`, `duration_ms`…) become `<time>`.
 */
export class RunNormalizer {
  readonly #ids = new Map<string, string>();

  normalize(value: unknown, key = ''): unknown {
    if (typeof value === 'string') {
      if (ID_KEY.test(key)) return this.#id(value);
      return value.replace(UUID, (m) => this.#id(m.toLowerCase()));
    }
    if (typeof value === 'number') return TIME_KEY.test(key) ? '<time>' : value;
    if (Array.isArray(value)) return value.map((v) => this.normalize(v, ID_KEY.test(key) ? key : ''));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, this.normalize(v, k)]));
    }
    return value;
  }

  #id(raw: string): string {
    let alias = this.#ids.get(raw);
    if (!alias) this.#ids.set(raw, (alias = `#${this.#ids.size + 1}`));
    return alias;
  }
}

/**
 * Structural differences between `expected` and `actual` (already normalized). Numbers are equal within
 * `relativeTolerance` (|a − b| ≤ tol · max(|a|, |b|)); object key order does not matter. At most `limit` entries.
 */
export function diffValues(expected: unknown, actual: unknown, options: { relativeTolerance: number; limit?: number }): ValueDifference[] {
  const out: ValueDifference[] = [];
  const limit = options.limit ?? 20;
  const walk = (a: unknown, b: unknown, path: string) => {
    if (out.length >= limit) return;
    if (typeof a === 'number' && typeof b === 'number') {
      if (a === b || Math.abs(a - b) <= options.relativeTolerance * Math.max(Math.abs(a), Math.abs(b))) return;
      out.push({ path, expected: a, actual: b });
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        if (i >= a.length || i >= b.length) {
          out.push({ path: `${path}[${i}]`, expected: a[i], actual: b[i] });
          if (out.length >= limit) return;
        } else walk(a[i], b[i], `${path}[${i}]`);
      }
      return;
    }
    if (isObject(a) && isObject(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[key], b[key], path ? `${path}.${key}` : key);
      return;
    }
    if (a !== b) out.push({ path: path || '(value)', expected: a, actual: b });
  };
  walk(expected, actual, '');
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
