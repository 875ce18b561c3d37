/**
 * Gaussian-process Bayesian optimization (Matérn 5/2 ARD GP, MAP hyperparameters, LogEI acquisition).
 * - Inputs: the unit cube of `SpaceEncoding` (log parameters in log space, int/step snapped, categoricals one-hot).
 * - Targets: Box–Cox warped and standardized (`output-transform.ts`); noise is a fitted nugget.
 * - Start-up: a Latin hypercube of `nStartupTrials` points (by trial number), then the model.
 * - Constraints: one GP per constraint on its violation; the acquisition adds log P(violation ≤ τ) per
 *   constraint (probability of feasibility, Gardner et al. 2014); with no feasible trial yet it maximizes
 *   feasibility alone.
 * - Several objectives: ParEGO (Knowles 2006, default) with the hypervolume scalarization (Golovin & Zhang 2020):
 *   one Chebyshev scalarization per trial from a reference point past the front, its direction uniform on the
 *   sphere (low-discrepancy), so the trials' expected scalarization is the hypervolume;
 *   or `multiObjective: 'hvi'`: one GP per objective and the hypervolume improvement of their lower confidence
 *   bound (`hypervolume-acquisition.ts`; slower, and no better on our benchmarks).
 * - Parallel: running trials enter the model as "kriging believer" fantasies (their posterior mean), so
 *   concurrent asks spread out.
 * Conditional parameters are sampled independently (at random).
 */
import type { Distribution, ParamValue, Params, Sampler, SamplerStudyView, Trial } from '../../types.ts';
import type { Rng } from '../../../common/rng.ts';
import { maximizeAcquisition } from './acquisition-optimizer.ts';
import { hypervolumeImprovementScore } from './hypervolume-acquisition.ts';
import { paretoFront } from '../../analysis/pareto.ts';
import { fitHyperparameters, GpModel } from './gp-model.ts';
import { logH, logNormalCdf, normalQuantile } from './normal-math.ts';
import { nameHash, observations, unconditionalSpace, type Observation } from './observations.ts';
import { standardize, warpTargets } from './output-transform.ts';
import { latinHypercube, randomValue, trialRng } from './random-value.ts';
import { SpaceEncoding } from './space-encoding.ts';
import { checkSamplerOptions } from './sampler-options.ts';

export interface GpOptions {
  seed: number;
  /** Trials drawn from the Latin hypercube before the model is used. Default: clamp(D + 3, 5, 10). */
  nStartupTrials?: number;
  /** Random candidates scored per ask (plus a quarter as many perturbations of the best points). Default 768. */
  candidates?: number;
  /** Pattern-search starts from the best candidates. Default 3. */
  localStarts?: number;
  /** Above this many observations, hyperparameters are refitted only every `refitEvery` trials. Defaults 80 / 4. */
  refitAbove?: number;
  refitEvery?: number;
  /** Several objectives: 'parego' (default) or 'hvi' (hypervolume improvement of the lower confidence bound; one GP per objective, slower). */
  multiObjective?: 'hvi' | 'parego';
}

interface Acquisition {
  /** Log acquisition of the objective(s); null when no trial is feasible yet (feasibility alone is maximized). */
  score: ((x: Float64Array) => number) | null;
  /** Per observation, lower is better (anchors for the local search). */
  rank: ArrayLike<number>;
}

export class GpSampler implements Sampler {
  readonly name = 'gp';
  private readonly options: GpOptions;
  private readonly thetaCache = new Map<string, Float64Array>();

  constructor(options: GpOptions) {
    checkSamplerOptions('gp', options, {
      nStartupTrials: { kind: 'int', min: 1 }, candidates: { kind: 'int', min: 1 }, localStarts: { kind: 'int', min: 0 },
      refitAbove: { kind: 'int', min: 0 }, refitEvery: { kind: 'int', min: 1 }, multiObjective: { kind: 'enum', values: ['parego', 'hvi'] },
    });
    this.options = options;
  }

  inferRelativeSearchSpace(study: SamplerStudyView): Record<string, Distribution> {
    return unconditionalSpace(study);
  }

