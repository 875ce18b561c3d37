/** Canonical JSON (object keys sorted), so structurally equal values get the same hash key. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * The hash key of one or more values for equality joins: primitives are their own key (Map uses
 * SameValueZero, which agrees with `===` apart from NaN); objects use canonical JSON. Undefined (a missing
 * field) has no key: it equals nothing.
 */
export function hashKey(values: readonly unknown[]): unknown {
  if (values.length === 1) {
    const value = values[0];
    if (value === undefined) return undefined;
    return value !== null && typeof value === 'object' ? `\u0000${canonical(value)}` : value;
  }
  let key = '';
  for (const value of values) {
    if (value === undefined) return undefined;
    if (typeof value === 'string' && !value.includes('\u0001')) key += `s${value}\u0001`;
    else if (typeof value === 'number') key += `n${value}\u0001`;
    else key += `${typeof value}${canonical(value)}\u0001`;
  }
  return key;
}
