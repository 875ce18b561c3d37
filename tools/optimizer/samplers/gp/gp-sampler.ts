/**
 * Gaussian-process Bayesian optimization (Matérn 5/2 ARD GP, MAP hyperparameters, LogEI acquisition).
 * - Inputs: the unit cube of `SpaceEncoding` (log parameters in log space, int/step snapped, categoricals one-hot).
 * - Targets: Box–Cox warped and standardized (`output-transform.ts`); noise is a fitted nugget.
 * - Start-up: a Latin hypercube of `nStartupTrials` points (by trial number), then the model.
 * - Constraints: one GP per constraint on its violation; the acquisition adds log P(violation ≤ τ) per
 *   constraint (probability of feasibility, Gardner et al. 2014); with no feasible trial yet it maximizes
 *   feasibility alone.
 * - Several objectives: every trial draws one hypervolume scalarization (Golovin & Zhang 2020, `scalarization.ts`:
 *   a Chebyshev scalarization from a reference point past the front, its direction uniform on the sphere, so the
 *   trials' expected scalarization is the hypervolume) and maximizes its expected improvement, modelled two ways:
 *   'parego' (Knowles 2006): one GP fitted to the scalarized values; 'qparego' (Daulton et al. 2020): one GP per
 *   objective, EI over posterior samples pushed through the scalarization (`sampled-scalarization.ts`).
 *   The default, 'alternate', uses ParEGO on even trials and qParEGO on odd ones: qParEGO models each objective
 *   smoothly and wins late with 3 objectives, ParEGO moves faster early on ZDT1 (docs/samplers.md has the numbers).
 *   `multiObjective: 'hvi'`: one GP per objective and the hypervolume improvement of their lower confidence
 *   bound (`hypervolume-acquisition.ts`; slower, and no better on our benchmarks).
 * - Parallel: running trials enter the model as "kriging believer" fantasies (their posterior mean), so
 *   concurrent asks spread out.
 * Conditional parameters are sampled independently (at random).
 */
import type { Distribution, ParamValue, Params, Sampler, SamplerStudyView, Trial } from '../../types.ts';
import type { Rng } from '../../../common/rng.ts';
import { maximizeAcquisition } from './acquisition-optimizer.ts';
import { hypervolumeImprovementScore } from './hypervolume-acquisition.ts';
import { fitHyperparameters, GpModel } from './gp-model.ts';
import { logH, logNormalCdf } from './normal-math.ts';
import { nameHash, observations, unconditionalSpace, type Observation } from './observations.ts';
import { fitWarp, standardize, warpTargets } from './output-transform.ts';
import { latinHypercube, randomValue, trialRng } from './random-value.ts';
import { SpaceEncoding } from './space-encoding.ts';
import { checkSamplerOptions } from './sampler-options.ts';
import { hypervolumeScalarization, scalarizeAll, sphereDirection } from './scalarization.ts';
import { sampledScalarizationScore, type ObjectiveModel } from './sampled-scalarization.ts';

export interface GpOptions {
  seed: number;
  /** Trials drawn from the Latin hypercube before the model is used. Default: clamp(D + 3, 5, 10). */
  nStartupTrials?: number;
  /** Random candidates scored per ask (plus a quarter as many perturbations of the best points). Default 768. */
  candidates?: number;
  /** Pattern-search starts from the best candidates. Default 3. */
  localStarts?: number;
  /** Above this many observations, each model's hyperparameters are refitted only on every `refitEvery`-th ask that uses it. Defaults 80 / 4. */
  refitAbove?: number;
  refitEvery?: number;
  /** Several objectives: 'alternate' (default: parego and qparego on alternate trials), 'parego', 'qparego' or 'hvi' (see above). */
  multiObjective?: 'alternate' | 'hvi' | 'parego' | 'qparego';
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
  /** Per modelled quantity, asks since its hyperparameters were last fitted. */
  private readonly asksSinceFit = new Map<string, number>();

