/**
 * Compiles a search space written in either vocabulary (Optuna `float`/`int`/`categorical`, hyperopt
 * `uniform`…`pchoice`) into flat `ParamDefinition`s. Nested choice options give conditional parameters:
 * a parameter inside an option exists only when its parent choice takes that option.
 *
 * JSON forms (the TS builders in `hp.ts` produce the same objects):
 *   {"type":"float","low":1e-5,"high":0.1,"log":true}         {"type":"int","low":1,"high":20,"step":1}
 *   {"type":"categorical","choices":["adam","sgd"]}           {"type":"quniform","low":100,"high":1000,"q":50}
 *   {"type":"loguniform","low":-11.5,"high":-2.3}  (bounds in log space, as in hyperopt)
 *   {"type":"randint","upper":10} or {"type":"randint","low":2,"high":10}   (high exclusive, as in hyperopt)
 *   {"type":"pchoice","choices":[[0.2,"a"],[0.8,"b"]]}
 *   {"type":"choice","choices":[{"value":"svm","space":{"C":{"type":"lognormal","mu":0,"sigma":1}}},{"value":"rf"}]}
 */
import { ToolError } from '../common/errors.ts';
import type { CategoricalValue, Distribution, ParamDefinition, Params } from './types.ts';

type Entry = Record<string, unknown>;

function fail(name: string, rule: string, values: Record<string, unknown>): never {
  const got = Object.entries(values).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  throw new ToolError('invalid_argument', `\`${rule}\` must hold for ${name}, got ${got}`, {
    details: { param: name, rule, ...values },
  });
}

function num(name: string, entry: Entry, key: string, fallback?: number): number {
  const value = entry[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(name, `${key} is a finite number`, { [key]: value ?? null });
  return value;
}

function bool(entry: Entry, key: string): boolean {
  return entry[key] === true;
}

function isPrimitive(value: unknown): value is CategoricalValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** True for an object that looks like a distribution entry (`{"type": "...", ...}`). */
export function isDistributionEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Entry).type === 'string';
}

function floatDist(name: string, low: number, high: number, options: { log?: boolean; step?: number | null; q?: number | null }): Distribution {
  const log = options.log ?? false;
  const step = options.step ?? null;
  const q = options.q ?? null;
  if (!(low <= high)) fail(name, 'low <= high', { low, high });
  if (log && low <= 0) fail(name, 'low > 0 for a log scale', { low });
  if (log && step !== null) fail(name, 'step is not used together with log', { log, step });
  if (step !== null && !(step > 0)) fail(name, 'step > 0', { step });
  if (q !== null && !(q > 0)) fail(name, 'q > 0', { q });
  // Like Optuna, a range that is not a multiple of step is cut down to the last grid point.
  const top = step === null ? high : low + Math.floor((high - low) / step + 1e-9) * step;
  return { type: 'float', low, high: step === null ? high : Number(top.toPrecision(15)), log, step, q };
}

function intDist(name: string, low: number, high: number, step: number, log: boolean): Distribution {
  if (!Number.isInteger(low) || !Number.isInteger(high)) fail(name, 'low and high are integers', { low, high });
  if (!(low <= high)) fail(name, 'low <= high', { low, high });
  if (!Number.isInteger(step) || step < 1) fail(name, 'step is an integer >= 1', { step });
  if (log && step !== 1) fail(name, 'step == 1 for a log scale', { step, log });
  if (log && low < 1) fail(name, 'low >= 1 for a log scale', { low });
  return { type: 'int', low, high: low + Math.floor((high - low) / step) * step, step, log };
}

function normalDist(name: string, entry: Entry, log: boolean, q: number | null): Distribution {
  const mu = num(name, entry, 'mu');
  const sigma = num(name, entry, 'sigma');
  if (!(sigma > 0)) fail(name, 'sigma > 0', { sigma });
  if (q !== null && !(q > 0)) fail(name, 'q > 0', { q });
  return { type: 'normal', mu, sigma, log, q };
}

interface ChoiceOption {
  value: CategoricalValue;
  space: Record<string, unknown> | null;
}

function choiceOptions(name: string, entry: Entry): { options: ChoiceOption[]; weights: number[] | null } {
  const raw = entry.choices ?? entry.options;
  if (!Array.isArray(raw) || raw.length === 0) fail(name, 'choices is a non-empty array', { choices: raw ?? null });
  let weights: number[] | null = null;
  let items: unknown[] = raw;
  if (entry.type === 'pchoice') {
    if (Array.isArray(entry.weights)) {
      weights = entry.weights as number[];
    } else {
      if (!raw.every((item) => Array.isArray(item) && item.length === 2 && typeof item[0] === 'number')) {
        fail(name, 'pchoice choices are [probability, option] pairs or come with weights', { choices: raw });
      }
      weights = raw.map((item) => (item as [number, unknown])[0]);
      items = raw.map((item) => (item as [number, unknown])[1]);
    }
    if (weights.length !== items.length) fail(name, 'weights has one entry per choice', { weights, choices: items.length });
    if (weights.some((w) => !(w >= 0 && w <= 1))) fail(name, '0 <= weight <= 1', { weights });
    const total = weights.reduce((a, b) => a + b, 0);
    if (Math.abs(total - 1) > 1e-6) fail(name, 'pchoice probabilities sum to 1', { sum: total });
    weights = weights.map((w) => w / total);
  }
  const options = items.map((item, index): ChoiceOption => {
    if (isPrimitive(item)) return { value: item, space: null };
    if (typeof item !== 'object' || Array.isArray(item)) fail(name, 'each choice is a string, number, boolean, null or an option object', { choice: item });
    const option = item as Entry;
    const value = isPrimitive(option.value) ? option.value : isPrimitive(option.label) ? option.label : index;
    let space: Record<string, unknown> | null = null;
    if (typeof option.space === 'object' && option.space !== null) space = option.space as Record<string, unknown>;
    else {
      const nested = Object.entries(option).filter(([, v]) => isDistributionEntry(v));
      if (nested.length > 0) space = Object.fromEntries(nested);
    }
    return { value, space };
  });
  const values = options.map((o) => o.value);
  if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length) fail(name, 'choice values are distinct', { choices: values });
  return { options, weights };
}

