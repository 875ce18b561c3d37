/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011, "Algorithms for Hyper-Parameter Optimization";
 * multivariate TPE from Falkner et al. 2018 / Optuna). Defaults are Optuna's: 10 startup trials, 24 EI
 * candidates, prior weight 1, magic clip on, endpoints off, gamma(n) = min(ceil(0.1·n), 25), default_weights.
 *
 * Univariate mode (default) models each parameter alone (conditional parameters included, from the trials
 * that have them). Multivariate mode models the intersection search space jointly; with `group`, each group
 * of parameters that always co-occur (conditional spaces) is modelled jointly. `constantLiar` counts running
 * trials as the worst observations so parallel workers spread out.
 *
 * Big studies: per-trial scores are computed once (ObservationCache), the common case keeps its observations
 * ranked across asks (ObservationLedger), and each estimator has at most `maxKernels` kernels (kernel-budget.ts),
 * so an ask costs about the same at 10,000 trials as at 300 (docs/big-studies.md).
 */
import { createRng, type Rng } from '../../../common/rng.ts';
import { fromInternal } from '../../distributions.ts';
import type { Distribution, ParamValue, Params, Sampler, SamplerStudyView, Trial } from '../../types.ts';
import { RandomSampler } from '../random.ts';
import { SearchSpaceCache } from '../search-space-inference.ts';
import { ToolError } from '../../../common/errors.ts';
import { chooseAbove } from './kernel-budget.ts';
import { ObservationLedger } from './observation-ledger.ts';
import { collectObservations, internalValue, ObservationCache, splitObservations } from './observations.ts';
import { ParzenEstimator } from './parzen-estimator.ts';

export interface TpeOptions {
  seed?: number;
  nStartupTrials?: number;
  nEiCandidates?: number;
  priorWeight?: number;
  considerMagicClip?: boolean;
  considerEndpoints?: boolean;
  multivariate?: boolean;
  group?: boolean;
  constantLiar?: boolean;
  /**
   * Kernel bandwidth: `scott` (Optuna ≥ 4: 0.2·n^(−1/(d+4))·range for every estimator, univariate ones included)
   * or `neighbour` (Optuna ≤ 3 and hyperopt: the larger gap to the neighbouring observations, univariate only).
   */
  bandwidth?: 'scott' | 'neighbour';
  /**
   * Kernel density: `optuna3` (Optuna 3.1–3.4, the default: each truncated-normal kernel's log-density omits −log σ,
   * so wide kernels — the prior, isolated observations — weigh more in l(x) and g(x)) or `normalised` (the exact
   * mixture density, as hyperopt and Optuna ≥ 3.5).
   */
  density?: 'optuna3' | 'normalised';
  /** `default` (Optuna: min(ceil(0.1·n), 25)), `hyperopt` (min(ceil(0.25·√n), 25)) or a fraction f (min(ceil(f·n), 25)). */
  gamma?: 'default' | 'hyperopt' | number;
  /**
   * Most kernels in one Parzen estimator (an integer ≥ 50). Past it, older observations are merged into weighted
   * strata (kernel-budget.ts), so an ask costs the same at 10,000 trials as at this many. Below it TPE is exact.
   */
  maxKernels?: number;
}

export const TPE_DEFAULTS: Required<Omit<TpeOptions, 'seed'>> = {
  nStartupTrials: 10,
  nEiCandidates: 24,
  priorWeight: 1,
  considerMagicClip: true,
  considerEndpoints: false,
  multivariate: false,
  group: false,
  constantLiar: false,
  gamma: 'default',
  bandwidth: 'neighbour',
  density: 'optuna3',
  maxKernels: 300,
};

export class TpeSampler implements Sampler {
  readonly name: string;
  private readonly options: Required<Omit<TpeOptions, 'seed'>>;
  private readonly rng: Rng;
  private readonly random: RandomSampler;
  private cache: { trials: readonly Trial[]; split: Split | null } | null = null;
  private readonly observed = new ObservationCache();
  private readonly ledger = new ObservationLedger(this.observed);
  private readonly spaces = new SearchSpaceCache();

  constructor(options: TpeOptions = {}, name = 'tpe') {
    this.name = name;
    this.options = { ...TPE_DEFAULTS, ...definedOnly(options) };
    const maxKernels = this.options.maxKernels;
    if (!Number.isInteger(maxKernels) || maxKernels < 50) {
      throw new ToolError('invalid_argument', `sampler "${name}" option "maxKernels" must be an integer ≥ 50, got ${JSON.stringify(maxKernels)}`, {
        details: { sampler: name, option: 'maxKernels', value: maxKernels },
      });
    }
    this.rng = createRng(options.seed ?? Date.now());
    this.random = new RandomSampler({ seed: this.rng.int(0, 2 ** 31 - 1) });
  }

  private gamma(n: number): number {
    const gamma = this.options.gamma;
    if (gamma === 'hyperopt') return Math.min(Math.ceil(0.25 * Math.sqrt(n)), 25);
    return Math.min(Math.ceil((typeof gamma === 'number' ? gamma : 0.1) * n), 25);
  }

