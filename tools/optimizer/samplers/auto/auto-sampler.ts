/**
 * The `auto` sampler (the agent's default): delegates each trial to the sampler the rules in `auto-rules.ts`
 * pick for the study as it stands (GP-BO early on small numeric spaces, TPE for conditional/categorical
 * spaces, CMA-ES late on continuous spaces, GP with ParEGO/qParEGO, MOTPE or NSGA-II for several objectives).
 * The choice for a trial is made once, at its first call, and remembered, so the three calls of one ask agree.
 * Sub-samplers are created lazily with seeds derived from auto's seed; the same seed gives the same trials.
 */
import type { Distribution, ParamValue, Params, Sampler, SamplerStudyView, Trial } from '../../types.ts';
import { createSampler, hasSampler } from '../registry.ts';
import { CmaEsSampler } from '../cmaes/cmaes-sampler.ts';
import { GpSampler } from '../gp/gp-sampler.ts';
import { Nsga2Sampler } from '../nsga2/nsga2-sampler.ts';
import { decide, defaultAutoLimits, studyShape, type AutoChoice, type AutoDecision, type AutoLimits } from './auto-rules.ts';
import { checkSamplerOptions } from '../gp/sampler-options.ts';
import { FinishedCount } from './finished-count.ts';

export interface AutoOptions {
  seed: number;
  limits?: Partial<AutoLimits>;
}

const SEED_OFFSETS: Record<AutoChoice, number> = { gp: 1, cmaes: 2, tpe: 3, nsga2: 4, motpe: 5, random: 6 };

export class AutoSampler implements Sampler {
  readonly name = 'auto';
  private readonly seed: number;
  private readonly limits: AutoLimits;
  private readonly samplers = new Map<AutoChoice, Sampler>();
  private readonly choices = new Map<string, AutoDecision>();
  private readonly finished = new FinishedCount();

  constructor(options: AutoOptions) {
    checkSamplerOptions('auto', options, { limits: { kind: 'object' } });
    this.seed = options.seed;
    this.limits = { ...defaultAutoLimits, ...options.limits };
  }

  /** What auto would use for the next trial of `study`, and why. */
  decision(study: SamplerStudyView): AutoDecision {
    return decide(studyShape(study, this.finished.of(study)), this.limits, (name) => hasSampler(name));
  }

  /** The sampler that handled (or will handle) `trial`. */
  choiceFor(study: SamplerStudyView, trial: Trial): AutoDecision {
    let choice = this.choices.get(trial.id);
    if (!choice) {
      choice = this.decision(study);
      this.choices.set(trial.id, choice);
      if (this.choices.size > 10_000) this.choices.delete(this.choices.keys().next().value!);
    }
    return choice;
  }

  beforeTrial(study: SamplerStudyView, trial: Trial): void {
    this.delegate(study, trial).beforeTrial?.(study, trial);
  }

  inferRelativeSearchSpace(study: SamplerStudyView, trial: Trial): Record<string, Distribution> {
    return this.delegate(study, trial).inferRelativeSearchSpace(study, trial);
  }

  sampleRelative(study: SamplerStudyView, trial: Trial, space: Record<string, Distribution>): Params {
    return this.delegate(study, trial).sampleRelative(study, trial, space);
  }

  sampleIndependent(study: SamplerStudyView, trial: Trial, name: string, distribution: Distribution): ParamValue {
    return this.delegate(study, trial).sampleIndependent(study, trial, name, distribution);
  }

  afterTrial(study: SamplerStudyView, trial: Trial): void {
    for (const sampler of this.samplers.values()) sampler.afterTrial?.(study, trial);
    this.choices.delete(trial.id);
  }

  private delegate(study: SamplerStudyView, trial: Trial): Sampler {
    const { sampler } = this.choiceFor(study, trial);
    let instance = this.samplers.get(sampler);
    if (!instance) {
      const seed = (this.seed + SEED_OFFSETS[sampler] * 7919) >>> 0;
      instance = sampler === 'gp' ? new GpSampler({ seed })
        : sampler === 'cmaes' ? new CmaEsSampler({ seed, warmStart: true })
        : sampler === 'nsga2' ? new Nsga2Sampler({ seed })
        : createSampler(sampler, { seed });
      this.samplers.set(sampler, instance);
    }
    return instance;
  }
}
