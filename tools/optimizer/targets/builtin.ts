import { createRng } from '../../common/rng.ts';
import { ToolError } from '../../common/errors.ts';
import type { Params, Target, TargetSpec } from '../types.ts';
import { builtinProblemNames, getBuiltinProblem } from './builtin-problems.ts';

/**
 * `{"kind":"builtin","problem":"branin","dims"?:5,"noise"?:0.1}`: a standard test function evaluated
 * in-process on params x0..x{d-1}. `noise` adds Gaussian noise with that standard deviation (seeded).
 */
export function createBuiltinTarget(spec: TargetSpec): Target {
  const options = spec as { problem?: unknown; dims?: unknown; noise?: unknown; seed?: unknown };
  const problem = typeof options.problem === 'string' ? getBuiltinProblem(options.problem) : null;
  if (!problem) {
    throw new ToolError('invalid_argument', `unknown builtin problem ${JSON.stringify(options.problem)}; known: ${builtinProblemNames().join(', ')}`, {
      details: { problem: options.problem ?? null, known: builtinProblemNames() },
    });
  }
  const dims = typeof options.dims === 'number' ? options.dims : problem.defaultDims;
  if (problem.fixedDims !== null && dims !== problem.fixedDims) {
    throw new ToolError('invalid_argument', `${problem.name} is ${problem.fixedDims}-dimensional, got dims=${dims}`, { details: { dims } });
  }
  if (!Number.isInteger(dims) || dims < problem.minDims) {
    throw new ToolError('invalid_argument', `dims must be an integer >= ${problem.minDims} for ${problem.name}, got ${dims}`, { details: { dims } });
  }
  const noise = typeof options.noise === 'number' ? options.noise : 0;
  const rng = createRng(typeof options.seed === 'number' ? options.seed : 0);
  const names = problem.metrics(dims);
  return {
    kind: 'builtin',
    async evaluate(params: Params) {
      const x = Array.from({ length: dims }, (_, i) => {
        const value = params[`x${i}`];
        if (typeof value !== 'number') throw new Error(`${problem.name} needs numeric parameter x${i}, got ${JSON.stringify(value ?? null)}`);
        return value;
      });
      const values = problem.evaluate(x);
      return Object.fromEntries(names.map((name, i) => [name, values[i]! + (noise > 0 ? noise * rng.normal() : 0)]));
    },
  };
}
