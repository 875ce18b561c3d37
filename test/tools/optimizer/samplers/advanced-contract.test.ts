import { samplerContract } from '../../../support/sampler-contract.ts';
import { GpSampler } from '../../../../tools/optimizer/samplers/gp/gp-sampler.ts';
import { Nsga2Sampler } from '../../../../tools/optimizer/samplers/nsga2/nsga2-sampler.ts';
import { CmaEsSampler } from '../../../../tools/optimizer/samplers/cmaes/cmaes-sampler.ts';

samplerContract('gp', (seed) => new GpSampler({ seed, candidates: 128 }), { trials: 20 });
samplerContract('gp (2 objectives)', (seed) => new GpSampler({ seed, candidates: 128 }), { trials: 20, objectives: 2 });
samplerContract('nsga2', (seed) => new Nsga2Sampler({ seed, populationSize: 6 }), { trials: 30, objectives: 2 });
samplerContract('nsga2 (1 objective)', (seed) => new Nsga2Sampler({ seed, populationSize: 6 }), { trials: 30 });
samplerContract('cmaes', (seed) => new CmaEsSampler({ seed }), { trials: 30 });
samplerContract('cmaes (warm start)', (seed) => new CmaEsSampler({ seed, warmStart: true, populationSize: 4 }), { trials: 30 });
samplerContract('gp (2 objectives, qparego)', (seed) => new GpSampler({ seed, candidates: 128, multiObjective: 'qparego' }), { trials: 20, objectives: 2 });
samplerContract('gp (2 objectives, parego)', (seed) => new GpSampler({ seed, candidates: 128, multiObjective: 'parego' }), { trials: 20, objectives: 2 });
