/**
 * The Parzen estimator of TPE (Bergstra et al. 2011; Optuna's `_ParzenEstimator`): a mixture with one kernel per
 * observation plus a prior kernel. Numeric parameters get truncated-normal kernels whose bandwidth is the
 * larger gap to the neighbouring observations (univariate) or Scott's-rule-like 0.2·n^(−1/(d+4))·range
 * (multivariate), clipped by the "magic clip" to [range / min(100, 1 + kernels), range]. Categorical parameters get
 * kernels that put weight 1 + priorWeight/kernels on the observed choice. Kernels are weighted by `weights`
 * (Optuna's default_weights: older observations down-weighted past 25) plus `priorWeight` for the prior.
 * Everything is in internal units (log scale for log distributions, choice index for categorical).
 */
import type { Rng } from '../../../common/rng.ts';
import { numericDomain } from '../../distributions.ts';
import type { Distribution } from '../../types.ts';
import { LOG_SQRT_2PI, logNormalMass, normalMass, sampleTruncatedNormal } from '../normal-math.ts';

const SQRT_2PI = Math.sqrt(2 * Math.PI);

export interface ParzenOptions {
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  multivariate: boolean;
  /**
   * Optuna 3.1–3.4's kernel density: its truncated-normal log-pdf omits the −log σ term, so each numeric kernel
   * counts w·φ(z)/Z (its peak height, not its mass) and wide kernels (the prior, isolated observations) weigh more
   * than in a normalised mixture. Optuna 3.5 fixed it ("Fix logpdf for scaled truncnorm"); hyperopt never had it.
   * Off (the default here) gives the exact normalised mixture.
   */
  unscaledKernels?: boolean;
}

interface NumericKernels {
  kind: 'numeric';
  mus: Float64Array;
  sigmas: Float64Array;
  inverseSigmas: Float64Array;
  /** Truncation mass Z of each kernel on [low, high]. */
  masses: Float64Array;
  /** Whether the density leaves out 1/σ (Optuna 3.1's kernels, see `ParzenOptions.unscaledKernels`). */
  unscaled: boolean;
  /**
   * Grid of a stepped parameter (Optuna `step` floats, linear ints): samples are rounded onto `first + k·step`
   * and the density at a grid point is each kernel's mass over its cell [x − step/2, x + step/2] (Optuna's q).
   */
  grid: { first: number; last: number; step: number } | null;
  /** Log-scale integers: candidates become log(round(exp(x))) clipped to [low, high], as Optuna evaluates them. */
  logInt: { low: number; high: number } | null;
  /** −log σ − log √(2π) − log Z, per kernel (computed on first use by the general path). */
  offsets: Float64Array | null;
  /** log Z per kernel (computed on first use by stepped parameters). */
  logMasses: Float64Array | null;
  low: number;
  high: number;
}

interface CategoricalKernels {
  kind: 'categorical';
  /** log probability of each choice under each kernel, row-major (kernels × choices). */
  logProbs: Float64Array;
  probs: Float64Array;
  choices: number;
}

type Kernels = NumericKernels | CategoricalKernels;

const EPS = 1e-12;

/** Optuna's default_weights: flat for the 25 newest, a linear ramp from 1/n for older observations. */
export function defaultWeights(n: number): number[] {
  const out = new Float64Array(n);
  fillDefaultWeights(out, n);
  return Array.from(out);
}

function fillDefaultWeights(out: Float64Array, n: number): void {
  if (n < 25) {
    out.fill(1, 0, n);
    return;
  }
  const ramp = n - 25;
  for (let i = 0; i < ramp; i++) out[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1);
  out.fill(1, ramp, n);
}

export class ParzenEstimator {
  private readonly names: string[];
  private readonly kernels: Kernels[];
  /** Normalised kernel weights (observations in order, then the prior). */
  private readonly weights: Float64Array;
  private logWeightsCache: Float64Array | null = null;
  private readonly cumulative: Float64Array;
  /** The linear-space fast path is exact to 1e-16 only with a prior kernel and the magic clip. */
  private readonly linearSafe: boolean;
  private coefficients: Float64Array | null = null;

