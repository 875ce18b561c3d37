import type { Conversation } from './conversation.ts';
import { allExchanges } from './conversation.ts';

/** A metric a target reports. */
export interface KnownMetric {
  name: string;
  direction?: 'minimize' | 'maximize';
  unit?: string;
}

/** A target the model can name in `start_study`, learned from the tools it was given and earlier tool results. */
export interface KnownTarget {
  name: string;
  kind: string;
  family?: string;
  /** Other names users call it by ("the digits model"): tunechat.json `aliases`. */
  aliases?: string[];
  metrics: KnownMetric[];
  /** The default search space, when the catalog carries it (needed to edit single parameters). */
  space?: Record<string, Record<string, unknown>>;
  /**
   * Parameters the running service can be steered on live (the target's `control` section, issue 15), with their
   * bounds when the catalog gives them. Absent: the target has no control section (or the catalog does not say).
   */
  control?: { parameters: Record<string, { min?: number; max?: number }> };
}


export { TARGETS_MARKER } from '../../../tools/targets/agent-tools.ts';
import { TARGETS_MARKER } from '../../../tools/targets/agent-tools.ts';

/** Used only when no tool tells the model about builtin problems (e.g. a toolset without the optimizer's builtins). */
const FALLBACK: KnownTarget[] = [
  ...['branin', 'hartmann6', 'rosenbrock', 'ackley', 'sphere', 'rastrigin', 'levy', 'styblinski_tang', 'six_hump_camel', 'zdt1'].map(
    (name): KnownTarget => ({ name, kind: 'builtin', metrics: [{ name: 'value', direction: 'minimize' }] }),
  ),
];

/** The targets known in this conversation: list_targets results, targets registered here, the list_targets description, then the fallback. */
export function knownTargets(conversation: Conversation): KnownTarget[] {
  const found = new Map<string, KnownTarget>();
  const add = (target: KnownTarget) => {
    if (!found.has(target.name.toLowerCase())) found.set(target.name.toLowerCase(), target);
  };
  for (const exchange of allExchanges(conversation).reverse()) {
    if (exchange.failed) continue;
    if (exchange.toolName === 'list_targets') for (const target of readTargetList(exchange.output)) add(target);
    // A target registered in this conversation ("register … as svm", then "now tune it") is known by what was registered.
    if (exchange.toolName === 'register_target') for (const target of readTargetList([exchange.input])) add(target);
  }
  const description = conversation.tools.get('list_targets')?.description ?? '';
  const at = description.indexOf(TARGETS_MARKER);
  if (at >= 0) {
    try {
      for (const target of readTargetList(JSON.parse(description.slice(at + TARGETS_MARKER.length).split('\n')[0] ?? '[]'))) add(target);
    } catch {
      // A malformed description only loses the catalog; the fallback still applies.
    }
  }
  // Without a builtin problem in the catalog (no optimizer builtins wired), the usual test functions are still nameable.
  if (![...found.values()].some((t) => t.kind === 'builtin')) for (const target of FALLBACK) add(target);
  return [...found.values()];
}

/**
 * Classic optimization test functions, which people name without looking at the catalog ("minimise sphere with 100
 * trials"). One the catalog lacks is still the target the user named: start_study gets that name, and the registry
 * answers whether it has it (its error lists the targets it knows), rather than the model pretending it was not said.
 */
export const TEST_FUNCTIONS = [
  'sphere', 'rastrigin', 'rosenbrock', 'ackley', 'griewank', 'schwefel', 'levy', 'michalewicz', 'beale', 'booth', 'matyas', 'easom', 'himmelblau',
  'branin', 'hartmann3', 'hartmann6', 'goldstein-price', 'six-hump-camel', 'styblinski-tang', 'zakharov', 'dixon-price', 'eggholder', 'bohachevsky', 'trid',
];

/** The targets known in this conversation, then the classic test functions it does not list (see TEST_FUNCTIONS). */
export function nameableTargets(conversation: Conversation): KnownTarget[] {
  const known = knownTargets(conversation);
  const squash = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
  const names = new Set(known.map((t) => squash(t.name)));
  const extra = TEST_FUNCTIONS.filter((name) => !names.has(squash(name))).map((name): KnownTarget => ({ name, kind: 'builtin', metrics: [{ name: 'value', direction: 'minimize' }] }));
  return [...known, ...extra];
}

