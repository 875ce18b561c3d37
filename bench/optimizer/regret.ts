/**
 * Regret measurement as in ANCHORS.md §1: one study of `trials` trials per seed; the regret at budget B is
 * log10(best of the first B trials − f*), floored at −12. In-memory storage, sequential ask/tell.
 */
import { InMemoryStorage } from '../../tools/optimizer/in-memory-storage.ts';
import { createSampler } from '../../tools/optimizer/samplers/index.ts';
import { Study } from '../../tools/optimizer/study.ts';
import { builtinSpace, getBuiltinProblem } from '../../tools/optimizer/targets/builtin-problems.ts';

export interface RegretRun {
  sampler: string;
  problem: string;
  seed: number;
  /** log10 regret at each budget. */
  regrets: number[];
  seconds: number;
}

export function measureRegret(options: { sampler: string; problem: string; seed: number; trials: number; budgets: number[] }): RegretRun {
  const problem = getBuiltinProblem(options.problem)!;
  const dims = problem.defaultDims;
  const optimum = problem.optimum(dims)!;
  const storage = new InMemoryStorage();
  storage.createStudy({
    id: 'bench', name: 'bench', sessionId: null, status: 'running', createdAt: 0, updatedAt: 0,
    spec: { space: builtinSpace(problem, dims), objectives: [{ metric: 'value', direction: 'minimize' }], target: { kind: 'builtin', problem: problem.name }, budget: { trials: options.trials } },
  });
  const study = new Study({ storage, record: storage.getStudy('bench')!, sampler: createSampler(options.sampler, { seed: options.seed }) });
  const started = performance.now();
  let best = Infinity;
  const bestAt: number[] = [];
  for (let i = 0; i < options.trials; i++) {
    const trial = study.ask();
    const x = Array.from({ length: dims }, (_, j) => trial.params[`x${j}`] as number);
    const value = problem.evaluate(x)[0]!;
    study.tell(trial.number, { values: [value] });
    best = Math.min(best, value);
    bestAt.push(best);
  }
  const regrets = options.budgets.map((b) => Math.max(-12, Math.log10(Math.max(bestAt[b - 1]! - optimum, 1e-300))));
  return { sampler: options.sampler, problem: problem.name, seed: options.seed, regrets, seconds: (performance.now() - started) / 1000 };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