  sampleRelative(study: SamplerStudyView, trial: Trial, space: Record<string, Distribution>): Params {
    const encoding = new SpaceEncoding(space);
    if (encoding.params.length === 0) return {};
    const points: Float64Array[] = [];
    const used: Observation[] = [];
    for (const o of observations(study)) {
      const x = encoding.encode(o.trial.params);
      if (x) {
        points.push(x);
        used.push(o);
      }
    }
    const startup = this.options.nStartupTrials ?? Math.min(10, Math.max(5, encoding.params.length + 3));
    if (used.length < Math.max(2, startup)) return this.startupPoint(encoding, trial, startup);
    const rng = trialRng(this.options.seed, trial.number, 3);
    const dim = encoding.dimension;
    const flat = flatten(points, dim);
    const constraints = this.constraintModels(study, used, flat, dim);
    const feasible = used.map((o) => o.violation <= 0);
    const objectives = study.directions.length;
    const acquisition = objectives > 1 && this.options.multiObjective === 'hvi'
      ? this.hypervolumeAcquisition(used, flat, dim, feasible)
      : this.improvementAcquisition({ study, trial, encoding, used, points, flat, feasible, rng });
    if (!acquisition) return {};
    const score = (x: Float64Array): number => {
      let value = 0;
      for (const c of constraints) {
        const p = c.model.predict(x);
        value += logNormalCdf((c.threshold - p.mean) / Math.sqrt(p.variance));
      }
      return acquisition.score ? value + acquisition.score(x) : value;
    };
    const order = [...used.keys()].filter((i) => feasible[i]).sort((a, b) => acquisition.rank[a]! - acquisition.rank[b]!);
    const x = maximizeAcquisition({
      encoding,
      score,
      rng,
      anchors: order.slice(0, 5).map((i) => points[i]!),
      candidates: this.options.candidates ?? 768,
      localStarts: this.options.localStarts ?? 3,
      localEvaluations: 40 * encoding.params.length,
    });
    return encoding.decode(x);
  }

  sampleIndependent(_study: SamplerStudyView, trial: Trial, name: string, distribution: Distribution): ParamValue {
    return randomValue(distribution, trialRng(this.options.seed, trial.number, nameHash(name)));
  }

  /** Single objective or ParEGO: LogEI of the (scalarized, warped) objective, with kriging-believer fantasies. */
  private improvementAcquisition(c: {
    study: SamplerStudyView; trial: Trial; encoding: SpaceEncoding; used: Observation[]; points: Float64Array[]; flat: Float64Array; feasible: boolean[]; rng: Rng;
  }): Acquisition | null {
    const dim = c.encoding.dimension;
    const objective = warpTargets(scalarize(c.used, c.study.directions.length, sphereDirection(c.study.directions.length, c.trial.number, this.options.seed)));
    let model = this.model('objective', c.flat, objective, dim);
    if (!model) return null;
    const pending = c.study
      .trials(['running'])
      .filter((t) => t.id !== c.trial.id)
      .map((t) => c.encoding.encode(t.params))
      .filter((x): x is Float64Array => x !== null);
    if (pending.length > 0) {
      const fantasy = pending.map((x) => model!.predict(x).mean);
      const augmented = GpModel.create(flatten([...c.points, ...pending], dim), Float64Array.from([...objective, ...fantasy]), dim, this.thetaCache.get(`objective:${dim}`)!);
      if (augmented) model = augmented;
    }
    let best = Infinity;
    c.feasible.forEach((f, i) => {
      if (f && objective[i]! < best) best = objective[i]!;
    });
    const posterior = model;
    const score = best === Infinity ? null : (x: Float64Array): number => {
      const p = posterior.predict(x);
      const sigma = Math.sqrt(p.variance);
      return Math.log(sigma) + logH((best - p.mean) / sigma);
    };
    return { score, rank: objective };
  }

  /** Several objectives: one GP per warped objective, hypervolume improvement of the lower confidence bound. */
  private hypervolumeAcquisition(used: Observation[], flat: Float64Array, dim: number, feasible: boolean[]): Acquisition | null {
    const targets: Float64Array[] = [];
    const models: GpModel[] = [];
    for (let k = 0; k < used[0]!.values.length; k++) {
      const y = warpTargets(used.map((o) => o.values[k]!));
      const model = this.model(`objective${k}`, flat, y, dim);
      if (!model) return null;
      targets.push(y);
      models.push(model);
    }
    const score = hypervolumeImprovementScore(models, targets, feasible);
    const rank = used.map((_, i) => targets.reduce((s, t) => s + t[i]!, 0));
    return { score, rank };
  }

  private startupPoint(encoding: SpaceEncoding, trial: Trial, startup: number): Params {
    const design = latinHypercube(startup, encoding.dimension, trialRng(this.options.seed, 0, 2));
    const x = design[trial.number % startup]!;
    return encoding.decode(encoding.snap(Float64Array.from(x)));
  }

