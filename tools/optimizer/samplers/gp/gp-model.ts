/**
 * Gaussian-process regression with a Matérn 5/2 ARD kernel: k(x, x') = s²·(1 + √5 r + 5/3 r²)·exp(−√5 r),
 * r² = Σ_j ((x_j − x'_j)/ℓ_j)², plus a fitted noise variance σ²ₙ (the nugget) on the diagonal.
 * Hyperparameters θ = (log ℓ_1..ℓ_D, log s², log σ²ₙ) maximize the log marginal likelihood plus log-normal
 * priors (MAP), by projected L-BFGS inside bounds, from several starts. Targets are standardized by the caller.
 */
import { cholesky, inverseFromCholesky, solveLower, solveUpper } from './cholesky.ts';
import { minimizeLbfgs } from './lbfgs.ts';

const SQRT5 = Math.sqrt(5);
const JITTER = 1e-8;

export interface GpHyperparameters {
  /** log ℓ per input dimension, log s², log σ²ₙ. */
  theta: Float64Array;
}

export interface GpFitOptions {
  /** Starting points for θ besides the prior mode (e.g. the previous fit). */
  starts: Float64Array[];
  /** Also start from the prior mode (default true). */
  priorMode?: boolean;
  maxIterations: number;
}

export class GpModel {
  readonly n: number;
  readonly d: number;
  private readonly x: Float64Array;
  private readonly lengthInv: Float64Array;
  readonly signal: number;
  readonly noise: number;
  private readonly chol: Float64Array;
  private readonly alpha: Float64Array;
  private readonly scratch: Float64Array;
  private readonly kvec: Float64Array;

  private constructor(x: Float64Array, n: number, d: number, theta: Float64Array, chol: Float64Array, alpha: Float64Array) {
    this.x = x;
    this.n = n;
    this.d = d;
    this.lengthInv = Float64Array.from({ length: d }, (_, j) => Math.exp(-theta[j]!));
    this.signal = Math.exp(theta[d]!);
    this.noise = Math.exp(theta[d + 1]!);
    this.chol = chol;
    this.alpha = alpha;
    this.scratch = new Float64Array(n);
    this.kvec = new Float64Array(n);
  }

  /** Builds the posterior for fixed hyperparameters; null if the kernel matrix is numerically singular. */
  static create(x: Float64Array, y: Float64Array, d: number, theta: Float64Array): GpModel | null {
    const n = y.length;
    const k = kernelMatrix(x, n, d, theta);
    const l = cholesky(k, n);
    if (!l) return null;
    const alpha = solveUpper(l, n, solveLower(l, n, y, new Float64Array(n)), new Float64Array(n));
    return new GpModel(x, n, d, theta, l, alpha);
  }

  /** Posterior mean and variance of the latent function at `point` (length d). */
  predict(point: ArrayLike<number>): { mean: number; variance: number } {
    const { n, d, x, lengthInv, kvec } = this;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      let r2 = 0;
      const row = i * d;
      for (let j = 0; j < d; j++) {
        const t = (point[j]! - x[row + j]!) * lengthInv[j]!;
        r2 += t * t;
      }
      const r = Math.sqrt(r2);
      const kv = this.signal * (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
      kvec[i] = kv;
      mean += kv * this.alpha[i]!;
    }
    const v = solveLower(this.chol, n, kvec, this.scratch);
    let reduction = 0;
    for (let i = 0; i < n; i++) reduction += v[i]! * v[i]!;
    return { mean, variance: Math.max(1e-12 * this.signal, this.signal - reduction) };
  }
}

function kernelMatrix(x: Float64Array, n: number, d: number, theta: Float64Array): Float64Array {
  const inv = Float64Array.from({ length: d }, (_, j) => Math.exp(-theta[j]!));
  const s2 = Math.exp(theta[d]!);
  const noise = Math.exp(theta[d + 1]!) + JITTER;
  const k = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    k[a * n + a] = s2 + noise;
    for (let b = 0; b < a; b++) {
      let r2 = 0;
      for (let j = 0; j < d; j++) {
        const t = (x[a * d + j]! - x[b * d + j]!) * inv[j]!;
        r2 += t * t;
      }
      const r = Math.sqrt(r2);
      const v = s2 * (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
      k[a * n + b] = v;
      k[b * n + a] = v;
    }
  }
  return k;
}

