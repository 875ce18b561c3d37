/**
 * Sampler registry: a name → factory table. Core registers random, grid, qmc and tpe (plus tpe variants);
 * the advanced samplers (gp, cmaes, nsga2, motpe, auto) add one `registerSampler` line each in
 * `samplers/index.ts`. Unknown names give an error listing the known ones.
 */
import { ToolError } from '../../common/errors.ts';
import type { Sampler } from '../types.ts';

export interface SamplerFactoryOptions {
  seed: number;
  /** Free-form options from the study spec's `samplerOptions`. */
  [option: string]: unknown;
}

export type SamplerFactory = (options: SamplerFactoryOptions) => Sampler;

const factories = new Map<string, SamplerFactory>();

export function registerSampler(name: string, factory: SamplerFactory): void {
  factories.set(name, factory);
}

export function samplerNames(): string[] {
  return [...factories.keys()].sort();
}

export function hasSampler(name: string): boolean {
  return factories.has(name);
}

export function createSampler(name: string, options: SamplerFactoryOptions): Sampler {
  const factory = factories.get(name);
  if (!factory) {
    throw new ToolError('invalid_argument', `unknown sampler "${name}"; known samplers: ${samplerNames().join(', ')}`, {
      details: { sampler: name, known: samplerNames() },
    });
  }
  return factory(options);
}
