/**
 * Measurement for the advanced-sampler benchmark: runs studies with the in-memory driver and returns plain data
 * (log10 simple regret, hypervolume, sampler milliseconds). Presentation lives in report.ts.
 */
import { createSampler } from '../../tools/optimizer/samplers/index.ts';
import { hypervolume } from '../../tools/optimizer/analysis/hypervolume.ts';
import type { ParamDefinition } from '../../tools/optimizer/types.ts';
import { runSampler } from './sampler-driver.ts';
import type { MultiObjectiveProblem, SingleObjectiveProblem } from './problems.ts';

export const CHECKPOINTS = [50, 100, 200] as const;

export interface SeriesResult {
  problem: string;
  sampler: string;
  seeds: number;
  /** Per checkpoint, the per-seed values (log10 regret, or hypervolume). */
  values: number[][];
  /** Mean sampler ms per trial over the whole run, per seed. */
  msPerTrial: number[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function measureSingle(problem: SingleObjectiveProblem, sampler: string, seeds: number, trials: number): SeriesResult {
  const checkpoints = CHECKPOINTS.filter((c) => c <= trials);
  const values = checkpoints.map(() => [] as number[]);
  const msPerTrial: number[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const result = runSampler({ sampler: createSampler(sampler, { seed }), problem, trials });
    const ys = result.trials.map((t) => t.values?.[0] ?? Infinity);
    checkpoints.forEach((c, k) => values[k]!.push(Math.max(-12, Math.log10(Math.max(1e-12, Math.min(...ys.slice(0, c)) - problem.optimum)))));
    msPerTrial.push(result.samplerMs.reduce((s, v) => s + v, 0) / trials);
  }
  return { problem: problem.name, sampler, seeds, values, msPerTrial };
}

export function measureMulti(problem: MultiObjectiveProblem, sampler: string, seeds: number, trials: number): SeriesResult {
  const checkpoints = CHECKPOINTS.filter((c) => c <= trials);
  const values = checkpoints.map(() => [] as number[]);
  const msPerTrial: number[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const result = runSampler({ sampler: createSampler(sampler, { seed }), problem, trials });
    checkpoints.forEach((c, k) => values[k]!.push(hypervolume(result.trials.slice(0, c).filter((t) => t.values).map((t) => t.values!), problem.reference)));
    msPerTrial.push(result.samplerMs.reduce((s, v) => s + v, 0) / trials);
  }
  return { problem: problem.name, sampler, seeds, values, msPerTrial };
}

/**
 * Median sampler ms per trial (ask + tell) over the `window` trials before each count in `at`, trivial objective over
 * 5 floats: CPU time (user + system) and wall time.
 */
export function measureOverhead(sampler: string, objectives: 1 | 2, at: number[], window = 10): { cpu: number[]; wall: number[] } {
  const space: ParamDefinition[] = Array.from({ length: 5 }, (_, i) => ({ name: `x${i}`, distribution: { type: 'float', low: 0, high: 1, log: false, step: null, q: null }, condition: null }));
  const max = Math.max(...at);
  const result = runSampler({
    sampler: createSampler(sampler, { seed: 0 }),
    problem: { space, directions: objectives === 1 ? ['minimize'] : ['minimize', 'minimize'], evaluate: (p) => ({ values: objectives === 1 ? [Object.values(p).reduce<number>((s, v) => s + (v as number) ** 2, 0)] : [p['x0'] as number, 1 - (p['x0'] as number) + (p['x1'] as number)] }) },
    trials: max,
  });
  const pick = (series: number[]) => at.map((n) => median(series.slice(Math.max(0, n - window), n)));
  return { cpu: pick(result.samplerCpuMs), wall: pick(result.samplerMs) };
}
