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
import { LOG_SQRT_2PI, logNormalMass, sampleTruncatedNormal } from '../normal-math.ts';

export interface ParzenOptions {
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  multivariate: boolean;
}

interface NumericKernels {
  kind: 'numeric';
  mus: Float64Array;
  sigmas: Float64Array;
  /** −log σ − log √(2π) − log Z (truncation mass), per kernel. */
  offsets: Float64Array;
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
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = n - 25;
  const out: number[] = [];
  for (let i = 0; i < ramp; i++) out.push(ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1));
  for (let i = 0; i < 25; i++) out.push(1);
  return out;
}

export class ParzenEstimator {
  private readonly names: string[];
  private readonly kernels: Kernels[];
  private readonly logWeights: Float64Array;
  private readonly cumulative: Float64Array;

  /** `observations[name][i]` is observation i's internal value (all arrays the same length, chronological). */
  constructor(observations: Record<string, number[]>, space: Record<string, Distribution>, options: ParzenOptions, weights?: number[]) {
    this.names = Object.keys(space);
    const n = this.names.length === 0 ? 0 : observations[this.names[0]!]!.length;
    const raw = n === 0 ? [1] : [...(weights ?? defaultWeights(n)), options.priorWeight];
    const total = raw.reduce((a, b) => a + b, 0);
    this.logWeights = Float64Array.from(raw, (w) => Math.log(w / total));
    this.cumulative = new Float64Array(raw.length);
    let acc = 0;
    raw.forEach((w, i) => (this.cumulative[i] = acc += w / total));
    this.kernels = this.names.map((name) => {
      const distribution = space[name]!;
      const values = observations[name]!;
      return distribution.type === 'categorical'
        ? categoricalKernels(values, distribution.choices.length, distribution.weights, options)
        : numericKernels(values, distribution, options, this.names.length);
    });
  }

  get kernelCount(): number {
    return this.logWeights.length;
  }

  /** `size` joint draws, each a record of internal values. */
  sample(rng: Rng, size: number): Record<string, number>[] {
    const out: Record<string, number>[] = [];
    for (let s = 0; s < size; s++) {
      const u = rng.next();
      let k = 0;
      while (k < this.cumulative.length - 1 && u >= this.cumulative[k]!) k++;
      const point: Record<string, number> = {};
      this.names.forEach((name, p) => {
        const kernels = this.kernels[p]!;
        if (kernels.kind === 'numeric') {
          point[name] = sampleTruncatedNormal(kernels.mus[k]!, kernels.sigmas[k]!, kernels.low, kernels.high, rng.next());
        } else {
          const v = rng.next();
          let c = 0;
          let sum = kernels.probs[k * kernels.choices]!;
          while (c < kernels.choices - 1 && v >= sum) sum += kernels.probs[k * kernels.choices + ++c]!;
          point[name] = c;
        }
      });
      out.push(point);
    }
    return out;
  }

  /** Log density of the mixture at each point. */
  logPdf(points: readonly Record<string, number>[]): number[] {
    const nk = this.logWeights.length;
    const acc = new Float64Array(nk);
    return points.map((point) => {
      acc.set(this.logWeights);
      this.names.forEach((name, p) => {
        const kernels = this.kernels[p]!;
        const x = point[name]!;
        if (kernels.kind === 'numeric') {
          const { mus, sigmas, offsets } = kernels;
          for (let k = 0; k < nk; k++) {
            const z = (x - mus[k]!) / sigmas[k]!;
            acc[k]! += offsets[k]! - 0.5 * z * z;
          }
        } else {
          for (let k = 0; k < nk; k++) acc[k]! += kernels.logProbs[k * kernels.choices + x]!;
        }
      });
      let max = -Infinity;
      for (let k = 0; k < nk; k++) if (acc[k]! > max) max = acc[k]!;
      if (max === -Infinity) return -Infinity;
      let sum = 0;
      for (let k = 0; k < nk; k++) sum += Math.exp(acc[k]! - max);
      return max + Math.log(sum);
    });
  }
}

function numericKernels(values: number[], distribution: Exclude<Distribution, { type: 'categorical' }>, options: ParzenOptions, dims: number): NumericKernels {
  const { low, high, priorMu, priorSigma } = numericDomain(distribution);
  const n = values.length;
  let sigmas: number[];
  if (options.multivariate) {
    const sigma = 0.2 * Math.max(n, 1) ** (-1 / (dims + 4)) * priorSigma;
    sigmas = new Array<number>(n).fill(sigma);
  } else {
    const withPrior = [...values, priorMu];
    const order = withPrior.map((_, i) => i).sort((a, b) => withPrior[a]! - withPrior[b]!);
    const sorted = [low, ...order.map((i) => withPrior[i]!), high];
    const sortedSigmas = order.map((_, j) => Math.max(sorted[j + 1]! - sorted[j]!, sorted[j + 2]! - sorted[j + 1]!));
    if (!options.considerEndpoints && sorted.length >= 4) {
      sortedSigmas[0] = sorted[2]! - sorted[1]!;
      sortedSigmas[sortedSigmas.length - 1] = sorted[sorted.length - 2]! - sorted[sorted.length - 3]!;
    }
    const byIndex = new Array<number>(withPrior.length);
    order.forEach((i, j) => (byIndex[i] = sortedSigmas[j]!));
    sigmas = byIndex.slice(0, n);
  }
  const maxSigma = priorSigma;
  const minSigma = options.considerMagicClip ? priorSigma / Math.min(100, 1 + (n + 1)) : EPS;
  const mus = Float64Array.from([...values, priorMu]);
  const clipped = Float64Array.from([...sigmas.map((s) => Math.min(maxSigma, Math.max(minSigma, Number.isFinite(s) ? s : maxSigma))), priorSigma]);
  const offsets = new Float64Array(mus.length);
  for (let k = 0; k < mus.length; k++) {
    const sigma = clipped[k]!;
    offsets[k] = -Math.log(sigma) - LOG_SQRT_2PI - logNormalMass((low - mus[k]!) / sigma, (high - mus[k]!) / sigma);
  }
  return { kind: 'numeric', mus, sigmas: clipped, offsets, low, high };
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
