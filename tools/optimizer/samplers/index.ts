/**
 * Registers every built-in sampler. Import samplers through this module (`createSampler`, `samplerNames`),
 * so the registry is complete. Advanced samplers (gp, cmaes, nsga2, motpe, auto) add one line each here.
 */
import { registerSampler } from './registry.ts';
import { RandomSampler } from './random.ts';
import { TpeSampler, type TpeOptions } from './tpe/sampler.ts';
import { GridSampler, type GridSamplerOptions } from './grid.ts';
import { QmcSampler } from './qmc.ts';
import { AutoSampler } from './auto/auto-sampler.ts';
import { CmaEsSampler } from './cmaes/cmaes-sampler.ts';
import { GpSampler } from './gp/gp-sampler.ts';
import { Nsga2Sampler } from './nsga2/nsga2-sampler.ts';
import { MotpeSampler } from './motpe/motpe-sampler.ts';

/** Sampler options arrive from JSON specs in either snake_case or camelCase. */
function camelOptions(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
}

registerSampler('random', (options) => new RandomSampler(options));
registerSampler('grid', (options) => new GridSampler(camelOptions(options) as GridSamplerOptions));
registerSampler('qmc', (options) => new QmcSampler(camelOptions(options)));
registerSampler('tpe', (options) => new TpeSampler(camelOptions(options) as TpeOptions));
registerSampler('tpe-multivariate', (options) => new TpeSampler({ multivariate: true, group: true, ...(camelOptions(options) as TpeOptions) }, 'tpe-multivariate'));
registerSampler('gp', (options) => new GpSampler({ seed: options.seed, ...camelOptions(options) }));
registerSampler('cmaes', (options) => new CmaEsSampler({ seed: options.seed, ...camelOptions(options) }));
registerSampler('nsga2', (options) => new Nsga2Sampler({ seed: options.seed, ...camelOptions(options) }));
registerSampler('auto', (options) => new AutoSampler({ seed: options.seed, ...camelOptions(options) }));
registerSampler('motpe', (options) => new MotpeSampler({ seed: options.seed, ...camelOptions(options) }));

export { createSampler, hasSampler, registerSampler, samplerNames } from './registry.ts';
export type { SamplerFactory, SamplerFactoryOptions } from './registry.ts';
