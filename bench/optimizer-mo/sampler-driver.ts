/**
 * An in-memory ask/tell loop over a `Sampler`, following the protocol of `types.ts` (relative space →
 * sampleRelative → sampleIndependent for what is left → evaluate → afterTrial). Used by the sampler benchmarks
 * and the sampler tests; it measures the sampler's own time (ask + tell), not the objective's.
 * With `batch > 1`, `batch` trials are asked before any is told (they are visible as running: constant liar).
 */
import type { Direction, ParamDefinition, Params, Sampler, SamplerStudyView, Trial, TrialState } from '../../tools/optimizer/types.ts';

export interface DriverProblem {
  space: ParamDefinition[];
  directions: Direction[];
  constraintCount?: number;
  /** Objective values (and constraint violations, 0 = satisfied). Throwing marks the trial failed. */
  evaluate(params: Params): { values: number[]; violations?: number[] };
}

export interface DriverResult {
  trials: Trial[];
  /** Wall-clock milliseconds the sampler spent per trial (ask + tell). */
  samplerMs: number[];
  /** CPU milliseconds (user + system) of the same, less sensitive to other load on the machine. */
  samplerCpuMs: number[];
}

export function runSampler(options: { sampler: Sampler; problem: DriverProblem; trials: number; batch?: number; budget?: number | null }): DriverResult {
  const { sampler, problem } = options;
  const all: Trial[] = [];
  const view: SamplerStudyView = {
    studyId: 'bench',
    directions: problem.directions,
    space: problem.space,
    constraintCount: problem.constraintCount ?? 0,
    budget: options.budget === undefined ? options.trials : options.budget,
    trials: (states?: readonly TrialState[]) => (states ? all.filter((t) => states.includes(t.state)) : all),
  };
  const samplerMs: number[] = [];
  const samplerCpuMs: number[] = [];
  const cpuMs = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const batch = Math.max(1, options.batch ?? 1);
  while (all.length < options.trials) {
    const asked: Trial[] = [];
    for (let b = 0; b < batch && all.length < options.trials; b++) {
      const started = performance.now();
      const startedCpu = cpuMs();
      const trial = newTrial(all.length);
      all.push(trial);
      sampler.beforeTrial?.(view, trial);
      const relative = sampler.inferRelativeSearchSpace(view, trial);
      const params = sampler.sampleRelative(view, trial, relative);
      for (const def of problem.space) {
        if (def.condition && trial.params[def.condition.param] !== def.condition.equals && params[def.condition.param] !== def.condition.equals) continue;
        const value = def.name in params ? params[def.name]! : sampler.sampleIndependent(view, trial, def.name, def.distribution);
        trial.params[def.name] = value;
        trial.distributions[def.name] = def.distribution;
      }
      samplerMs.push(performance.now() - started);
      samplerCpuMs.push(cpuMs() - startedCpu);
      asked.push(trial);
    }
    for (const trial of asked) {
      try {
        const result = problem.evaluate(trial.params);
        trial.values = result.values;
        trial.constraintViolations = result.violations ?? (problem.constraintCount ? new Array(problem.constraintCount).fill(0) : null);
        trial.state = 'complete';
      } catch (error) {
        trial.state = 'failed';
        trial.error = String(error);
      }
      trial.completedAt = Date.now();
      const started = performance.now();
      const startedCpu = cpuMs();
      sampler.afterTrial?.(view, trial);
      samplerMs[trial.number]! += performance.now() - started;
      samplerCpuMs[trial.number]! += cpuMs() - startedCpu;
    }
  }
  return { trials: all, samplerMs, samplerCpuMs };
}

function newTrial(number: number): Trial {
  return {
    id: `t${number}`, studyId: 'bench', number, state: 'running', params: {}, distributions: {}, values: null, metrics: {},
    intermediate: {}, constraintViolations: null, userAttrs: {}, systemAttrs: {}, attempt: 1, error: null,
    createdAt: Date.now(), startedAt: Date.now(), completedAt: null,
  };
}
