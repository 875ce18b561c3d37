import { createSampler, samplerNames } from '../../../../tools/optimizer/samplers/index.ts';
import { samplerContract } from '../../../support/sampler-contract.ts';

// Every registered sampler passes the shared contract. Samplers for several objectives only run with two.
const multiObjectiveOnly = new Set(['nsga2', 'motpe']);
for (const name of samplerNames()) {
  samplerContract(name, (seed) => createSampler(name, { seed }), { objectives: multiObjectiveOnly.has(name) ? 2 : 1 });
}
