import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One case of agent-dev-set.jsonl (see /work/shared/agent-dev-set.md). */
export interface DevCase {
  id: string;
  messages: string[];
  expect: { calls?: Array<{ tool: string; args?: unknown }>; no_calls?: boolean };
}

export interface ToolCallRecord {
  tool: string;
  input: unknown;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The shared dev set (source of truth) and the repository's copy (for clones without ../shared). */
export const SHARED_DEV_SET = resolve(ROOT, '../shared/agent-dev-set.jsonl');
export const FIXTURE_DEV_SET = join(ROOT, 'test/fixtures/agent-dev-set.jsonl');

export function devSetPath(): string {
  return existsSync(SHARED_DEV_SET) ? SHARED_DEV_SET : FIXTURE_DEV_SET;
}

export function loadDevSet(path = devSetPath()): DevCase[] {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as DevCase);
}

/** Subset match per agent-dev-set.md: objects by listed keys, arrays element-wise or `{contains}`, strings case-insensitive or `re:`, numbers exact or `{approx, tol}`. */
export function matches(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'string') {
    if (typeof actual !== 'string') return false;
    return expected.startsWith('re:') ? new RegExp(expected.slice(3), 'i').test(actual) : expected.toLowerCase() === actual.toLowerCase();
  }
  if (typeof expected === 'number') return actual === expected;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matches(e, actual[i]));
  }
  if (expected && typeof expected === 'object') {
    const record = expected as Record<string, unknown>;
    if ('contains' in record && Array.isArray(record.contains)) {
      return Array.isArray(actual) && record.contains.every((e) => actual.some((a) => matches(e, a)));
    }
    if ('approx' in record && typeof record.approx === 'number') {
      return typeof actual === 'number' && Math.abs(actual - record.approx) <= Number(record.tol ?? 0);
    }
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(record).every(([key, value]) => matches(value, (actual as Record<string, unknown>)[key]));
  }
  return expected === actual;
}

/** Empty string when the calls satisfy the case, else what is wrong. Expected calls must appear in order (others may interleave). */
export function checkCase(devCase: DevCase, calls: ToolCallRecord[]): string {
  if (devCase.expect.no_calls) return calls.length === 0 ? '' : `expected no tool calls, got ${JSON.stringify(calls)}`;
  let from = 0;
  for (const expected of devCase.expect.calls ?? []) {
    const index = calls.findIndex((call, i) => i >= from && call.tool === expected.tool && (expected.args === undefined || matches(expected.args, call.input)));
    if (index < 0) return `expected ${JSON.stringify(expected)} in order, got ${JSON.stringify(calls)}`;
    from = index + 1;
  }
  return '';
}
