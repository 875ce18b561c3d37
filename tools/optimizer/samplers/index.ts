/**
 * Registers every built-in sampler. Import samplers through this module (`createSampler`, `samplerNames`),
 * so the registry is complete. Advanced samplers (gp, cmaes, nsga2, motpe, auto) add one line each here.
 */
import { registerSampler } from './registry.ts';
import { RandomSampler } from './random.ts';

registerSampler('random', (options) => new RandomSampler(options));

export { createSampler, hasSampler, registerSampler, samplerNames } from './registry.ts';
export type { SamplerFactory, SamplerFactoryOptions } from './registry.ts';
