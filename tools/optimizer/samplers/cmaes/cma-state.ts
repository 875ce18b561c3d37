/**
 * One CMA-ES run (Hansen 2016, "The CMA Evolution Strategy: A Tutorial", default parameters) on the unit cube,
 * with the integer margin of CMA-ES with Margin (Hamano, Saito, Nomura & Shirakawa 2022): for every discrete
 * coordinate a diagonal correction A_j keeps the probability of leaving the mean's grid cell at least
 * α = 1/(n·λ), so discrete coordinates never freeze. Samples are x = m + σ·A∘(B·D·z).
 */
import type { Rng } from '../../../common/rng.ts';
import { symmetricEigen } from './symmetric-eigen.ts';
import { normalQuantile } from '../gp/normal-math.ts';

/** The grid cell of a discrete coordinate around a point: thresholds in unit space (null: no cell border). */
export type CellBounds = (j: number, u: number) => { low: number | null; high: number | null } | null;

export class CmaState {
  readonly n: number;
  readonly lambda: number;
  readonly mu: number;
  readonly weights: Float64Array;
  readonly muEff: number;
  mean: Float64Array;
  sigma: number;
  cov: Float64Array;
  private pc: Float64Array;
  private ps: Float64Array;
  private b: Float64Array;
  private d: Float64Array;
  private margin: Float64Array;
  generation = 0;
  private readonly cs: number;
  private readonly ds: number;
  private readonly cc: number;
  private readonly c1: number;
  private readonly cmu: number;
  private readonly chiN: number;
  readonly bestHistory: number[] = [];

  constructor(options: { mean: Float64Array; sigma: number; lambda: number }) {
    const n = options.mean.length;
    this.n = n;
    this.lambda = options.lambda;
    this.mu = Math.floor(this.lambda / 2);
    const raw = Float64Array.from({ length: this.mu }, (_, i) => Math.log((this.lambda + 1) / 2) - Math.log(i + 1));
    const total = raw.reduce((s, w) => s + w, 0);
    this.weights = raw.map((w) => w / total);
    this.muEff = 1 / this.weights.reduce((s, w) => s + w * w, 0);
    this.mean = Float64Array.from(options.mean);
    this.sigma = options.sigma;
    this.cov = new Float64Array(n * n);
    for (let i = 0; i < n; i++) this.cov[i * n + i] = 1;
    this.pc = new Float64Array(n);
    this.ps = new Float64Array(n);
    this.b = Float64Array.from(this.cov);
    this.d = new Float64Array(n).fill(1);
    this.margin = new Float64Array(n).fill(1);
    const me = this.muEff;
    this.cs = (me + 2) / (n + me + 5);
    this.ds = 1 + 2 * Math.max(0, Math.sqrt((me - 1) / (n + 1)) - 1) + this.cs;
    this.cc = (4 + me / n) / (n + 4 + (2 * me) / n);
    this.c1 = 2 / ((n + 1.3) ** 2 + me);
    this.cmu = Math.min(1 - this.c1, (2 * (me - 2 + 1 / me)) / ((n + 2) ** 2 + me));
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  }

  /** A candidate inside [0,1]^n (resampled up to 50 times, then clipped). */
  sample(rng: Rng): Float64Array {
    const { n } = this;
    let x = new Float64Array(n);
    for (let attempt = 0; attempt < 50; attempt++) {
      const z = Float64Array.from({ length: n }, () => rng.normal() * 1);
      for (let i = 0; i < n; i++) {
        let y = 0;
        for (let k = 0; k < n; k++) y += this.b[i * n + k]! * this.d[k]! * z[k]!;
        x[i] = this.mean[i]! + this.sigma * this.margin[i]! * y;
      }
      if (x.every((v) => v >= 0 && v <= 1)) return x;
    }
    x = x.map((v) => Math.min(1, Math.max(0, v)));
    return x;
  }

