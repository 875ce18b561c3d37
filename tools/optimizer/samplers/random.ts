import { createRng, type Rng } from '../../common/rng.ts';
import type { Distribution, ParamValue, Params, Sampler } from '../types.ts';
import { fromUnit } from './draw.ts';

export interface RandomSamplerOptions {
  seed?: number;
}

/** Independent draws from each parameter's prior (Optuna's RandomSampler, hyperopt's rand.suggest). */
export class RandomSampler implements Sampler {
  readonly name = 'random';
  private rng: Rng;

  constructor(options: RandomSamplerOptions = {}) {
    this.rng = createRng(options.seed ?? Date.now());
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Params {
    return {};
  }

  sampleIndependent(_study: unknown, _trial: unknown, _name: string, distribution: Distribution): ParamValue {
    return fromUnit(distribution, this.rng.next());
  }
}
