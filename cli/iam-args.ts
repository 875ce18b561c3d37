/**
 * Flag values of the IAM commands that need more than parseArgs: simulation context entries
 * (`--context key=value`, typed with `--context-type key=Numeric`, like the simulator's ContextEntries), policy
 * version names and `--since 1h|30m|2d|ISO`.
 */
import type { ContextKeyType, ContextValue, RequestContext } from '../tools/iam/types.ts';
import { UsageError } from './iam-io.ts';

const CONTEXT_TYPES: readonly ContextKeyType[] = ['String', 'Numeric', 'Bool', 'Date', 'IpAddress'];
/** Bounds on what one simulation may ask (entries, value length, actions × resources). */
export const MAX_CONTEXT_ENTRIES = 100;
export const MAX_VALUE_LENGTH = 1024;
export const MAX_SIMULATION_PAIRS = 10_000;

/**
 * `key=value` entries → the request context. A key given twice becomes a set (for ForAnyValue / ForAllValues).
 * Values are strings unless `--context-type key=Numeric|Bool|Date|IpAddress` says otherwise; keys match types
 * case-insensitively, as IAM compares keys.
 */
export function parseContext(entries: readonly string[], typeSpecs: readonly string[]): RequestContext {
  if (entries.length > MAX_CONTEXT_ENTRIES) throw new UsageError('--context', `at most ${MAX_CONTEXT_ENTRIES} entries, got ${entries.length}`);
  const types = new Map<string, ContextKeyType>();
  for (const spec of typeSpecs) {
    const [key, type] = splitPair(spec, '--context-type', 'KEY=TYPE');
    const known = CONTEXT_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
    if (!known) throw new UsageError('--context-type', `type of "${key}" must be one of ${CONTEXT_TYPES.join(', ')}, got "${type}"`);
    types.set(key.toLowerCase(), known);
  }
  const values = new Map<string, { key: string; values: (string | number | boolean)[] }>();
  for (const entry of entries) {
    const [key, raw] = splitPair(entry, '--context', 'KEY=VALUE');
    const value = typed(key, raw, types.get(key.toLowerCase()) ?? 'String');
    const slot = values.get(key.toLowerCase()) ?? { key, values: [] };
    slot.values.push(value);
    values.set(key.toLowerCase(), slot);
  }
  for (const key of types.keys()) {
    if (!values.has(key)) throw new UsageError('--context-type', `"${key}" has a type but no --context value`);
  }
  const context: Record<string, ContextValue> = {};
  for (const { key, values: list } of values.values()) context[key] = list.length === 1 ? list[0]! : list;
  return context;
}

function splitPair(spec: string, flag: string, form: string): [string, string] {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UsageError(flag, `must be ${form}, got "${spec}"`);
  const value = spec.slice(eq + 1);
  if (spec.length > MAX_VALUE_LENGTH) throw new UsageError(flag, `at most ${MAX_VALUE_LENGTH} characters, got ${spec.length}`);
  return [spec.slice(0, eq), value];
}

function typed(key: string, raw: string, type: ContextKeyType): string | number | boolean {
  const flag = `--context ${key}`;
  switch (type) {
    case 'Numeric': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(flag, `is Numeric, got "${raw}"`);
      return n;
    }
    case 'Bool':
      if (raw !== 'true' && raw !== 'false') throw new UsageError(flag, `is Bool (true or false), got "${raw}"`);
      return raw === 'true';
    case 'Date':
      // ISO 8601 or epoch seconds, the two forms IAM's Date operators accept.
      if (/^\d+$/.test(raw)) return Number(raw);
      if (Number.isNaN(Date.parse(raw))) throw new UsageError(flag, `is a Date (ISO 8601 or epoch seconds), got "${raw}"`);
      return raw;
    default:
      return raw;
  }
}

/** "v3" (IAM's version ids); anything else is a usage error naming the argument. */
export function versionArg(value: string, argument: string): string {
  if (!/^v[1-9]\d{0,8}$/.test(value)) throw new UsageError(argument, `must be a version like v1, v2, …; got "${value}"`);
  return value;
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since 30m|1h|2d|45s` (before `now`) or an ISO 8601 time → epoch ms. */
export function parseSince(value: string, now: number): number {
  const relative = /^(\d{1,9})([smhd])$/.exec(value);
  if (relative) return now - Number(relative[1]) * UNIT_MS[relative[2]!]!;
  const at = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) throw new UsageError('--since', `must be a duration like 30m, 1h, 2d or an ISO 8601 time, got "${value}"`);
  return at;
}

/** `--limit n`: 1 … max. */
export function parseLimit(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new UsageError('--limit', `must be an integer from 1 to ${max}, got "${value}"`);
  return n;
}
