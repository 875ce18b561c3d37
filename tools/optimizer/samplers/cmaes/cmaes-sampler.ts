/**
 * CMA-ES sampler with IPOP restarts (Auger & Hansen 2005: on stagnation, restart from a random mean with a
 * doubled population) and the integer margin of CMA-ES with Margin (Hamano et al. 2022) for int/step/q
 * parameters. Numeric parameters (float, int, normal) are sampled jointly on the unit cube (log parameters in
 * log space, normal ones through their CDF); categorical and conditional parameters fall back to independent
 * random sampling, as Optuna's CmaEsSampler does.
 * Each trial belongs to the generation that was current when it was asked; a generation is told once λ of its
 * trials are complete (failed ones are replaced by new asks). The sampler's state lives in memory: a study resumed
 * after a restart starts a new run from its best trial. With `warmStart` (used by `auto` when it switches
 * to CMA-ES late in a study) the first mean is the best trial so far and σ₀ is smaller.
 */
import type { Distribution, ParamValue, Params, Sampler, SamplerStudyView, Trial } from '../../types.ts';
import { nonDominatedSort } from '../../analysis/pareto.ts';
import { nameHash, observations, observationsOf, unconditionalSpace, type Observation } from '../gp/observations.ts';
import { randomValue, trialRng } from '../gp/random-value.ts';
import { SpaceEncoding, fromUnit, toUnit } from '../gp/space-encoding.ts';
import { CmaState, type CellBounds } from './cma-state.ts';
import { checkSamplerOptions } from '../gp/sampler-options.ts';

export interface CmaEsOptions {
  seed: number;
  /** Initial population λ; default 4 + ⌊3 ln n⌋. */
  populationSize?: number;
  /** Initial step size on the unit cube; default 1/6 (1/10 with warmStart). */
  sigma0?: number;
  /** Start from the best complete trial instead of the centre of the space. */
  warmStart?: boolean;
  /** IPOP population growth factor per restart; default 2. */
  populationGrowth?: number;
  /** Maximum number of restarts; default unlimited. */
  maxRestarts?: number;
}

interface Member {
  run: number;
  generation: number;
  number: number;
  x: Float64Array;
}

export class CmaEsSampler implements Sampler {
  readonly name = 'cmaes';
  private readonly options: CmaEsOptions;
  private state: CmaState | null = null;
  private spaceKey = '';
  private encoding: SpaceEncoding | null = null;
  private run = 0;
  private lambda = 0;
  private readonly members = new Map<string, Member>();

  constructor(options: CmaEsOptions) {
    checkSamplerOptions('cmaes', options, {
      populationSize: { kind: 'int', min: 2 }, sigma0: { kind: 'number', min: 0, max: 1, exclusiveMin: true }, warmStart: { kind: 'boolean' },
      populationGrowth: { kind: 'number', min: 1 }, maxRestarts: { kind: 'int', min: 0 },
    });
    this.options = options;
  }

  inferRelativeSearchSpace(study: SamplerStudyView): Record<string, Distribution> {
    const space: Record<string, Distribution> = {};
    for (const [name, d] of Object.entries(unconditionalSpace(study))) if (d.type !== 'categorical') space[name] = d;
    return space;
  }

  sampleRelative(study: SamplerStudyView, trial: Trial, space: Record<string, Distribution>): Params {
    const key = Object.keys(space).sort().join('\u0000');
    if (key === '') return {};
    if (key !== this.spaceKey || !this.state || !this.encoding) {
      this.spaceKey = key;
      this.encoding = new SpaceEncoding(space);
      this.run = 0;
      this.members.clear();
      this.state = this.start(study, this.encoding, false);
    }
    this.tell(study, this.encoding);
    const x = this.state.sample(trialRng(this.options.seed, trial.number, 5));
    this.members.set(trial.id, { run: this.run, generation: this.state.generation, number: trial.number, x });
    return this.encoding.decode(x);
  }

  sampleIndependent(_study: SamplerStudyView, trial: Trial, name: string, distribution: Distribution): ParamValue {
    return randomValue(distribution, trialRng(this.options.seed, trial.number, nameHash(name)));
  }