  /** `observations[name][i]` is observation i's internal value (all arrays the same length, chronological). */
  constructor(observations: Record<string, number[]>, space: Record<string, Distribution>, options: ParzenOptions, weights?: number[]) {
    this.names = Object.keys(space);
    this.linearSafe = options.considerMagicClip && options.priorWeight > 0;
    const n = this.names.length === 0 ? 0 : observations[this.names[0]!]!.length;
    const count = n + (n === 0 ? 0 : 1);
    const raw = new Float64Array(Math.max(count, 1));
    if (n === 0) raw[0] = 1;
    else {
      if (weights) raw.set(weights);
      else fillDefaultWeights(raw, n);
      raw[n] = options.priorWeight;
    }
    let total = 0;
    for (let k = 0; k < raw.length; k++) total += raw[k]!;
    this.weights = raw;
    this.cumulative = new Float64Array(raw.length);
    let acc = 0;
    for (let k = 0; k < raw.length; k++) {
      const w = (raw[k]! /= total);
      this.cumulative[k] = acc += w;
    }
    this.kernels = this.names.map((name) => {
      const distribution = space[name]!;
      const values = observations[name]!;
      return distribution.type === 'categorical'
        ? categoricalKernels(values, distribution.choices.length, distribution.weights, options)
        : numericKernels(values, distribution, options, this.names.length);
    });
  }

  private logPdfUnivariate(kernels: NumericKernels, xs: number[]): number[] {
    if (!this.coefficients) {
      // w_k / (σ_k √(2π) Z_k) in linear space (w_k / (√(2π) Z_k) for Optuna 3.1's unscaled kernels).
      this.coefficients = new Float64Array(kernels.mus.length);
      for (let k = 0; k < kernels.mus.length; k++) {
        this.coefficients[k] = (this.weights[k]! * (kernels.unscaled ? 1 : kernels.inverseSigmas[k]!)) / (SQRT_2PI * kernels.masses[k]!);
      }
    }
    return univariateLogPdf(kernels, this.coefficients, xs);
  }

  get kernelCount(): number {
    return this.weights.length;
  }

  /** `size` joint draws, each a record of internal values. */
  sample(rng: Rng, size: number): Record<string, number>[] {
    const out: Record<string, number>[] = [];
    for (let s = 0; s < size; s++) {
      const u = rng.next();
      let k = 0;
      while (k < this.cumulative.length - 1 && u >= this.cumulative[k]!) k++;
      const point: Record<string, number> = {};
      for (let p = 0; p < this.names.length; p++) {
        const kernels = this.kernels[p]!;
        if (kernels.kind === 'numeric') {
          const x = sampleTruncatedNormal(kernels.mus[k]!, kernels.sigmas[k]!, kernels.low, kernels.high, rng.next());
          point[this.names[p]!] = kernels.grid ? onGrid(kernels.grid, x) : kernels.logInt ? roundLogInt(kernels.logInt, x) : x;
        } else {
          const v = rng.next();
          const row = k * kernels.choices;
          let c = 0;
          let sum = kernels.probs[row]!;
          while (c < kernels.choices - 1 && v >= sum) sum += kernels.probs[row + ++c]!;
          point[this.names[p]!] = c;
        }
      }
      out.push(point);
    }
    return out;
  }

  /** Log density of the mixture at each point. */
  logPdf(points: readonly Record<string, number>[]): number[] {
    const only = this.kernels.length === 1 ? this.kernels[0]! : null;
    if (only?.kind === 'numeric' && !only.grid && this.linearSafe) return this.logPdfUnivariate(only, points.map((p) => p[this.names[0]!]!));
    const nk = this.weights.length;
    const acc = new Float64Array(nk);
    const logWeights = (this.logWeightsCache ??= this.weights.map((w) => Math.log(w)));
    const out: number[] = [];
    for (const point of points) {
      acc.set(logWeights);
      for (let p = 0; p < this.names.length; p++) {
        const kernels = this.kernels[p]!;
        const x = point[this.names[p]!]!;
        if (kernels.kind === 'numeric' && kernels.grid) {
          addCellLogMasses(kernels, x, acc);
        } else if (kernels.kind === 'numeric') {
          const { mus, inverseSigmas } = kernels;
          const offsets = (kernels.offsets ??= kernelOffsets(kernels));
          for (let k = 0; k < nk; k++) {
            const z = (x - mus[k]!) * inverseSigmas[k]!;
            acc[k] = acc[k]! + offsets[k]! - 0.5 * z * z;
          }
        } else {
          const logProbs = kernels.logProbs;
          const stride = kernels.choices;
          for (let k = 0; k < nk; k++) acc[k] = acc[k]! + logProbs[k * stride + x]!;
        }
      }
      let max = -Infinity;
      for (let k = 0; k < nk; k++) if (acc[k]! > max) max = acc[k]!;
      if (max === -Infinity) {
        out.push(-Infinity);
        continue;
      }
      // Kernels more than e^-30 below the largest add nothing measurable; skipping their exp halves the cost.
      const cutoff = max - 30;
      let sum = 0;
      for (let k = 0; k < nk; k++) if (acc[k]! > cutoff) sum += Math.exp(acc[k]! - max);
      out.push(max + Math.log(sum));
    }
    return out;
  }
}