  /** Updates from exactly λ evaluated points, best first (ranked by the caller). */
  update(sorted: Float64Array[], bestValue: number, cell: CellBounds | null): void {
    const { n, mu, weights } = this;
    const old = this.mean;
    const ys = sorted.slice(0, mu).map((x) => x.map((v, i) => (v - old[i]!) / (this.sigma * this.margin[i]!)));
    const yw = new Float64Array(n);
    for (let k = 0; k < mu; k++) for (let i = 0; i < n; i++) yw[i]! += weights[k]! * ys[k]![i]!;
    this.mean = old.map((v, i) => v + this.sigma * this.margin[i]! * yw[i]!);
    // C^{-1/2}·y_w = B·D⁻¹·Bᵀ·y_w
    const bty = new Float64Array(n);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) bty[k]! += this.b[i * n + k]! * yw[i]!;
    const invSqrt = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) invSqrt[i]! += (this.b[i * n + k]! * bty[k]!) / this.d[k]!;
    const cs = this.cs;
    const norm = Math.sqrt(cs * (2 - cs) * this.muEff);
    for (let i = 0; i < n; i++) this.ps[i] = (1 - cs) * this.ps[i]! + norm * invSqrt[i]!;
    const psNorm = Math.hypot(...this.ps);
    this.generation++;
    const hsig = psNorm / Math.sqrt(1 - Math.pow(1 - cs, 2 * this.generation)) < (1.4 + 2 / (n + 1)) * this.chiN ? 1 : 0;
    const ccNorm = Math.sqrt(this.cc * (2 - this.cc) * this.muEff);
    for (let i = 0; i < n; i++) this.pc[i] = (1 - this.cc) * this.pc[i]! + hsig * ccNorm * yw[i]!;
    const keep = 1 - this.c1 - this.cmu + (1 - hsig) * this.c1 * this.cc * (2 - this.cc);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let rankMu = 0;
        for (let k = 0; k < mu; k++) rankMu += weights[k]! * ys[k]![i]! * ys[k]![j]!;
        const v = keep * this.cov[i * n + j]! + this.c1 * this.pc[i]! * this.pc[j]! + this.cmu * rankMu;
        this.cov[i * n + j] = v;
        this.cov[j * n + i] = v;
      }
    }
    this.sigma *= Math.exp(Math.min(1, (cs / this.ds) * (psNorm / this.chiN - 1)));
    const eigen = symmetricEigen(this.cov, n);
    this.b = eigen.vectors;
    this.d = eigen.values.map((v) => Math.sqrt(Math.max(v, 1e-20)));
    this.bestHistory.push(bestValue);
    if (cell) this.applyMargin(cell);
  }

  /** CMA-ES with Margin: lower-bounds the marginal std of discrete coordinates (diagonal correction A). */
  private applyMargin(cell: CellBounds): void {
    const { n } = this;
    const alpha = 1 / (n * this.lambda);
    const quantile = normalQuantile(1 - alpha);
    for (let j = 0; j < n; j++) {
      const bounds = cell(j, this.mean[j]!);
      if (!bounds) continue;
      const distances = [bounds.low, bounds.high].filter((t): t is number => t !== null).map((t) => Math.abs(this.mean[j]! - t));
      if (distances.length === 0) continue;
      const needed = Math.min(...distances) / quantile;
      const sd = this.sigma * Math.sqrt(this.cov[j * n + j]!);
      this.margin[j] = Math.max(1, needed / Math.max(sd, 1e-300));
    }
  }

  /** IPOP restart criteria: the search collapsed, the values stalled, or C is ill-conditioned. */
  shouldRestart(): boolean {
    const { n } = this;
    const maxStd = this.sigma * Math.max(...Array.from({ length: n }, (_, i) => Math.sqrt(this.cov[i * n + i]!)));
    if (maxStd < 1e-9) return true;
    const maxD = Math.max(...this.d);
    const minD = Math.min(...this.d);
    if ((maxD / minD) ** 2 > 1e14) return true;
    const window = 10 + Math.ceil((30 * n) / this.lambda);
    if (this.bestHistory.length >= window) {
      const recent = this.bestHistory.slice(-window);
      if (Math.max(...recent) - Math.min(...recent) < 1e-12) return true;
    }
    return false;
  }
}