/** Prior on θ: log-normal on ℓ (median scaling with √D, as in Hvarfner et al. 2024), on s² and on σ²ₙ. */
export function priorFor(d: number): { mean: Float64Array; sd: Float64Array; lower: Float64Array; upper: Float64Array } {
  const mean = new Float64Array(d + 2);
  const sd = new Float64Array(d + 2);
  const lower = new Float64Array(d + 2);
  const upper = new Float64Array(d + 2);
  for (let j = 0; j < d; j++) {
    mean[j] = Math.log(0.25 * Math.sqrt(d) + 0.15);
    sd[j] = 1;
    lower[j] = Math.log(0.005);
    upper[j] = Math.log(50);
  }
  mean[d] = 0;
  sd[d] = 1;
  lower[d] = Math.log(0.01);
  upper[d] = Math.log(50);
  mean[d + 1] = Math.log(1e-4);
  sd[d + 1] = 2.5;
  lower[d + 1] = Math.log(1e-8);
  upper[d + 1] = Math.log(1);
  return { mean, sd, lower, upper };
}

/** Negative log posterior of θ and its gradient (written to `grad`). */
export function negativeLogPosterior(x: Float64Array, y: Float64Array, d: number, theta: Float64Array, grad: Float64Array): number {
  const n = y.length;
  const k = kernelMatrix(x, n, d, theta);
  const l = cholesky(k, n);
  if (!l) {
    grad.fill(0);
    return Infinity;
  }
  const alpha = solveUpper(l, n, solveLower(l, n, y, new Float64Array(n)), new Float64Array(n));
  let nll = 0;
  for (let i = 0; i < n; i++) nll += 0.5 * y[i]! * alpha[i]! + Math.log(l[i * n + i]!);
  nll += 0.5 * n * Math.log(2 * Math.PI);
  // W = α αᵀ − K⁻¹; ∂(−LML)/∂θ = −½ tr(W ∂K/∂θ).
  const inv = inverseFromCholesky(l, n);
  const s2 = Math.exp(theta[d]!);
  const noise = Math.exp(theta[d + 1]!);
  const lengthInv = Float64Array.from({ length: d }, (_, j) => Math.exp(-theta[j]!));
  grad.fill(0);
  let traceSignal = 0;
  let traceNoise = 0;
  const delta = new Float64Array(d);
  for (let a = 0; a < n; a++) {
    const wDiag = alpha[a]! * alpha[a]! - inv[a * n + a]!;
    traceSignal += 0.5 * wDiag * s2;
    traceNoise += 0.5 * wDiag * noise;
    for (let b = 0; b < a; b++) {
      const w = alpha[a]! * alpha[b]! - inv[a * n + b]!;
      let r2 = 0;
      for (let j = 0; j < d; j++) {
        const t = (x[a * d + j]! - x[b * d + j]!) * lengthInv[j]!;
        delta[j] = t * t;
        r2 += t * t;
      }
      const r = Math.sqrt(r2);
      const e = Math.exp(-SQRT5 * r);
      const kval = s2 * (1 + SQRT5 * r + (5 / 3) * r2) * e;
      // Off-diagonal pairs appear twice in the trace: factor ½·2 = 1.
      traceSignal += w * kval;
      const common = w * s2 * (5 / 3) * (1 + SQRT5 * r) * e;
      for (let j = 0; j < d; j++) grad[j]! -= common * delta[j]!;
    }
  }
  grad[d] = -traceSignal;
  grad[d + 1] = -traceNoise;
  // Priors.
  const prior = priorFor(d);
  for (let j = 0; j < d + 2; j++) {
    const z = (theta[j]! - prior.mean[j]!) / prior.sd[j]!;
    nll += 0.5 * z * z;
    grad[j]! += z / prior.sd[j]!;
  }
  return nll;
}

/** MAP hyperparameters from the prior mode and the given starts; the best finite optimum wins. */
export function fitHyperparameters(x: Float64Array, y: Float64Array, d: number, options: GpFitOptions): Float64Array {
  const prior = priorFor(d);
  const starts = options.priorMode === false && options.starts.length > 0 ? options.starts : [prior.mean, ...options.starts];
  let best: { x: Float64Array; f: number } | null = null;
  for (const start of starts) {
    const result = minimizeLbfgs((t, g) => negativeLogPosterior(x, y, d, t, g), start, {
      lower: prior.lower,
      upper: prior.upper,
      maxIterations: options.maxIterations,
    });
    if (Number.isFinite(result.f) && (!best || result.f < best.f)) best = result;
  }
  return best ? best.x : Float64Array.from(prior.mean);
}
