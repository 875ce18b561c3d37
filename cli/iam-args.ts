/**
 * Flag values of the IAM commands that need more than parseArgs: simulation context entries
 * (`--context key=value`, typed with `--context-type key=Numeric`, like the simulator's ContextEntries), policy
 * version names and `--since 1h|30m|2d|ISO`.
 */
import { ACTIONS, CONTEXT_KEYS } from '../tools/iam/catalog.ts';
import type { ContextKeyType, ContextValue, RequestContext } from '../tools/iam/types.ts';
import { ToolError } from '../tools/common/errors.ts';
import { parseSince as parseSinceText } from '../tools/iam/since.ts';
import { UsageError } from './iam-io.ts';

const CONTEXT_TYPES: readonly ContextKeyType[] = ['String', 'Numeric', 'Bool', 'Date', 'IpAddress'];
/** Bounds on what one simulation may ask (entries, value length, actions × resources). */
export const MAX_CONTEXT_ENTRIES = 100;
export const MAX_VALUE_LENGTH = 1024;
export const MAX_SIMULATION_PAIRS = 10_000;

/**
 * `key=value` entries → the request context. A key given twice becomes a set (for ForAnyValue / ForAllValues).
 * A key the catalog knows gets its type from there (`optimizer:Trials=500` is a number); `--context-type
 * key=Numeric|Bool|Date|IpAddress` types others (or overrides); the rest are strings. Keys match types
 * case-insensitively, as IAM compares keys.
 */
export function parseContext(entries: readonly string[], typeSpecs: readonly string[]): RequestContext {
  if (entries.length > MAX_CONTEXT_ENTRIES) throw new UsageError('--context', `at most ${MAX_CONTEXT_ENTRIES} entries, got ${entries.length}`);
  const types = new Map<string, ContextKeyType>();
  const explicit = new Set<string>();
  for (const spec of typeSpecs) {
    const [key, type] = splitPair(spec, '--context-type', 'KEY=TYPE');
    const known = CONTEXT_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
    if (!known) throw new UsageError('--context-type', `type of "${key}" must be one of ${CONTEXT_TYPES.join(', ')}, got "${type}"`);
    types.set(key.toLowerCase(), known);
    explicit.add(key.toLowerCase());
  }
  const values = new Map<string, { key: string; values: (string | number | boolean)[] }>();
  for (const entry of entries) {
    const [key, raw] = splitPair(entry, '--context', 'KEY=VALUE');
    const value = typed(key, raw, types.get(key.toLowerCase()) ?? CATALOG_TYPES.get(key.toLowerCase()) ?? 'String');
    const slot = values.get(key.toLowerCase()) ?? { key, values: [] };
    slot.values.push(value);
    values.set(key.toLowerCase(), slot);
  }
  for (const key of explicit) {
    if (!values.has(key)) throw new UsageError('--context-type', `"${key}" has a type but no --context value`);
  }
  const context: Record<string, ContextValue> = {};
  for (const { key, values: list } of values.values()) context[key] = list.length === 1 ? list[0]! : list;
  return context;
}

/** Every context key the catalog declares, by lower-cased name, with its type. */
const CATALOG_TYPES: ReadonlyMap<string, ContextKeyType> = new Map(
  [...CONTEXT_KEYS, ...ACTIONS.flatMap((a) => a.contextKeys)].map((spec) => [spec.key.toLowerCase(), spec.type] as const),
);

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

/** `--since`: the chat tool's parser (tools/iam/since.ts: 30m, 1h, 90 minutes, 2d, today, ISO 8601); its error as a usage error. */
export function parseSince(value: string, now: number): number {
  try {
    return parseSinceText(value, now, '--since');
  } catch (error) {
    if (ToolError.isInstance(error)) throw new UsageError('--since', error.message.replace(/^--since /, ''));
    throw error;
  }
}

/** `--limit n`: 1 … max. */
export function parseLimit(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new UsageError('--limit', `must be an integer from 1 to ${max}, got "${value}"`);
  return n;
}
