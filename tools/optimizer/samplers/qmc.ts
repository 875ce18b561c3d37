/**
 * Quasi-random sampling with a scrambled Halton sequence (Halton 1960; random digit permutations per dimension
 * and digit position, in the spirit of Owen 2017, "A randomized Halton algorithm in R"). Trial n takes point n of
 * the sequence, so the points cover the space far more evenly than random draws. Every flattened parameter,
 * conditional ones included, gets its own dimension; points map onto distributions by their priors (inverse
 * CDF). Scrambling is seeded, so the same seed gives the same points.
 */
import { createRng } from '../../common/rng.ts';
import type { Distribution, ParamValue, Params, Sampler, SamplerStudyView, Trial } from '../types.ts';
import { fromUnit } from './draw.ts';

const DIGITS = 24;

function primes(count: number): number[] {
  const out: number[] = [];
  for (let n = 2; out.length < count; n++) if (out.every((p) => n % p !== 0)) out.push(n);
  return out;
}

export interface QmcSamplerOptions {
  seed?: number;
  /** Skip this many initial points (0: start at the first). */
  skip?: number;
}

export class QmcSampler implements Sampler {
  readonly name = 'qmc';
  private readonly seed: number;
  private readonly skip: number;
  private bases: number[] = [];
  private permutations: Uint16Array[][] = [];

  constructor(options: QmcSamplerOptions = {}) {
    this.seed = options.seed ?? Date.now();
    this.skip = options.skip ?? 0;
  }

  private ensure(dims: number): void {
    if (this.bases.length >= dims) return;
    this.bases = primes(dims);
    const rng = createRng(this.seed);
    this.permutations = this.bases.map((base) =>
      Array.from({ length: DIGITS }, () => {
        const perm = Uint16Array.from({ length: base }, (_, i) => i);
        for (let i = base - 1; i > 0; i--) {
          const j = rng.int(0, i);
          [perm[i], perm[j]] = [perm[j]!, perm[i]!];
        }
        return perm;
      }),
    );
  }

  /** Coordinate `dim` of point `index` in [0, 1). */
  point(index: number, dim: number, dims: number): number {
    this.ensure(dims);
    const base = this.bases[dim]!;
    const perms = this.permutations[dim]!;
    let n = index;
    let scale = 1 / base;
    let x = 0;
    for (let digit = 0; digit < DIGITS; digit++) {
      x += perms[digit]![n % base]! * scale;
      n = Math.floor(n / base);
      scale /= base;
    }
    return Math.min(x, 1 - 1e-16);
  }

  inferRelativeSearchSpace(study: SamplerStudyView): Record<string, Distribution> {
    return Object.fromEntries(study.space.map((d) => [d.name, d.distribution]));
  }

  sampleRelative(study: SamplerStudyView, trial: Trial, space: Record<string, Distribution>): Params {
    const dims = study.space.length;
    const out: Params = {};
    study.space.forEach((definition, dim) => {
      if (definition.name in space) out[definition.name] = fromUnit(definition.distribution, this.point(trial.number + this.skip, dim, dims));
    });
    return out;
  }

  sampleIndependent(study: SamplerStudyView, trial: Trial, name: string, distribution: Distribution): ParamValue {
    const dim = Math.max(0, study.space.findIndex((d) => d.name === name));
    return fromUnit(distribution, this.point(trial.number + this.skip, dim, study.space.length));
  }
}
