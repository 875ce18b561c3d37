import { parse as parseYaml } from 'yaml';
import { knownTargets, type KnownTarget } from '../catalog.ts';
import { isRecord, type Plan, type PlanInput } from '../plan.ts';
import { jsonSpan } from '../json-span.ts';
import { addRulePlan } from './rules.ts';
import { benchPlan } from './bench.ts';
import { directionOf } from '../metrics.ts';
import { registerTargetPlan } from './targets.ts';
import { tunePlan } from './tune.ts';
import type { TuneSlots } from './tuning.ts';

/**
 * A spec pasted as JSON or YAML ("register this target: {…}", "start this study:\n```yaml\ntarget: hartmann6 …```",
 * "add this rule: {…}"): the object is the tool's input as the user wrote it, and the tool checks it (its error says
 * what is wrong). Which tool follows from the object's keys. Only a span of at most
 * MAX_SPEC characters is parsed; YAML aliases are capped by the parser.
 */
const MAX_SPEC = 20_000;
const FENCE = /```(?:ya?ml|json)?[^\n]*\n([\s\S]*?)```/i;
/** "register:\n name: x\n kind: command": YAML after a line ending with a colon. */
const AFTER_COLON = /:\s*\n((?:[ \t]*[\w-]+:.*\n?|[ \t]*-[^\n]*\n?)+)/;

export function matchPastedSpec(input: PlanInput): Plan | null {
  const spec = pastedObject(input.raw);
  if (!spec) return null;
  // The keys say which tool it is for; an object of other keys (a script's printed metrics) is not a spec.
  const object = isRecord(spec.value.rule) ? spec.value.rule : spec.value;
  if ('rule_id' in object || 'condition' in object || ('conditions' in object && 'action' in object)) return addRulePlan(object);
  if ('name' in object && ('kind' in object || 'command' in object || 'url' in object || 'problem' in object)) return registerTargetPlan(withMetricObjects(object));
  if (typeof object.target === 'string') return studyPlan(object, input);
  // "bench_http {…}", "llm benchmark:\n  base_url: …": a benchmark's input, by the tool named or the keys it has.
  const before = input.raw.slice(0, Math.max(0, input.raw.indexOf(spec.source))).toLowerCase();
  const named = /\b(bench_http|bench_llm|bench_command)\b/.exec(before)?.[1];
  const tool = named ?? (typeof object.base_url === 'string' ? 'bench_llm' : typeof object.url === 'string' && /\b(?:bench|load|http|test)/.test(before) ? 'bench_http' : Array.isArray(object.command) && /\b(?:bench|time|run)/.test(before) ? 'bench_command' : null);
  return tool ? benchPlan(tool, object) : null;
}

/** Metrics pasted as words ("- ndcg (maximize)", "- rmse"): the objects register_target takes. */
function withMetricObjects(object: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(object.metrics)) return object;
  const metrics = object.metrics.map((m) => {
    if (typeof m !== 'string') return m;
    const said = /^\s*([A-Za-z_][\w.]*)\s*(?:\(?\s*(max|min)\w*\s*\)?)?/i.exec(m);
    if (!said) return m;
    return { name: said[1]!, direction: said[2] ? (said[2].toLowerCase() === 'max' ? 'maximize' : 'minimize') : directionOf({ name: said[1]! }) };
  });
  return { ...object, metrics };
}

/** The first JSON object or YAML mapping in the message: a fenced block, an inline {…}, or YAML lines after a colon. */
function pastedObject(raw: string): { value: Record<string, unknown>; source: string } | null {
  const candidates: string[] = [];
  const fenced = FENCE.exec(raw)?.[1];
  if (fenced) candidates.push(fenced);
  const brace = raw.indexOf('{');
  const inline = brace >= 0 ? jsonSpan(raw, brace, MAX_SPEC) : null;
  if (inline) candidates.push(inline);
  const lines = AFTER_COLON.exec(raw)?.[1];
  if (lines) candidates.push(lines);
  for (const source of candidates) {
    if (source.length > MAX_SPEC) continue;
    const value = parseObject(source);
    if (value && Object.keys(value).length >= 2) return { value, source };
  }
  return null;
}

function parseObject(source: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(source);
    if (isRecord(value)) return value;
  } catch {
    // Not JSON: try YAML.
  }
  try {
    const value: unknown = parseYaml(source, { maxAliasCount: 10 });
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

/** start_study with the pasted fields, then the wait and the summary every study gets. */
function studyPlan(object: Record<string, unknown>, input: PlanInput): Plan | null {
  const name = typeof object.target === 'string' ? object.target : null;
  if (!name) return null;
  const target: KnownTarget = knownTargets(input.conversation).find((t) => t.name.toLowerCase() === name.toLowerCase()) ?? { name, kind: 'unknown', metrics: [] };
  const slots: TuneSlots & { target: KnownTarget } = {
    target,
    objectives: Array.isArray(object.objectives) ? (object.objectives as TuneSlots['objectives']) : [],
    constraints: Array.isArray(object.constraints) ? (object.constraints as TuneSlots['constraints']) : [],
  };
  for (const key of ['trials', 'time_limit_s', 'parallel', 'sampler', 'pruner', 'seed', 'space'] as const) {
    if (object[key] !== undefined) (slots as unknown as Record<string, unknown>)[key] = object[key];
  }
  const plan = tunePlan(slots, input);
  const [start, ...rest] = plan.steps;
  // Fields the slots do not carry (name, retries, distributed, …) go to start_study as pasted.
  const extra = Object.fromEntries(Object.entries(object).filter(([key]) => !(key in slots) && key !== 'target'));
  return { ...plan, steps: [{ ...start!, input: (done) => ({ ...start!.input(done), ...extra }) }, ...rest] };
}
