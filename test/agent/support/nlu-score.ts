import { checkCase, matches, type DevCase, type ToolCallRecord } from './dev-set.ts';

/**
 * Scoring of one evaluated turn for `npm run eval:nlu` (scripts/eval-nlu.ts): intent, slot counts and exact
 * tool-call match. Pure functions, so the definitions are written once and can be tested.
 */

/** A case of test/fixtures/nlu-eval.jsonl: a dev-set case plus tags for the breakdown and keys that may be set freely. */
export interface EvalCase extends DevCase {
  tags?: string[];
  /** Top-level input keys the model may set without the expectation naming them (not counted as false positives). */
  ok?: string[];
}

/**
 * Lookups a plan makes before (or after) its real call: skipped when choosing the predicted intent as long as the
 * turn makes some other call ("list_targets, then start_study" is a start_study; "study_status, then continue_study"
 * a continue_study; "start_study, then wait_for_study" a start_study).
 */
export const PREPARATORY_TOOLS: ReadonlySet<string> = new Set(['wait_for_study', 'list_targets', 'study_status', 'list_rules', 'list_sessions']);

/** Tools without side effects: an extra call of one of them does not break an exact match ("why" = best_trials + param_importance). */
export const READ_ONLY_TOOLS: ReadonlySet<string> = new Set([...PREPARATORY_TOOLS, 'best_trials', 'param_importance', 'replay_session', 'chart_study']);

/** Keys never counted as false positives: the study a follow-up acts on and how long to wait are the planner's choice. */
const FREE_KEYS: ReadonlySet<string> = new Set(['study_id', 'timeout_s', 'wait', 'wait_s']);

/** `"none"` when the case expects no tool call, else its first expected tool. */
export function expectedIntent(devCase: DevCase): string {
  return devCase.expect.no_calls ? 'none' : (devCase.expect.calls?.[0]?.tool ?? 'none');
}

/** The turn's first call that is not preparatory (see PREPARATORY_TOOLS); the first call when all are; `"none"` without calls. */
export function predictedIntent(calls: ToolCallRecord[]): string {
  return (calls.find((c) => !PREPARATORY_TOOLS.has(c.tool)) ?? calls[0])?.tool ?? 'none';
}

/** checkCase passes and the turn makes no call with side effects that the expectation does not list. */
export function exactMatch(devCase: DevCase, calls: ToolCallRecord[]): boolean {
  if (checkCase(devCase, calls) !== '') return false;
  const expected = new Set((devCase.expect.calls ?? []).map((c) => c.tool));
  return calls.every((c) => expected.has(c.tool) || READ_ONLY_TOOLS.has(c.tool));
}

export interface SlotCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** What a plan fills in when the request names nothing: not a false positive when the case leaves it open. */
export interface SlotDefaults {
  /** start_study: the objectives used when none is named (the target's first metric with its direction), by target. */
  objectives?: (target: string) => unknown;
  /** start_study: trials used when no budget is named, by target (undefined: the tool's own default, so any value counts). */
  trials?: (target: string) => number | undefined;
}

/**
 * Slot counts of a turn. Each expected call with `args` is paired with the first unused actual call of the same tool
 * (in order); its args are split into leaves (path → value):
 * - a string, number or `{approx, tol}` is one leaf; an array of scalars (a command argv) is one leaf;
 * - an object contributes the leaves of each listed key; an array of objects those of each element (by index),
 *   `{contains: [...]}` those of each listed element against the actual element that matches most of them.
 * A leaf is a true positive when it matches (dev-set rules, `matches`), else a false negative (also when the call is
 * missing). False positives are counted per top-level key: keys of a paired call that the expectation does not
 * name, and every key of an unpaired call with side effects (a wrong tool), except `study_id`, wait/timeout keys,
 * the case's `ok` keys, continue_study's `trials` and start_study's `objectives` / `trials` when they equal the
 * planner's documented defaults (SlotDefaults).
 */
export function slotCounts(evalCase: EvalCase, calls: ToolCallRecord[], defaults: SlotDefaults = {}): SlotCounts {
  const counts: SlotCounts = { tp: 0, fp: 0, fn: 0 };
  const used = new Set<number>();
  const free = new Set([...FREE_KEYS, ...(evalCase.ok ?? [])]);
  for (const expected of evalCase.expect.calls ?? []) {
    const index = calls.findIndex((c, i) => !used.has(i) && c.tool === expected.tool);
    const actual = index >= 0 ? calls[index]!.input : undefined;
    if (index >= 0) used.add(index);
    if (expected.args !== undefined) add(counts, leafCounts(expected.args, actual));
    if (index < 0) continue;
    const named = new Set(isObject(expected.args) ? Object.keys(expected.args) : []);
    for (const [key, value] of Object.entries(isObject(actual) ? actual : {})) {
      if (named.has(key) || free.has(key) || isDefault(expected.tool, key, value, actual, defaults)) continue;
      counts.fp += 1;
    }
  }
  calls.forEach((call, i) => {
    if (used.has(i) || READ_ONLY_TOOLS.has(call.tool)) return;
    counts.fp += Object.keys(isObject(call.input) ? call.input : {}).filter((k) => !free.has(k)).length;
  });
  return counts;
}

function isDefault(tool: string, key: string, value: unknown, input: unknown, defaults: SlotDefaults): boolean {
  if (tool === 'continue_study' && key === 'trials') return true;
  if (tool !== 'start_study' || !isObject(input) || typeof input.target !== 'string') return false;
  if (key === 'objectives') return defaults.objectives !== undefined && matches(defaults.objectives(input.target), value);
  if (key === 'trials' && !('time_limit_s' in input)) {
    const fallback = defaults.trials?.(input.target);
    return fallback === undefined || value === fallback;
  }
  return false;
}

/** TP/FN of the leaves of `expected` against `actual` (see slotCounts). */
export function leafCounts(expected: unknown, actual: unknown): SlotCounts {
  if (Array.isArray(expected)) {
    if (expected.every((e) => !isObject(e) && !Array.isArray(e))) return matches(expected, actual) ? { tp: 1, fp: 0, fn: 0 } : { tp: 0, fp: 0, fn: 1 };
    const counts: SlotCounts = { tp: 0, fp: 0, fn: 0 };
    const list = Array.isArray(actual) ? actual : [];
    expected.forEach((e, i) => add(counts, leafCounts(e, list[i])));
    counts.fp += Math.max(0, list.length - expected.length);
    return counts;
  }
  if (isObject(expected)) {
    if (Array.isArray(expected.contains)) {
      const list = Array.isArray(actual) ? actual : [];
      const counts: SlotCounts = { tp: 0, fp: 0, fn: 0 };
      for (const e of expected.contains) {
        const options = list.length ? list.map((a) => leafCounts(e, a)) : [leafCounts(e, undefined)];
        add(counts, options.reduce((best, c) => (c.tp > best.tp ? c : best)));
      }
      return counts;
    }
    if (typeof expected.approx === 'number') return matches(expected, actual) ? { tp: 1, fp: 0, fn: 0 } : { tp: 0, fp: 0, fn: 1 };
    const counts: SlotCounts = { tp: 0, fp: 0, fn: 0 };
    for (const [key, value] of Object.entries(expected)) add(counts, leafCounts(value, isObject(actual) ? actual[key] : undefined));
    return counts;
  }
  return matches(expected, actual) ? { tp: 1, fp: 0, fn: 0 } : { tp: 0, fp: 0, fn: 1 };
}

function add(into: SlotCounts, from: SlotCounts): void {
  into.tp += from.tp;
  into.fp += from.fp;
  into.fn += from.fn;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