  inferRelativeSearchSpace(study: SamplerStudyView): Record<string, Distribution> {
    if (!this.options.multivariate) return {};
    if (!this.options.group) return this.spaces.intersection(study);
    return Object.assign({}, ...this.spaces.groupDecomposed(study));
  }

  sampleRelative(study: SamplerStudyView, _trial: Trial, space: Record<string, Distribution>): Params {
    if (!this.options.group) return this.sampleJoint(study, space, true) ?? {};
    const out: Params = {};
    for (const group of this.spaces.groupDecomposed(study)) {
      const subspace = Object.fromEntries(Object.entries(group).filter(([name]) => name in space));
      if (Object.keys(subspace).length > 0) Object.assign(out, this.sampleJoint(study, subspace, true) ?? {});
    }
    return out;
  }

  sampleIndependent(study: SamplerStudyView, trial: Trial, name: string, distribution: Distribution): ParamValue {
    const sampled = this.sampleJoint(study, { [name]: distribution }, false);
    return sampled ? sampled[name]! : this.random.sampleIndependent(study, trial, name, distribution);
  }

  /** One TPE step over `space`; null while fewer than nStartupTrials observations exist. */
  private sampleJoint(study: SamplerStudyView, space: Record<string, Distribution>, requireAll: boolean): Params | null {
    const names = Object.keys(space);
    const split = requireAll ? this.split(study, names, true) : this.univariateSplit(study);
    if (split === null) return null;
    const { below, above } = split;
    const columns = names.map((name) => split.column(name));
    const estimator = (indices: readonly number[], weights: readonly number[] | null) => {
      const values: number[][] = names.map(() => []);
      const kept: number[] = [];
      for (const [k, i] of indices.entries()) {
        // Observations lacking a parameter (conditional, univariate mode) are left out, as Optuna does.
        if (columns.some((column) => column[i] === null)) continue;
        columns.forEach((column, p) => values[p]!.push(column[i]!));
        if (weights) kept.push(weights[k]!);
      }
      return new ParzenEstimator(Object.fromEntries(names.map((name, p) => [name, values[p]!])), space, parzen, weights ? kept : undefined);
    };
    const parzen = {
      ...this.options,
      multivariate: this.options.multivariate || this.options.bandwidth === 'scott',
      unscaledKernels: this.options.density === 'optuna3',
    };
    const lower = estimator(below, null);
    const upper = estimator(above.indices, above.weights);
    const candidates = lower.sample(this.rng, this.options.nEiCandidates);
    const l = lower.logPdf(candidates);
    const g = upper.logPdf(candidates);
    let best = 0;
    for (let i = 1; i < candidates.length; i++) if (l[i]! - g[i]! > l[best]! - g[best]!) best = i;
    const chosen = candidates[best]!;
    return Object.fromEntries(names.map((name) => [name, fromInternal(space[name]!, chosen[name]!)]));
  }

  private split(study: SamplerStudyView, names: string[], requireAll: boolean): Split | null {
    const ledger = !requireAll && !this.options.constantLiar && study.directions.length === 1 && study.constraintCount === 0 ? this.ledger.sync(study) : null;
    if (ledger) {
      const n = ledger.length;
      if (n < this.options.nStartupTrials) return null;
      const below = this.ledger.best(this.gamma(n));
      return { below, above: chooseAbove(n, below, this.options.maxKernels), column: (name) => this.ledger.column(name) };
    }
    const observations = collectObservations(study, names, { requireAll, constantLiar: this.options.constantLiar, cache: this.observed, withValues: false });
    const n = observations.scores.length;
    if (n < this.options.nStartupTrials) return null;
    const { below } = splitObservations(observations, this.gamma(n), study.constraintCount > 0);
    const above = chooseAbove(n, below, this.options.maxKernels);
    // Values only where the estimators read them (the best and the kept "above" observations), not for every trial.
    const column = (name: string) => {
      const values = new Array<number | null>(n);
      for (const i of [...below, ...above.indices]) values[i] = internalValue(observations.trials[i]!, name);
      return values;
    };
    return { below, above, column };
  }

  /**
   * In univariate mode every parameter shares the same scores and split (trials lacking a parameter still count),
   * so it is computed once per set of trials (one `ask`) and reused for each parameter.
   */
  private univariateSplit(study: SamplerStudyView): Split | null {
    const trials = study.trials();
    if (this.cache?.trials === trials) return this.cache.split;
    const split = this.split(study, [], false);
    this.cache = { trials, split };
    return split;
  }
}

interface Split {
  /** Indices into the observed trials (in number order) of the best ones, ascending. */
  below: number[];
  /** The rest, thinned to `maxKernels` kernels with their weights (null: all, default weights; kernel-budget.ts). */
  above: { indices: number[]; weights: number[] | null };
  /** Each observed trial's internal value of a parameter (null when it lacks it). */
  column(name: string): readonly (number | null)[];
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