function readTargetList(value: unknown): KnownTarget[] {
  const list = Array.isArray(value) ? value : (value as { targets?: unknown } | null)?.targets;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item): KnownTarget[] => {
    if (typeof item !== 'object' || item === null) return [];
    const record = item as Record<string, unknown>;
    if (typeof record.name !== 'string') return [];
    const metrics = Array.isArray(record.metrics)
      ? record.metrics.flatMap((m): KnownMetric[] => {
          if (typeof m === 'string') return [{ name: m }];
          const metric = m as Record<string, unknown>;
          if (typeof metric?.name !== 'string') return [];
          const out: KnownMetric = { name: metric.name };
          if (metric.direction === 'minimize' || metric.direction === 'maximize') out.direction = metric.direction;
          if (typeof metric.unit === 'string') out.unit = metric.unit;
          return [out];
        })
      : [];
    const target: KnownTarget = { name: record.name, kind: typeof record.kind === 'string' ? record.kind : 'unknown', metrics };
    if (typeof record.family === 'string') target.family = record.family;
    if (Array.isArray(record.aliases)) target.aliases = record.aliases.filter((a): a is string => typeof a === 'string').slice(0, 8);
    if (typeof record.space === 'object' && record.space !== null && !Array.isArray(record.space)) target.space = record.space as KnownTarget['space'];
    const control = readControl(record.control);
    if (control) target.control = control;
    return [target];
  });
}

/**
 * A catalog entry's `control` section, read defensively (it is optional, and its shape may be the whole ControlSection
 * or only its parameters): `{parameters: {workers: {min, max, …}}}`, `{parameters: ["workers"]}` or `["workers"]`.
 */
function readControl(value: unknown): KnownTarget['control'] | undefined {
  if (value === null || value === undefined || value === false) return undefined;
  const raw = Array.isArray(value) ? value : (value as { parameters?: unknown }).parameters;
  const parameters: Record<string, { min?: number; max?: number }> = {};
  if (Array.isArray(raw)) {
    for (const name of raw) if (typeof name === 'string') parameters[name] = {};
  } else if (typeof raw === 'object' && raw !== null) {
    for (const [name, spec] of Object.entries(raw as Record<string, unknown>)) {
      const bounds = (typeof spec === 'object' && spec !== null ? spec : {}) as { min?: unknown; max?: unknown };
      parameters[name] = {
        ...(typeof bounds.min === 'number' ? { min: bounds.min } : {}),
        ...(typeof bounds.max === 'number' ? { max: bounds.max } : {}),
      };
    }
  }
  return Object.keys(parameters).length > 0 ? { parameters } : undefined;
}

/** The targets of this conversation that can be controlled live (a `control` section in the catalog). */
export function controllableTargets(conversation: Conversation): KnownTarget[] {
  return knownTargets(conversation).filter((t) => t.control !== undefined);
}

/** Finds the target a text names: exact name, name without separators, an alias, or family ("my XGBoost" → the xgboost target). */
export function findTargetInText(text: string, targets: KnownTarget[]): KnownTarget | null {
  const squashed = text.replace(/[\s_-]+/g, '');
  let best: { target: KnownTarget; score: number } | null = null;
  for (const target of targets) {
    const name = target.name.toLowerCase();
    const candidates = [name, name.replace(/[_-]+/g, ' '), name.replace(/[_-]+/g, '')];
    let score = 0;
    if (candidates.some((c) => new RegExp(`(^|[^a-z0-9])${escape(c)}([^a-z0-9]|$)`).test(text))) score = 3 + name.length / 100;
    else if (name.length >= 5 && squashed.includes(name.replace(/[_-]+/g, ''))) score = 2;
    else if (target.aliases?.some((a) => new RegExp(`(^|[^a-z0-9])${escape(a.toLowerCase())}([^a-z0-9]|$)`).test(text))) score = 1.5;
    else if (target.family && new RegExp(`\\b${escape(target.family.toLowerCase())}\\b`).test(text)) score = 1;
    if (score > 0 && (!best || score > best.score)) best = { target, score };
  }
  return best?.target ?? oneCalled(text, targets);
}

/** "the digits one", "the text target": a target by the first word of its name or of an alias, when only one has it. */
function oneCalled(text: string, targets: KnownTarget[]): KnownTarget | null {
  const word = /\bthe ([a-z][a-z0-9]*)(?:[- ]based)? (?:one|target)\b/.exec(text)?.[1];
  if (!word || word.length < 3) return null;
  const firstWord = (name: string) => name.toLowerCase().split(/[\s_-]+/)[0];
  const found = targets.filter((t) => firstWord(t.name) === word || t.aliases?.some((a) => firstWord(a) === word));
  return found.length === 1 ? found[0]! : null;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
