/**
 * Exhaustive grid search (Optuna's GridSampler): every combination of the grid values, visited in a seeded
 * random order, each once. Conditional parameters are expanded only inside their branch. Categorical, int,
 * stepped float and q-quantized parameters have natural grids; continuous ones need explicit values in
 * `options.grid` (e.g. `{"lr": [0.001, 0.01, 0.1]}`), otherwise the grid is infinite and the sampler says so.
 * Once every point has been proposed, `isExhausted` ends the study.
 */
import { createRng, type Rng } from '../../common/rng.ts';
import { ToolError } from '../../common/errors.ts';
import { cleanFloat, contains } from '../distributions.ts';
import { indexSpace, isActive } from '../search-space.ts';
import type { Distribution, ParamDefinition, ParamValue, Params, Sampler, SamplerStudyView } from '../types.ts';

export interface GridSamplerOptions {
  seed?: number;
  /** Explicit values per parameter (required for continuous ones). */
  grid?: Record<string, ParamValue[]>;
  /** Refuse grids larger than this. Default 100,000. */
  maxPoints?: number;
}

function gridValues(definition: ParamDefinition, explicit: ParamValue[] | undefined): ParamValue[] {
  const { name, distribution: d } = definition;
  if (explicit) {
    const bad = explicit.find((v) => !contains(d, v));
    if (bad !== undefined) throw new ToolError('invalid_argument', `grid value ${JSON.stringify(bad)} for ${name} is outside its distribution`, { details: { param: name, value: bad } });
    return explicit;
  }
  const range = (low: number, high: number, unit: number, clean: (x: number) => number) => {
    const out: number[] = [];
    for (let k = 0; low + k * unit <= high + 1e-9 * Math.abs(unit); k++) out.push(clean(low + k * unit));
    return out;
  };
  switch (d.type) {
    case 'categorical':
      return d.choices;
    case 'int':
      if ((d.high - d.low) / d.step > 1e6) break;
      return range(d.low, d.high, d.step, (x) => x);
    case 'float':
      if (d.step !== null) return range(d.low, d.high, d.step, (x) => cleanFloat(x, d.step!));
      if (d.q !== null) return range(Math.round(d.low / d.q) * d.q, Math.round(d.high / d.q) * d.q, d.q, (x) => cleanFloat(x, d.q!));
      break;
    case 'normal':
      break;
  }
  throw new ToolError('invalid_argument', `the grid is infinite: ${name} is continuous (${describe(d)}); give it a step or q, or list its values in samplerOptions.grid.${name}`, {
    details: { param: name, distribution: d },
  });
}

function describe(d: Distribution): string {
  return d.type === 'normal' ? `normal(mu=${d.mu}, sigma=${d.sigma})` : d.type === 'float' ? `float in [${d.low}, ${d.high}]` : d.type;
}

/** Every valid combination, walking the definitions in order and skipping inactive ones. */
function expand(space: readonly ParamDefinition[], grid: Record<string, ParamValue[]>, maxPoints: number): Params[] {
  const byName = indexSpace(space);
  const values = new Map(space.map((d) => [d.name, gridValues(d, grid[d.name])]));
  const out: Params[] = [];
  const walk = (index: number, params: Params) => {
    if (out.length > maxPoints) throw new ToolError('invalid_argument', `the grid has more than ${maxPoints} points; narrow it or raise samplerOptions.maxPoints`, { details: { maxPoints } });
    if (index === space.length) return void out.push({ ...params });
    const definition = space[index]!;
    if (!isActive(definition, params, byName)) return walk(index + 1, params);
    for (const value of values.get(definition.name)!) {
      params[definition.name] = value;
      walk(index + 1, params);
    }
    delete params[definition.name];
  };
  walk(0, {});
  return out;
}

export class GridSampler implements Sampler {
  readonly name = 'grid';
  private readonly rng: Rng;
  private points: Params[] | null = null;
  private order: number[] = [];

  constructor(private readonly options: GridSamplerOptions = {}) {
    this.rng = createRng(options.seed ?? Date.now());
  }

  private prepare(study: SamplerStudyView): Params[] {
    if (!this.points) {
      this.points = expand(study.space, this.options.grid ?? {}, this.options.maxPoints ?? 100_000);
      this.order = this.points.map((_, i) => i);
      for (let i = this.order.length - 1; i > 0; i--) {
        const j = this.rng.int(0, i);
        [this.order[i], this.order[j]] = [this.order[j]!, this.order[i]!];
      }
    }
    return this.points;
  }

  private visited(study: SamplerStudyView): Set<string> {
    return new Set(study.trials(['running', 'complete', 'pruned', 'failed', 'waiting']).map((t) => key(t.params)));
  }

  inferRelativeSearchSpace(study: SamplerStudyView): Record<string, Distribution> {
    this.prepare(study);
    return Object.fromEntries(study.space.map((d) => [d.name, d.distribution]));
  }

  sampleRelative(study: SamplerStudyView): Params {
    const points = this.prepare(study);
    const seen = this.visited(study);
    for (const i of this.order) if (!seen.has(key(points[i]!))) return points[i]!;
    // Every point has been proposed (parallel workers): repeat one, as Optuna does.
    return points[this.order[this.rng.int(0, this.order.length - 1)]!]!;
  }

  sampleIndependent(study: SamplerStudyView, _trial: unknown, name: string): ParamValue {
    const definition = study.space.find((d) => d.name === name)!;
    const values = gridValues(definition, this.options.grid?.[name]);
    return values[this.rng.int(0, values.length - 1)]!;
  }

  isExhausted(study: SamplerStudyView): boolean {
    const points = this.prepare(study);
    return this.visited(study).size >= points.length;
  }

  /** Number of grid points. */
  size(study: SamplerStudyView): number {
    return this.prepare(study).length;
  }
}

function key(params: Params): string {
  return JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
}
