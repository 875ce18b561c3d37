/**
 * NSGA-II (Deb, Pratap, Agarwal & Meyarivan 2002) as an ask/tell sampler.
 * Generation g covers trial numbers [g·P, (g+1)·P). Its parents are the best P of all complete trials numbered
 * below g·P (elitist (μ+λ) survival: constrained non-dominated rank, then crowding distance). Each child comes
 * from two binary tournaments, SBX crossover (numbers, on the unit cube, log parameters in log space) or
 * uniform crossover (categoricals), then polynomial mutation / random resetting. Generation 0 is random.
 * Deriving the generation from the trial number keeps the sampler stateless, so parallel and resumed
 * studies behave the same. Works for one objective too (then it is a plain elitist GA).
 */
import type { Distribution, ParamValue, Params, Sampler, SamplerStudyView, Trial } from '../../types.ts';
import type { Rng } from '../../../common/rng.ts';
import { crowdingDistance, nonDominatedSort } from '../../analysis/pareto.ts';
import { nameHash, observations, unconditionalSpace, type Observation } from '../gp/observations.ts';
import { randomValue, trialRng } from '../gp/random-value.ts';
import { toUnit, fromUnit } from '../gp/space-encoding.ts';
import { polynomialMutation, sbx } from './genetic-operators.ts';
import { checkSamplerOptions } from '../gp/sampler-options.ts';

export interface Nsga2Options {
  seed: number;
  /** Population size; default: budget/10 clamped to [10, 100], 50 without a budget. */
  populationSize?: number;
  /** Probability that a child is produced by crossover (else a copy of the first parent). Default 0.9. */
  crossoverProbability?: number;
  /** Per-coordinate mutation probability; default 1/(number of parameters). */
  mutationProbability?: number;
  /** SBX distribution index (default 15) and polynomial-mutation index (default 20). */
  etaCrossover?: number;
  etaMutation?: number;
}

interface Ranked {
  obs: Observation;
  rank: number;
  crowding: number;
}

export class Nsga2Sampler implements Sampler {
  readonly name = 'nsga2';
  private readonly options: Nsga2Options;
  private cache: { key: string; parents: Ranked[] } | null = null;

  constructor(options: Nsga2Options) {
    checkSamplerOptions('nsga2', options, {
      populationSize: { kind: 'int', min: 2 }, crossoverProbability: { kind: 'number', min: 0, max: 1 }, mutationProbability: { kind: 'number', min: 0, max: 1 },
      etaCrossover: { kind: 'number', min: 0 }, etaMutation: { kind: 'number', min: 0 },
    });
    this.options = options;
  }

  populationSize(study: SamplerStudyView): number {
    if (this.options.populationSize) return Math.max(2, Math.floor(this.options.populationSize));
    if (study.budget === null) return 50;
    return Math.min(100, Math.max(10, Math.round(study.budget / 10)));
  }

  inferRelativeSearchSpace(study: SamplerStudyView): Record<string, Distribution> {
    return unconditionalSpace(study);
  }

  sampleRelative(study: SamplerStudyView, trial: Trial, space: Record<string, Distribution>): Params {
    const names = Object.keys(space).sort();
    if (names.length === 0) return {};
    const size = this.populationSize(study);
    const generation = Math.floor(trial.number / size);
    if (generation === 0) return {};
    const parents = this.parents(study, generation * size, size);
    if (parents.length < 2) return {};
    const rng = trialRng(this.options.seed, trial.number, 1);
    const a = tournament(parents, rng).obs.trial.params;
    const b = tournament(parents, rng).obs.trial.params;
    const crossover = rng.next() < (this.options.crossoverProbability ?? 0.9);
    const mutation = this.options.mutationProbability ?? 1 / names.length;
    const child: Params = {};
    for (const name of names) {
      const d = space[name]!;
      const va = a[name];
      const vb = b[name];
      if (va === undefined || vb === undefined) {
        child[name] = randomValue(d, rng);
        continue;
      }
      child[name] = d.type === 'categorical'
        ? mixCategorical(d, va, vb, crossover, mutation, rng)
        : mixNumber(d, va as number, vb as number, { crossover, mutation, rng, etaC: this.options.etaCrossover ?? 15, etaM: this.options.etaMutation ?? 20 });
    }
    return child;
  }

  sampleIndependent(_study: SamplerStudyView, trial: Trial, name: string, distribution: Distribution): ParamValue {
    return randomValue(distribution, trialRng(this.options.seed, trial.number, nameHash(name)));
  }

  /** The parent population for trials numbered from `before`: best `size` complete trials numbered below it. */
  private parents(study: SamplerStudyView, before: number, size: number): Ranked[] {
    const pool = observations(study).filter((o) => o.trial.number < before);
    const key = `${before}:${pool.length}`;
    if (this.cache?.key === key) return this.cache.parents;
    const fronts = nonDominatedSort(pool.map((o) => o.values), pool.map((o) => o.violation));
    const chosen: Ranked[] = [];
    for (let rank = 0; rank < fronts.length && chosen.length < size; rank++) {
      const front = fronts[rank]!;
      const crowd = crowdingDistance(front.map((i) => pool[i]!.values));
      const members = front.map((i, k) => ({ obs: pool[i]!, rank, crowding: crowd[k]! }));
      if (chosen.length + members.length > size) members.sort((x, y) => y.crowding - x.crowding || x.obs.trial.number - y.obs.trial.number);
      chosen.push(...members.slice(0, size - chosen.length));
    }
    this.cache = { key, parents: chosen };
    return chosen;
  }
}

function tournament(parents: Ranked[], rng: Rng): Ranked {
  const a = parents[Math.floor(rng.next() * parents.length)]!;
  const b = parents[Math.floor(rng.next() * parents.length)]!;
  if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
  if (a.crowding !== b.crowding) return a.crowding > b.crowding ? a : b;
  return a.obs.trial.number <= b.obs.trial.number ? a : b;
}

function mixCategorical(d: Distribution, a: ParamValue, b: ParamValue, crossover: boolean, mutation: number, rng: Rng): ParamValue {
  let v = crossover && rng.next() < 0.5 ? b : a;
  if (rng.next() < mutation) v = randomValue(d, rng);
  return v;
}

function mixNumber(d: Distribution, a: number, b: number, o: { crossover: boolean; mutation: number; rng: Rng; etaC: number; etaM: number }): ParamValue {
  let u = toUnit(d, a);
  if (o.crossover && o.rng.next() < 0.5) u = sbx(u, toUnit(d, b), o.etaC, o.rng)[0];
  if (o.rng.next() < o.mutation) u = polynomialMutation(u, o.etaM, o.rng);
  return fromUnit(d, u);
}