  private start(study: SamplerStudyView, encoding: SpaceEncoding, restart: boolean): CmaState {
    const n = encoding.dimension;
    const base = this.options.populationSize ?? 4 + Math.floor(3 * Math.log(n));
    this.lambda = restart ? this.lambda * (this.options.populationGrowth ?? 2) : base;
    let mean: Float64Array = new Float64Array(n).fill(0.5);
    let sigma = this.options.sigma0 ?? 1 / 6;
    if (restart) {
      const rng = trialRng(this.options.seed, this.run, 6);
      mean = mean.map(() => rng.next());
    } else {
      // Warm start when asked (auto), or when the study already holds a generation's worth of complete trials this
      // instance never saw (a study resumed after a restart, or enqueued configurations): start at the best one.
      const ranked = rank(observations(study));
      const best = ranked.length > 0 ? encoding.encode(ranked[0]!.trial.params) : null;
      if (best && (this.options.warmStart || ranked.length >= this.lambda)) {
        mean = best;
        sigma = this.options.sigma0 ?? 0.1;
      }
    }
    return new CmaState({ mean, sigma, lambda: this.lambda });
  }

  /** Feeds a complete generation to the CMA state; restarts (IPOP) when it has converged or stalled. */
  private tell(study: SamplerStudyView, encoding: SpaceEncoding): void {
    const state = this.state!;
    // Only this generation's trials are read (by number), not every trial of the study: O(λ) per ask.
    const current = [...this.members.values()].filter((m) => m.run === this.run && m.generation === state.generation);
    const done = observationsOf(study, current.map((m) => m.number).sort((a, b) => a - b)).filter((o) => this.members.has(o.trial.id));
    if (done.length < state.lambda) return;
    const ranked = rank(done.slice(0, state.lambda));
    state.update(ranked.map((o) => this.members.get(o.trial.id)!.x), ranked[0]!.values[0]!, cellBounds(encoding));
    // Members of told generations are never read again (late trials of an old generation are ignored).
    for (const [id, m] of this.members) if (m.run !== this.run || m.generation < state.generation) this.members.delete(id);
    if (state.shouldRestart() && this.run < (this.options.maxRestarts ?? Infinity)) {
      this.run++;
      this.state = this.start(study, encoding, true);
    }
  }
}

/** Best first: feasible before infeasible (by violation), then by non-domination rank, then by the objective sum. */
function rank(list: Observation[]): Observation[] {
  const fronts = nonDominatedSort(list.map((o) => o.values), list.map((o) => o.violation));
  const level = new Map<Observation, number>();
  fronts.forEach((front, r) => front.forEach((i) => level.set(list[i]!, r)));
  const sum = (o: Observation) => o.values.reduce((s, v) => s + v, 0);
  return [...list].sort((a, b) => level.get(a)! - level.get(b)! || sum(a) - sum(b) || a.trial.number - b.trial.number);
}

/** Grid-cell thresholds (unit space) of discrete coordinates, for the integer margin. */
function cellBounds(encoding: SpaceEncoding): CellBounds | null {
  const discrete = encoding.params.map((p) => gridStep(p.distribution));
  if (discrete.every((g) => g === null)) return null;
  return (j, u) => {
    const step = discrete[j];
    if (step === null || step === undefined) return null;
    const d = encoding.params[j]!.distribution;
    const value = fromUnit(d, u) as number;
    const low = d.type === 'float' || d.type === 'int' ? d.low : -Infinity;
    const high = d.type === 'float' || d.type === 'int' ? d.high : Infinity;
    return {
      low: value - step >= low - 1e-12 ? toUnit(d, value - step / 2) : null,
      high: value + step <= high + 1e-12 ? toUnit(d, value + step / 2) : null,
    };
  };
}

function gridStep(d: Distribution): number | null {
  if (d.type === 'int') return d.step;
  if (d.type === 'float') return d.step ?? d.q;
  if (d.type === 'normal') return d.q;
  return null;
}
