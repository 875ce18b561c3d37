/**
 * Operations on compiled distributions (see `types.ts`): membership (in bounds and on the step/q grid),
 * snapping a raw number onto a distribution's grid, and the numeric domain samplers work in.
 */
import type { Distribution, ParamValue } from './types.ts';

const EPS = 1e-9;

/** hyperopt quantization: `round(x / q) * q`, cleaned of floating-point noise. */
export function quantize(x: number, q: number): number {
  return cleanFloat(Math.round(x / q) * q, q);
}

/** Rounds away representation noise relative to a grid unit (0.1 * 3 → 0.3). */
export function cleanFloat(x: number, unit: number): number {
  const decimals = Math.max(0, Math.min(15, Math.ceil(-Math.log10(Math.abs(unit))) + 6));
  return Number(x.toFixed(decimals));
}

/** The value space of a numeric distribution after hyperopt's q rounding (q-rounding can leave [low, high]). */
function quantizedBounds(low: number, high: number, q: number): [number, number] {
  return [quantize(low, q), quantize(high, q)];
}

/** True when `value` can be produced by `distribution`: right type, in bounds, on the step/q grid. */
export function contains(distribution: Distribution, value: ParamValue): boolean {
  switch (distribution.type) {
    case 'categorical':
      return distribution.choices.some((c) => c === value);
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      const { low, high, step, q } = distribution;
      if (q !== null) {
        const [ql, qh] = quantizedBounds(low, high, q);
        return value >= ql - EPS * Math.abs(q) && value <= qh + EPS * Math.abs(q) && onGrid(value, 0, q);
      }
      if (value < low - EPS * Math.max(1, Math.abs(low)) || value > high + EPS * Math.max(1, Math.abs(high))) return false;
      return step === null || onGrid(value, low, step);
    }
    case 'int': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return false;
      return value >= distribution.low && value <= distribution.high && (value - distribution.low) % distribution.step === 0;
    }
    case 'normal': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      if (distribution.log && value < 0) return false;
      return distribution.q === null || onGrid(value, 0, distribution.q);
    }
  }
}

function onGrid(value: number, origin: number, unit: number): boolean {
  const k = (value - origin) / unit;
  return Math.abs(k - Math.round(k)) < 1e-6;
}

/**
 * Maps a raw number from a sampler's continuous domain (linear units, after exp for log distributions)
 * onto the distribution: clamp to bounds, snap to the step grid, apply q rounding, round ints.
 */
export function snap(distribution: Distribution, x: number): number {
  switch (distribution.type) {
    case 'float': {
      const { low, high, step, q } = distribution;
      if (q !== null) return quantize(Math.min(high, Math.max(low, x)), q);
      const clamped = Math.min(high, Math.max(low, x));
      if (step === null) return clamped;
      const k = Math.round((clamped - low) / step);
      const maxK = Math.floor((high - low) / step + EPS);
      return cleanFloat(low + Math.min(maxK, Math.max(0, k)) * step, step);
    }
    case 'int': {
      const { low, high, step } = distribution;
      const k = Math.round((x - low) / step);
      const maxK = Math.floor((high - low) / step);
      return low + Math.min(maxK, Math.max(0, k)) * step;
    }
    case 'normal':
      return distribution.q === null ? x : quantize(x, distribution.q);
    case 'categorical':
      throw new Error('snap() is for numeric distributions');
  }
}

/**
 * The continuous domain a model-based sampler (TPE, GP, CMA-ES) works in for a numeric distribution:
 * bounds in internal units (log for log distributions, widened by half a step for grids, as Optuna does),
 * and a prior centre and width. Normal distributions are unbounded with hyperopt's prior (mu, sigma).
 */
export interface NumericDomain {
  low: number;
  high: number;
  log: boolean;
  priorMu: number;
  priorSigma: number;
}

export function numericDomain(distribution: Exclude<Distribution, { type: 'categorical' }>): NumericDomain {
  if (distribution.type === 'normal') {
    return { low: -Infinity, high: Infinity, log: distribution.log, priorMu: distribution.mu, priorSigma: distribution.sigma };
  }
  let { low, high } = distribution;
  const half = distribution.type === 'int' ? distribution.step / 2 : distribution.step !== null ? distribution.step / 2 : 0;
  low -= half;
  high += half;
  if (distribution.log) {
    low = Math.log(Math.max(low, distribution.type === 'int' ? 0.5 : distribution.low));
    high = Math.log(high);
  }
  return { low, high, log: distribution.log, priorMu: 0.5 * (low + high), priorSigma: high - low };
}

/** A parameter value in a sampler's internal units (log for log scales; index for categorical). */
export function toInternal(distribution: Distribution, value: ParamValue): number {
  if (distribution.type === 'categorical') return distribution.choices.findIndex((c) => c === value);
  const x = value as number;
  return distribution.log ? Math.log(Math.max(x, Number.MIN_VALUE)) : x;
}

/** Inverse of `toInternal`, snapped onto the distribution's grid. */
export function fromInternal(distribution: Distribution, x: number): ParamValue {
  if (distribution.type === 'categorical') return distribution.choices[Math.max(0, Math.min(distribution.choices.length - 1, Math.round(x)))] ?? null;
  return snap(distribution, distribution.log ? Math.exp(x) : x);
}

/** Structural equality (two trials used the same distribution for a parameter). */
export function sameDistribution(a: Distribution, b: Distribution): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