/**
 * A single numeric parameter (univariate TPE, the common case): the mixture summed in linear space in one pass.
 * The prior kernel (bandwidth = the whole range) keeps the sum away from underflow inside the domain, and with the
 * magic clip no kernel is narrower than range/100, so a kernel more than √90 bandwidths away contributes under
 * 1e-16 of the prior's share and its exp is skipped.
 */
function univariateLogPdf(kernels: NumericKernels, coefficients: Float64Array, xs: readonly number[]): number[] {
  const { mus, inverseSigmas } = kernels;
  const nk = mus.length;
  const out: number[] = [];
  for (const x of xs) {
    let sum = 0;
    for (let k = 0; k < nk; k++) {
      const z = (x - mus[k]!) * inverseSigmas[k]!;
      const q = z * z;
      if (q < 90) sum += coefficients[k]! * Math.exp(-0.5 * q);
    }
    out.push(Math.log(sum));
  }
  return out;
}

/** Rounds an internal value onto the grid (Optuna: round((x − low) / step) · step + low, clipped). */
function onGrid(grid: { first: number; last: number; step: number }, x: number): number {
  return Math.min(grid.last, Math.max(grid.first, grid.first + Math.round((x - grid.first) / grid.step) * grid.step));
}

function roundLogInt(range: { low: number; high: number }, x: number): number {
  return Math.log(Math.min(range.high, Math.max(range.low, Math.round(Math.exp(x)))));
}

/** acc[k] += log(mass of kernel k over x's grid cell ∩ [low, high]) − log Z_k (Optuna's log-pdf for q distributions). */
function addCellLogMasses(kernels: NumericKernels, x: number, acc: Float64Array): void {
  const { mus, inverseSigmas, low, high } = kernels;
  const half = kernels.grid!.step / 2;
  const lower = Math.max(x - half, low);
  const upper = Math.min(x + half, high);
  const logMasses = (kernels.logMasses ??= kernelLogMasses(kernels));
  for (let k = 0; k < mus.length; k++) {
    acc[k] = acc[k]! + logNormalMass((lower - mus[k]!) * inverseSigmas[k]!, (upper - mus[k]!) * inverseSigmas[k]!) - logMasses[k]!;
  }
}

function kernelLogMasses(kernels: NumericKernels): Float64Array {
  const { mus, inverseSigmas, masses, low, high } = kernels;
  return mus.map((mu, k) => (masses[k]! > 0 ? Math.log(masses[k]!) : logNormalMass((low - mu) * inverseSigmas[k]!, (high - mu) * inverseSigmas[k]!)));
}

/** The grid of a stepped parameter in internal units, or null (continuous, log scale, hyperopt q). */
function gridOf(distribution: Exclude<Distribution, { type: 'categorical' }>): NumericKernels['grid'] {
  if (distribution.type === 'int' && !distribution.log) {
    return { first: distribution.low, last: distribution.low + Math.floor((distribution.high - distribution.low) / distribution.step) * distribution.step, step: distribution.step };
  }
  if (distribution.type === 'float' && !distribution.log && distribution.step !== null && distribution.q === null) {
    const count = Math.floor((distribution.high - distribution.low) / distribution.step + 1e-9);
    return { first: distribution.low, last: distribution.low + count * distribution.step, step: distribution.step };
  }
  return null;
}

