/**
 * Conditions that can never all hold (WARNING CONDITION_NEVER_HOLDS): the block is an AND, so `NumericLessThan 5`
 * and `NumericGreaterThan 10` on one key leave no value, nor do `StringEquals a` and `StringEquals b`, `Bool true`
 * and `Bool false`, or `Null true` beside an operator that needs the key. The statement then never applies: an Allow
 * grants nothing, a Deny blocks nothing (a guardrail that silently does not guard).
 *
 * Only single-valued operators (no ForAnyValue/ForAllValues) are compared. `…IfExists` holds when the key is
 * missing, so it constrains only once another operator requires the key to be present.
 */
import { readBool, readDate, readNumber } from './condition-values.ts';
import type { ConditionScalar } from './types.ts';
import { holdsWhenMissing } from './validate-conditions.ts';
import { show, type ConditionEntry, type Findings, type StatementView } from './validate-structure.ts';

interface Range {
  low: number;
  lowInclusive: boolean;
  high: number;
  highInclusive: boolean;
  /** Values NumericEquals / DateEquals allow (null: any in the range). */
  equals: Set<number> | null;
  /** Values NumericNotEquals / DateNotEquals exclude. */
  notEquals: Set<number>;
}

export function checkContradictions(statement: StatementView, out: Findings): void {
  if (!statement.conditionsComplete) return;
  const byKey = new Map<string, ConditionEntry[]>();
  for (const entry of statement.conditions) {
    if (entry.operator.qualifier !== null) continue;
    const key = entry.key.toLowerCase();
    byKey.set(key, [...(byKey.get(key) ?? []), entry]);
  }
  for (const entries of byKey.values()) {
    const why = contradiction(entries);
    if (why === null) continue;
    const last = entries[entries.length - 1]!;
    const effect = statement.effect === 'Deny' ? 'this Deny never applies (it blocks nothing)' : `this ${statement.effect ?? 'statement'} never applies`;
    out.add('WARNING', 'CONDITION_NEVER_HOLDS', `${why} on ${show(last.key)}: the conditions can never all hold, so ${effect}`, last.keyPath);
  }
}

/** Why the entries on one key cannot all hold, or null. */
function contradiction(entries: ConditionEntry[]): string | null {
  const nulls = entries.filter((e) => e.operator.kind === 'Null');
  const nullValues = new Set(nulls.flatMap((e) => e.values.map((v) => readBool(v.value))));
  const absentRequired = nulls.length > 0 && nulls.every((e) => e.values.every((v) => readBool(v.value) === true));
  const presentRequired =
    nulls.some((e) => e.values.every((v) => readBool(v.value) === false)) || entries.some((e) => e.operator.kind !== 'Null' && !holdsWhenMissing(e));
  if (nulls.length > 1 && nulls.every((e) => e.values.length === 1) && nullValues.size > 1) return 'Null true and Null false';
  if (absentRequired && presentRequired) {
    const needs = entries.find((e) => e.operator.kind !== 'Null' && !holdsWhenMissing(e));
    if (needs) return `Null true (the key is absent) and ${needs.operator.written} (it needs the key)`;
  }
  const binding = entries.filter((e) => e.operator.kind !== 'Null' && (presentRequired || !holdsWhenMissing(e)));
  return (
    rangeContradiction(binding.filter((e) => e.operator.kind === 'Numeric'), readNumber) ??
    rangeContradiction(binding.filter((e) => e.operator.kind === 'Date'), readDate) ??
    setContradiction(binding.filter((e) => e.operator.base === 'StringEquals' || e.operator.base === 'StringNotEquals'), (v) => String(v)) ??
    setContradiction(binding.filter((e) => e.operator.kind === 'Bool'), (v) => String(readBool(v)))
  );
}

function rangeContradiction(entries: ConditionEntry[], read: (value: ConditionScalar) => number | null): string | null {
  if (entries.length < 2) return null;
  const range: Range = { low: -Infinity, lowInclusive: false, high: Infinity, highInclusive: false, equals: null, notEquals: new Set() };
  for (const entry of entries) {
    const values = entry.values.map((v) => read(v.value));
    if (values.some((v) => v === null)) return null;
    const numbers = values as number[];
    // One key's values are ORed: the loosest bound counts.
    const max = Math.max(...numbers);
    const min = Math.min(...numbers);
    switch (entry.operator.base.replace(/^(Numeric|Date)/, '')) {
      case 'LessThan':
        tightenHigh(range, max, false);
        break;
      case 'LessThanEquals':
        tightenHigh(range, max, true);
        break;
      case 'GreaterThan':
        tightenLow(range, min, false);
        break;
      case 'GreaterThanEquals':
        tightenLow(range, min, true);
        break;
      case 'Equals': {
        const set = new Set(numbers);
        range.equals = range.equals === null ? set : new Set([...range.equals].filter((v) => set.has(v)));
        break;
      }
      case 'NotEquals':
        // A negated operator's values are NORed (conditions.ts): the key equals none of them.
        for (const value of numbers) range.notEquals.add(value);
        break;
    }
  }
  const inRange = (v: number) =>
    (v > range.low || (v === range.low && range.lowInclusive)) && (v < range.high || (v === range.high && range.highInclusive)) && !range.notEquals.has(v);
  const written = entries.map((e) => `${e.operator.written} ${e.values.map((v) => show(v.value)).join('|')}`).join(' and ');
  if (range.equals !== null) return [...range.equals].some(inRange) ? null : written;
  if (range.low > range.high || (range.low === range.high && !(range.lowInclusive && range.highInclusive))) return written;
  if (range.low === range.high && range.notEquals.has(range.low)) return written;
  return null;
}

function tightenHigh(range: Range, value: number, inclusive: boolean): void {
  if (value < range.high || (value === range.high && !inclusive)) {
    range.high = value;
    range.highInclusive = inclusive;
  }
}

function tightenLow(range: Range, value: number, inclusive: boolean): void {
  if (value > range.low || (value === range.low && !inclusive)) {
    range.low = value;
    range.lowInclusive = inclusive;
  }
}

/** Equality operators (`…Equals` allows its values, `…NotEquals` removes all of its values) leaving no value. */
function setContradiction(entries: ConditionEntry[], canonical: (value: ConditionScalar) => string): string | null {
  if (entries.length < 2) return null;
  let allowed: Set<string> | null = null as Set<string> | null;
  const removed = new Set<string>();
  for (const entry of entries) {
    // A policy variable's value is only known per request.
    if (entry.values.some((v) => typeof v.value === 'string' && v.value.includes('${'))) return null;
    const values = entry.values.map((v) => canonical(v.value));
    if (entry.operator.negated) {
      for (const value of values) removed.add(value);
    } else {
      const set = new Set(values);
      allowed = intersect(allowed, set);
    }
  }
  if (allowed === null || [...allowed].some((v) => !removed.has(v))) return null;
  return entries.map((e) => `${e.operator.written} ${e.values.map((v) => show(v.value)).join('|')}`).join(' and ');
}

function intersect(previous: Set<string> | null, next: Set<string>): Set<string> {
  if (previous === null) return next;
  const result = new Set<string>();
  for (const value of previous) if (next.has(value)) result.add(value);
  return result;
}
