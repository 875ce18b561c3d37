/** Literal study views for the chart tests: deterministic trials (a small LCG, no Math.random). */
import type { ChartStudy, TrialViewJson } from '../../../tools/charts/types.ts';

export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function singleStudy(name = 'branin study'): ChartStudy {
  return { id: 'st_single', name, objectives: [{ metric: 'loss', direction: 'minimize' }], pareto: [], recommended: null };
}

/** `count` trials of a 1-objective study: values falling over time with noise, every 10th pruned with intermediate values. */
export function singleTrials(count: number, seed = 1): TrialViewJson[] {
  const rand = lcg(seed);
  return Array.from({ length: count }, (_, number) => {
    const pruned = number % 10 === 9;
    const value = 100 / (1 + number / 10) + rand() * 20;
    const steps: [number, number][] = number < 60 ? Array.from({ length: pruned ? 3 : 8 }, (_, s) => [s, value * (2 - s / 8)]) : [];
    return {
      number,
      state: pruned ? 'pruned' : 'complete',
      values: pruned ? null : [value],
      params: { lr: 10 ** (-5 + rand() * 4), depth: 1 + Math.floor(rand() * 10), optimizer: rand() < 0.5 ? 'adam' : 'sgd' },
      intermediate: steps,
      startedAt: number * 1000,
      finishedAt: number * 1000 + 500,
    } satisfies TrialViewJson;
  });
}

/** A 2-objective study (latency min, throughput max) with its front computed here by brute force. */
export function twoObjectiveStudy(count: number, seed = 2): { study: ChartStudy; trials: TrialViewJson[] } {
  const rand = lcg(seed);
  const trials: TrialViewJson[] = Array.from({ length: count }, (_, number) => {
    const workers = 1 + Math.floor(rand() * 16);
    const latency = 5 + workers * 2 + rand() * 20;
    const rps = workers * 100 - rand() * 300;
    return { number, state: 'complete', values: [latency, rps], params: { workers, batch: 2 ** Math.floor(rand() * 6) }, intermediate: [], startedAt: 0, finishedAt: 1 };
  });
  const dominated = (a: TrialViewJson, b: TrialViewJson) =>
    b.values![0]! <= a.values![0]! && b.values![1]! >= a.values![1]! && (b.values![0]! < a.values![0]! || b.values![1]! > a.values![1]!);
  const pareto = trials.filter((t) => !trials.some((o) => dominated(t, o))).map((t) => t.number);
  const study: ChartStudy = {
    id: 'st_two',
    name: 'latency vs throughput',
    objectives: [{ metric: 'latency_ms', direction: 'minimize' }, { metric: 'rps', direction: 'maximize' }],
    pareto,
    recommended: pareto[Math.floor(pareto.length / 2)] ?? null,
  };
  return { study, trials };
}
