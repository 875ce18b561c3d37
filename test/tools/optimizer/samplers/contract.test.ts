import { createSampler, samplerNames } from '../../../../tools/optimizer/samplers/index.ts';
import { samplerContract } from '../../../support/sampler-contract.ts';

// Every registered sampler passes the shared contract. Samplers for several objectives only run with two.
const multiObjectiveOnly = new Set(['nsga2', 'motpe']);
// The grid sampler needs explicit values for the contract spaces' continuous parameters.
const grid = { x: [-5, 0, 2.5], lr: [1e-4, 1e-2], stepped: [0, 0.5], n: [100, 550], qlog: [2, 4], units: [1, 20], width: [2, 64], even: [0, 10], r: [0, 6], g: [-1, 1], qg: [9.5, 10], ln: [0.5, 2], qln: [6, 8], C: [0.01, 10], shared: [0.1, 0.9] };

for (const name of samplerNames()) {
  samplerContract(name, (seed) => createSampler(name, name === 'grid' ? { seed, grid } : { seed }), {
    objectives: multiObjectiveOnly.has(name) ? 2 : 1,
  });
}