  /** Fits (or reuses) hyperparameters for one modelled quantity and returns its posterior. */
  private model(key: string, x: Float64Array, y: Float64Array, dim: number): GpModel | null {
    const cacheKey = `${key}:${dim}`;
    const previous = this.thetaCache.get(cacheKey);
    const n = y.length;
    const refitAbove = this.options.refitAbove ?? 80;
    const refitEvery = this.options.refitEvery ?? 4;
    let theta = previous;
    if (!previous || n <= refitAbove || n % refitEvery === 0) {
      theta = fitHyperparameters(x, y, dim, { starts: previous ? [previous] : [], maxIterations: n <= refitAbove ? 50 : 25 });
    }
    for (let attempt = 0; attempt < 4; attempt++) {
      const model = GpModel.create(x, y, dim, theta!);
      if (model) {
        this.thetaCache.set(cacheKey, theta!);
        return model;
      }
      theta = Float64Array.from(theta!);
      theta[dim + 1] = Math.log(Math.exp(theta[dim + 1]!) * 10 + 1e-6);
    }
    return null;
  }

  private constraintModels(study: SamplerStudyView, used: Observation[], flat: Float64Array, dim: number): Array<{ model: GpModel; threshold: number }> {
    const models: Array<{ model: GpModel; threshold: number }> = [];
    for (let c = 0; c < study.constraintCount; c++) {
      const raw = used.map((o) => Math.max(0, o.violations[c] ?? 0));
      const positive = raw.filter((v) => v > 0);
      if (positive.length === 0) continue;
      const mean = raw.reduce((s, v) => s + v, 0) / raw.length;
      const sd = Math.sqrt(raw.reduce((s, v) => s + (v - mean) ** 2, 0) / raw.length) || 1;
      const model = this.model(`constraint${c}`, flat, standardize(raw), dim);
      if (model) models.push({ model, threshold: (0.5 * Math.min(...positive) - mean) / sd });
    }
    return models;
  }
}

function flatten(points: Float64Array[], dim: number): Float64Array {
  const flat = new Float64Array(points.length * dim);
  points.forEach((p, i) => flat.set(p, i * dim));
  return flat;
}

/**
 * A direction for trial `n`, uniform on the positive unit sphere: a Kronecker (R_d, Roberts 2018) low-discrepancy
 * point in the cube mapped through the half-normal quantile, so successive trials cover all directions evenly.
 */
function sphereDirection(objectives: number, n: number, seed: number): number[] {
  if (objectives === 1) return [1];
  let phi = 2;
  for (let i = 0; i < 30; i++) phi = Math.pow(1 + phi, 1 / (objectives + 1));
  const shift = ((seed >>> 0) % 9973) / 9973;
  return Array.from({ length: objectives }, (_, k) => Math.abs(normalQuantile(0.5 + 0.5 * ((shift + (n + 1) * Math.pow(1 / phi, k + 1)) % 1))));
}

/**
 * One objective: its values. Several: the hypervolume scalarization (Golovin & Zhang 2020) for direction λ,
 * max_k (f_k − r_k)/λ_k (minimized) plus ParEGO's augmentation 0.05·Σ f_k, on objectives normalized to their
 * observed ranges, with r = 1.1 × the current front's worst value per objective. Its optimum on the front lies on
 * the ray from r along −λ, and with λ uniform on the sphere the expected scalarization is the hypervolume itself.
 */
function scalarize(used: Observation[], objectives: number, lambda: number[]): number[] {
  if (objectives === 1) return used.map((o) => o.values[0]!);
  const low = Array.from({ length: objectives }, (_, k) => Math.min(...used.map((o) => o.values[k]!)));
  const high = Array.from({ length: objectives }, (_, k) => Math.max(...used.map((o) => o.values[k]!)));
  const norm = (o: Observation, k: number) => (high[k] === low[k] ? 0 : (o.values[k]! - low[k]!) / (high[k]! - low[k]!));
  const front = paretoFront(used.map((o) => o.values));
  const reference = Array.from({ length: objectives }, (_, k) => 1.1 * Math.max(...front.map((i) => norm(used[i]!, k))) + 1e-9);
  const weights = lambda.map((v) => 1 / Math.max(v, 1e-3));
  return used.map((o) => {
    let max = -Infinity;
    let sum = 0;
    for (let k = 0; k < objectives; k++) {
      const f = norm(o, k);
      max = Math.max(max, (f - reference[k]!) * weights[k]!);
      sum += f;
    }
    return max + 0.05 * sum;
  });
}