/** Compiles one entry (without nested options) to a distribution. */
function compileEntry(name: string, entry: Entry, options: ChoiceOption[] | null, weights: number[] | null): Distribution {
  const type = entry.type;
  switch (type) {
    case 'float':
      return floatDist(name, num(name, entry, 'low'), num(name, entry, 'high'), {
        log: bool(entry, 'log'),
        step: entry.step == null ? null : num(name, entry, 'step'),
      });
    case 'int':
      return intDist(name, num(name, entry, 'low'), num(name, entry, 'high'), entry.step == null ? 1 : num(name, entry, 'step'), bool(entry, 'log'));
    case 'uniform':
      return floatDist(name, num(name, entry, 'low'), num(name, entry, 'high'), {});
    case 'quniform':
      return floatDist(name, num(name, entry, 'low'), num(name, entry, 'high'), { q: num(name, entry, 'q') });
    case 'loguniform':
    case 'qloguniform': {
      // hyperopt: the bounds are in log space; the value is exp(uniform(low, high)).
      const low = num(name, entry, 'low');
      const high = num(name, entry, 'high');
      if (!(low <= high)) fail(name, 'low <= high', { low, high });
      return floatDist(name, Math.exp(low), Math.exp(high), { log: true, q: type === 'qloguniform' ? num(name, entry, 'q') : null });
    }
    case 'normal':
    case 'qnormal':
      return normalDist(name, entry, false, type === 'qnormal' ? num(name, entry, 'q') : null);
    case 'lognormal':
    case 'qlognormal':
      return normalDist(name, entry, true, type === 'qlognormal' ? num(name, entry, 'q') : null);
    case 'randint': {
      // hyperopt: randint(upper) is 0..upper-1; randint(low, high) is low..high-1.
      const low = entry.upper !== undefined ? 0 : num(name, entry, 'low');
      const high = entry.upper !== undefined ? num(name, entry, 'upper') : num(name, entry, 'high');
      if (!(low < high)) fail(name, 'low < high for randint (high is exclusive)', { low, high });
      return intDist(name, low, high - 1, 1, false);
    }
    case 'categorical':
    case 'choice':
    case 'pchoice':
      return { type: 'categorical', choices: options!.map((o) => o.value), weights };
    default:
      throw new ToolError(
        'invalid_argument',
        `unknown distribution type ${JSON.stringify(type)} for ${name}; use one of float, int, categorical, uniform, quniform, loguniform, qloguniform, normal, qnormal, lognormal, qlognormal, randint, choice, pchoice`,
        { details: { param: name, type } },
      );
  }
}

/**
 * Flattens a search space into parameter definitions, parents before children.
 * Throws `ToolError('invalid_argument')` naming the parameter, the rule and the values.
 */
export function compileSpace(space: Record<string, unknown>): ParamDefinition[] {
  if (typeof space !== 'object' || space === null || Array.isArray(space)) {
    throw new ToolError('invalid_argument', 'space must be an object mapping parameter names to distributions', { details: { space } });
  }
  const out: ParamDefinition[] = [];
  const seen = new Set<string>();
  const walk = (entries: Record<string, unknown>, condition: ParamDefinition['condition']): void => {
    for (const [name, raw] of Object.entries(entries)) {
      if (!isDistributionEntry(raw)) {
        throw new ToolError('invalid_argument', `${name} must be a distribution object like {"type":"float","low":0,"high":1}, got ${JSON.stringify(raw)}`, {
          details: { param: name, value: raw },
        });
      }
      if (seen.has(name)) throw new ToolError('invalid_argument', `parameter names are unique across branches; ${name} appears twice`, { details: { param: name } });
      seen.add(name);
      const isChoice = raw.type === 'categorical' || raw.type === 'choice' || raw.type === 'pchoice';
      const { options, weights } = isChoice ? choiceOptions(name, raw) : { options: null, weights: null };
      out.push({ name, distribution: compileEntry(name, raw, options, weights), condition });
      for (const option of options ?? []) if (option.space) walk(option.space, { param: name, equals: option.value });
    }
  };
  walk(space, null);
  if (out.length === 0) throw new ToolError('invalid_argument', 'space must define at least one parameter', { details: {} });
  return out;
}

/** True when a definition applies given the values chosen so far (its parent chain is satisfied). */
export function isActive(definition: ParamDefinition, params: Params, byName: ReadonlyMap<string, ParamDefinition>): boolean {
  let condition = definition.condition;
  while (condition) {
    if (!(condition.param in params) || params[condition.param] !== condition.equals) return false;
    condition = byName.get(condition.param)?.condition ?? null;
  }
  return true;
}

/** Index of definitions by name. */
export function indexSpace(space: readonly ParamDefinition[]): Map<string, ParamDefinition> {
  return new Map(space.map((d) => [d.name, d]));
}