  constructor(options: GpOptions) {
    checkSamplerOptions('gp', options, {
      nStartupTrials: { kind: 'int', min: 1 }, candidates: { kind: 'int', min: 1 }, localStarts: { kind: 'int', min: 0 },
      refitAbove: { kind: 'int', min: 0 }, refitEvery: { kind: 'int', min: 1 }, multiObjective: { kind: 'enum', values: ['alternate', 'parego', 'qparego', 'hvi'] },
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
    if (used.length < 2 || (used.length < startup && trial.number < startup)) return this.startupPoint(encoding, trial, startup);
    const rng = trialRng(this.options.seed, trial.number, 3);
    const dim = encoding.dimension;
    const flat = flatten(points, dim);
    const constraints = this.constraintModels(study, used, flat, dim);
    const feasible = used.map((o) => o.violation <= 0);
    const objectives = study.directions.length;
    let mode = objectives > 1 ? this.options.multiObjective ?? 'alternate' : 'single';
    if (mode === 'alternate') mode = trial.number % 2 === 0 ? 'parego' : 'qparego';
    const acquisition = mode === 'hvi'
      ? this.hypervolumeAcquisition(used, flat, dim, feasible)
      : mode === 'qparego'
        ? this.sampledScalarizationAcquisition({ study, trial, encoding, used, points, flat, feasible, rng })
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
    const m = c.study.directions.length;
    const objective = warpTargets(m === 1 ? c.used.map((o) => o.values[0]!) : scalarizeAll(c.used.map((o) => o.values), sphereDirection(m, c.trial.number, this.options.seed), c.feasible));
    const fitted = this.model('objective', c.flat, objective, dim, { offset: 0, warmOnly: m > 1 });
    if (!fitted) return null;
    const model = this.withFantasies('objective', fitted, c.points, objective, this.pendingPoints(c.study, c.trial, c.encoding), dim);
    const best = bestFeasible(objective, c.feasible);
    const score = best === Infinity ? null : (x: Float64Array): number => {
      const p = model.predict(x);
      const sigma = Math.sqrt(p.variance);
      return Math.log(sigma) + logH((best - p.mean) / sigma);
    };
    return { score, rank: objective };
  }

  /** Several objectives: one GP per normalized objective, expected improvement of the sampled scalarization. */
  private sampledScalarizationAcquisition(c: {
    study: SamplerStudyView; trial: Trial; encoding: SpaceEncoding; used: Observation[]; points: Float64Array[]; flat: Float64Array; feasible: boolean[]; rng: Rng;
  }): Acquisition | null {
    const dim = c.encoding.dimension;
    const m = c.study.directions.length;
    const values = c.used.map((o) => o.values);
    const scalarization = hypervolumeScalarization(values, sphereDirection(m, c.trial.number, this.options.seed), c.feasible);
    const pending = this.pendingPoints(c.study, c.trial, c.encoding);
    const objectives: ObjectiveModel[] = [];
    for (let k = 0; k < m; k++) {
      const warp = fitWarp(values.map((v) => v[k]!), MILD_WARPS);
      const model = this.model(`objective${k}`, c.flat, warp.targets, dim, { offset: k + 1, warmOnly: true });
      if (!model) return null;
      objectives.push({ model: this.withFantasies(`objective${k}`, model, c.points, warp.targets, pending, dim), inverse: warp.inverse });
    }
    const observed = values.map((v) => scalarization.scalar(v.map((x, k) => scalarization.normalize(x, k))));
    const best = bestFeasible(observed, c.feasible);
    const score = best === Infinity ? null : sampledScalarizationScore(objectives, scalarization, best, c.rng.fork());
    return { score, rank: observed };
  }

  /** Parameters of the other running trials (kriging-believer fantasies). */
  private pendingPoints(study: SamplerStudyView, trial: Trial, encoding: SpaceEncoding): Float64Array[] {
    return study
      .trials(['running'])
      .filter((t) => t.id !== trial.id)
      .map((t) => encoding.encode(t.params))
      .filter((x): x is Float64Array => x !== null);
  }

  /** The model refitted with the pending points at their posterior mean (same hyperparameters). */
  private withFantasies(key: string, model: GpModel, points: Float64Array[], targets: ArrayLike<number>, pending: Float64Array[], dim: number): GpModel {
    if (pending.length === 0) return model;
    const fantasy = pending.map((x) => model.predict(x).mean);
    const augmented = GpModel.create(flatten([...points, ...pending], dim), Float64Array.from([...Array.from(targets), ...fantasy]), dim, this.thetaCache.get(`${key}:${dim}`)!);
    return augmented ?? model;
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

  /**
   * Trial n < startup takes point n of the Latin hypercube. A later trial before the design is complete (its trials
   * still running in parallel, or failed) uses the model once two trials are complete (the running ones enter it as
   * fantasies), else a uniform random point; it never repeats a design point.
   */
  private startupPoint(encoding: SpaceEncoding, trial: Trial, startup: number): Params {
    const x = trial.number < startup
      ? latinHypercube(startup, encoding.dimension, trialRng(this.options.seed, 0, 2))[trial.number]!
      : latinHypercube(1, encoding.dimension, trialRng(this.options.seed, trial.number, 2))[0]!;
    return encoding.decode(encoding.snap(Float64Array.from(x)));
  }

  /**
   * Fits (or reuses) hyperparameters for one modelled quantity and returns its posterior. Up to `refitAbove`
   * observations they are refitted on every ask; past it, on every `refitEvery`-th ask of this quantity. `refit`
   * shifts that schedule (several objective models then refit on different asks) and, with `warmOnly`, restarts
   * the fit from the previous optimum alone instead of also from the prior mode (half the cost).
   */
  private model(key: string, x: Float64Array, y: Float64Array, dim: number, refit: { offset: number; warmOnly: boolean } = { offset: 0, warmOnly: false }): GpModel | null {
    const cacheKey = `${key}:${dim}`;
    const previous = this.thetaCache.get(cacheKey);
    const n = y.length;
    const refitAbove = this.options.refitAbove ?? 80;
    const refitEvery = this.options.refitEvery ?? 4;
    const asks = (this.asksSinceFit.get(cacheKey) ?? 0) + 1;
    let theta = previous;
    if (!previous || n <= refitAbove || asks >= refitEvery) {
      theta = fitHyperparameters(x, y, dim, {
        starts: previous ? [previous] : [],
        priorMode: !refit.warmOnly || !previous || n <= refitAbove,
        maxIterations: n <= refitAbove ? 50 : 25,
      });
      this.asksSinceFit.set(cacheKey, n <= refitAbove ? refit.offset % refitEvery : 0);
    } else {
      this.asksSinceFit.set(cacheKey, asks);
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

/**
 * Output warps for one objective of several: square root or none. Stronger warps (log, fourth root) are singular
 * where an objective reaches 0 on the front (DTLZ2's do) and made the sampled scalarization worse there
 * (median hypervolume 0.681 with all four, 0.714 without log, 0.736 with these two; 4–10 seeds).
 */
const MILD_WARPS = [0.5, 1] as const;

/** The lowest value among feasible observations (Infinity when none is feasible). */
function bestFeasible(values: ArrayLike<number>, feasible: readonly boolean[]): number {
  let best = Infinity;
  feasible.forEach((f, i) => {
    if (f && values[i]! < best) best = values[i]!;
  });
  return best;
}

function flatten(points: Float64Array[], dim: number): Float64Array {
  const flat = new Float64Array(points.length * dim);
  points.forEach((p, i) => flat.set(p, i * dim));
  return flat;
}

