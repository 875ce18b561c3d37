/**
 * Maps a relative search space to the unit cube and back, for the model-based samplers (GP, CMA-ES, NSGA-II).
 * - float/int: linear, or log when `log` is set; values decode onto their step/q grid inside the bounds.
 * - normal (unbounded): through the normal CDF, so u ∈ (0, 1) covers the whole real line.
 * - categorical: one coordinate per choice (one-hot) for the GP; NSGA-II and CMA-ES use `numericNames` only.
 * Encoding is deterministic and `snap` projects a point onto the values that can actually be evaluated,
 * so a model never scores a point that rounding would move.
 */
import type { Distribution, ParamValue, Params } from '../../types.ts';
import { normalCdf, normalQuantile } from './normal-math.ts';

export interface EncodedParam {
  name: string;
  distribution: Distribution;
  /** First coordinate of this parameter in the encoded vector. */
  offset: number;
  /** Number of coordinates (1, or the number of choices for a categorical). */
  width: number;
}

export class SpaceEncoding {
  readonly params: EncodedParam[];
  readonly dimension: number;

  constructor(space: Record<string, Distribution>) {
    let offset = 0;
    this.params = Object.keys(space)
      .sort()
      .map((name) => {
        const distribution = space[name]!;
        const width = distribution.type === 'categorical' ? distribution.choices.length : 1;
        const param = { name, distribution, offset, width };
        offset += width;
        return param;
      });
    this.dimension = offset;
  }

  /** Encodes the parameters present in `params`; returns null when one is missing or off-distribution. */
  encode(params: Params): Float64Array | null {
    const x = new Float64Array(this.dimension);
    for (const p of this.params) {
      const value = params[p.name];
      if (value === undefined) return null;
      if (p.distribution.type === 'categorical') {
        const index = p.distribution.choices.indexOf(value as never);
        if (index < 0) return null;
        x[p.offset + index] = 1;
      } else {
        if (typeof value !== 'number' || !Number.isFinite(value)) return null;
        x[p.offset] = toUnit(p.distribution, value);
      }
    }
    return x;
  }

  /** Decodes a point of the cube (categoricals by their largest coordinate) into valid parameter values. */
  decode(x: ArrayLike<number>): Params {
    const params: Params = {};
    for (const p of this.params) {
      const d = p.distribution;
      if (d.type === 'categorical') {
        let best = 0;
        for (let i = 1; i < p.width; i++) if (x[p.offset + i]! > x[p.offset + best]!) best = i;
        params[p.name] = d.choices[best]!;
      } else {
        params[p.name] = fromUnit(d, x[p.offset]!);
      }
    }
    return params;
  }

  /** Projects `x` in place onto the evaluable points (grid rounding, one-hot), returning it. */
  snap(x: Float64Array): Float64Array {
    for (const p of this.params) {
      const d = p.distribution;
      if (d.type === 'categorical') {
        let best = 0;
        for (let i = 1; i < p.width; i++) if (x[p.offset + i]! > x[p.offset + best]!) best = i;
        for (let i = 0; i < p.width; i++) x[p.offset + i] = i === best ? 1 : 0;
      } else if (isDiscrete(d)) {
        x[p.offset] = toUnit(d, fromUnit(d, x[p.offset]!) as number);
      } else {
        x[p.offset] = clamp01(x[p.offset]!);
      }
    }
    return x;
  }
}

function isDiscrete(d: Distribution): boolean {
  return d.type === 'int' || ((d.type === 'float' || d.type === 'normal') && (d.q !== null || (d.type === 'float' && d.step !== null)));
}

const EPS = 1e-12;

function clamp01(u: number): number {
  return u < 0 ? 0 : u > 1 ? 1 : u;
}

/** Position of `value` in the unit interval of its distribution. */
export function toUnit(d: Distribution, value: number): number {
  switch (d.type) {
    case 'float':
    case 'int': {
      if (d.high === d.low) return 0.5;
      if (d.log) return clamp01((Math.log(value) - Math.log(d.low)) / (Math.log(d.high) - Math.log(d.low)));
      return clamp01((value - d.low) / (d.high - d.low));
    }
    case 'normal': {
      const v = d.log ? Math.log(Math.max(value, EPS)) : value;
      return normalCdf((v - d.mu) / d.sigma);
    }
    default:
      throw new Error(`toUnit: categorical distributions are one-hot encoded`);
  }
}

/** The valid value at unit position `u` (clamped), rounded onto the distribution's grid. */
export function fromUnit(d: Distribution, u: number): ParamValue {
  u = clamp01(u);
  switch (d.type) {
    case 'float': {
      let v = d.log ? Math.exp(Math.log(d.low) + u * (Math.log(d.high) - Math.log(d.low))) : d.low + u * (d.high - d.low);
      if (d.step !== null) v = onStep(v, d.low, d.high, d.step);
      if (d.q !== null) v = onQ(v, d.low, d.high, d.q);
      return Math.min(d.high, Math.max(d.low, v));
    }
    case 'int': {
      const v = d.log ? Math.exp(Math.log(d.low) + u * (Math.log(d.high) - Math.log(d.low))) : d.low + u * (d.high - d.low);
      return onStep(v, d.low, d.high, d.step);
    }
    case 'normal': {
      const z = normalQuantile(Math.min(1 - 1e-9, Math.max(1e-9, u)));
      let v = d.mu + d.sigma * z;
      if (d.log) v = Math.exp(v);
      if (d.q !== null) v = Math.round(v / d.q) * d.q;
      return v;
    }
    default:
      throw new Error(`fromUnit: categorical distributions are one-hot encoded`);
  }
}

/** Nearest value of low + k·step within [low, high]. */
export function onStep(v: number, low: number, high: number, step: number): number {
  const kMax = Math.floor((high - low) / step + 1e-9);
  const k = Math.min(kMax, Math.max(0, Math.round((v - low) / step)));
  return roundFloat(low + k * step);
}

/** Nearest multiple of q within [low, high] (hyperopt's quantization); the bound itself when none lies inside. */
export function onQ(v: number, low: number, high: number, q: number): number {
  let r = Math.round(v / q) * q;
  if (r > high + 1e-12) r -= q;
  if (r < low - 1e-12) r += q;
  if (r > high + 1e-12 || r < low - 1e-12) return Math.min(high, Math.max(low, v));
  return roundFloat(r);
}

/** Removes binary noise from grid arithmetic (0.1 + 2·0.1 → 0.3). */
function roundFloat(v: number): number {
  return Number.parseFloat(v.toPrecision(12));
}