function numericKernels(values: number[], distribution: Exclude<Distribution, { type: 'categorical' }>, options: ParzenOptions, dims: number): NumericKernels {
  const { low, high, priorMu, priorSigma } = numericDomain(distribution);
  const n = values.length;
  const mus = new Float64Array(n + 1);
  mus.set(values);
  mus[n] = priorMu;
  const sigmas = new Float64Array(n + 1);
  if (options.multivariate) {
    sigmas.fill(0.2 * Math.max(n, 1) ** (-1 / (dims + 4)) * priorSigma);
  } else {
    // Bandwidth = the larger gap to the sorted neighbours (the prior's centre included; domain ends as outer
    // neighbours). Without endpoints, the outermost kernels use their inner gap instead. Equal centres take
    // consecutive sorted positions in index order (Optuna's stable argsort), so each gets its own neighbours.
    const sorted = Float64Array.from(mus).sort();
    const m = n + 1;
    let ties: Map<number, number> | null = null;
    for (let k = 0; k < m; k++) {
      const x = mus[k]!;
      let lo = 0;
      let hi = m - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      if (lo + 1 < m && sorted[lo + 1] === x) {
        ties ??= new Map();
        const seen = ties.get(x) ?? 0;
        ties.set(x, seen + 1);
        lo += seen;
      }
      const left = lo === 0 ? low : sorted[lo - 1]!;
      const right = lo === m - 1 ? high : sorted[lo + 1]!;
      if (!options.considerEndpoints && m >= 2 && lo === 0) sigmas[k] = sorted[1]! - x;
      else if (!options.considerEndpoints && m >= 2 && lo === m - 1) sigmas[k] = x - sorted[m - 2]!;
      else sigmas[k] = Math.max(x - left, right - x);
    }
  }
  const maxSigma = priorSigma;
  const minSigma = options.considerMagicClip ? priorSigma / Math.min(100, 1 + (n + 1)) : EPS;
  const inverseSigmas = new Float64Array(n + 1);
  const masses = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) {
    const raw = sigmas[k]!;
    const sigma = k === n ? priorSigma : Math.min(maxSigma, Math.max(minSigma, Number.isFinite(raw) ? raw : maxSigma));
    sigmas[k] = sigma;
    inverseSigmas[k] = 1 / sigma;
    masses[k] = normalMass((low - mus[k]!) * inverseSigmas[k]!, (high - mus[k]!) * inverseSigmas[k]!);
  }
  const grid = gridOf(distribution);
  const logInt = distribution.type === 'int' && distribution.log ? { low: distribution.low, high: distribution.high } : null;
  return { kind: 'numeric', mus, sigmas, inverseSigmas, masses, unscaled: options.unscaledKernels === true, grid, logInt, offsets: null, logMasses: null, low, high };
}

/** −log σ − log √(2π) − log Z per kernel (no −log σ when unscaled); a vanishing mass falls back to the log-space tail formula. */
function kernelOffsets(kernels: NumericKernels): Float64Array {
  const { mus, sigmas, masses, low, high, unscaled } = kernels;
  return mus.map((mu, k) => {
    const sigma = sigmas[k]!;
    const logMass = masses[k]! > 0 ? Math.log(masses[k]!) : logNormalMass((low - mu) / sigma, (high - mu) / sigma);
    return (unscaled ? 0 : -Math.log(sigma)) - LOG_SQRT_2PI - logMass;
  });
}

function categoricalKernels(values: number[], choices: number, prior: number[] | null, options: ParzenOptions): CategoricalKernels {
  const kernels = values.length + 1;
  const probs = new Float64Array(kernels * choices);
  const fill = values.length === 0 ? 1 / choices : options.priorWeight / kernels;
  for (let k = 0; k < kernels; k++) {
    const isPrior = k === kernels - 1;
    for (let c = 0; c < choices; c++) probs[k * choices + c] = isPrior && prior ? prior[c]! : fill;
    if (!isPrior) probs[k * choices + values[k]!]! += 1;
    let sum = 0;
    for (let c = 0; c < choices; c++) sum += probs[k * choices + c]!;
    for (let c = 0; c < choices; c++) probs[k * choices + c]! /= sum || 1;
  }
  return { kind: 'categorical', probs, logProbs: probs.map((p) => Math.log(p)), choices };
}
