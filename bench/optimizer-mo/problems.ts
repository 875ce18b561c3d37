/**
 * Benchmark problems of the advanced-sampler benchmark: the multi-objective ZDT1, ZDT2 (Zitzler, Deb & Thiele
 * 2000; d = 6 on [0,1]^6) and DTLZ2 (Deb et al. 2005; 3 objectives, d = 6), and the five single-objective
 * problems of ANCHORS.md §1, with the reference points / optima the Optuna figures used.
 */
import type { ParamDefinition, Params } from '../../tools/optimizer/types.ts';
import type { DriverProblem } from './sampler-driver.ts';

function box(d: number, low: number, high: number): ParamDefinition[] {
  return Array.from({ length: d }, (_, i) => ({ name: `x${i}`, distribution: { type: 'float', low, high, log: false, step: null, q: null }, condition: null }));
}

function vector(params: Params, d: number): number[] {
  return Array.from({ length: d }, (_, i) => params[`x${i}`] as number);
}

export interface MultiObjectiveProblem extends DriverProblem {
  name: string;
  reference: number[];
  optimalHv: number;
}

function zdtG(x: number[]): number {
  return 1 + (9 * x.slice(1).reduce((s, v) => s + v, 0)) / (x.length - 1);
}

export const multiObjectiveProblems: MultiObjectiveProblem[] = [
  {
    name: 'zdt1', space: box(6, 0, 1), directions: ['minimize', 'minimize'], reference: [11, 11], optimalHv: 120.667,
    evaluate: (p) => { const x = vector(p, 6); const g = zdtG(x); return { values: [x[0]!, g * (1 - Math.sqrt(x[0]! / g))] }; },
  },
  {
    name: 'zdt2', space: box(6, 0, 1), directions: ['minimize', 'minimize'], reference: [11, 11], optimalHv: 120.333,
    evaluate: (p) => { const x = vector(p, 6); const g = zdtG(x); return { values: [x[0]!, g * (1 - (x[0]! / g) ** 2)] }; },
  },
  {
    name: 'dtlz2', space: box(6, 0, 1), directions: ['minimize', 'minimize', 'minimize'], reference: [1.1, 1.1, 1.1], optimalHv: 1.331 - Math.PI / 6,
    evaluate: (p) => {
      const x = vector(p, 6);
      const g = x.slice(2).reduce((s, v) => s + (v - 0.5) ** 2, 0);
      const a = (x[0]! * Math.PI) / 2;
      const b = (x[1]! * Math.PI) / 2;
      return { values: [(1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b), (1 + g) * Math.sin(a)] };
    },
  },
];

export interface SingleObjectiveProblem extends DriverProblem {
  name: string;
  optimum: number;
}

function single(name: string, space: ParamDefinition[], optimum: number, f: (x: number[]) => number): SingleObjectiveProblem {
  const d = space.length;
  return { name, space, optimum, directions: ['minimize'], evaluate: (p) => ({ values: [f(vector(p, d))] }) };
}

const HARTMANN_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const HARTMANN_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]];
const HARTMANN_ALPHA = [1, 1.2, 3, 3.2];

export const singleObjectiveProblems: SingleObjectiveProblem[] = [
  single('branin', [box(1, -5, 10)[0]!, { ...box(2, 0, 15)[1]! }], 0.397887, ([x1, x2]) =>
    (x2! - (5.1 / (4 * Math.PI ** 2)) * x1! ** 2 + (5 / Math.PI) * x1! - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1!) + 10),
  single('hartmann6', box(6, 0, 1), -3.322368, (x) =>
    -HARTMANN_ALPHA.reduce((s, a, i) => s + a * Math.exp(-x.reduce((t, v, j) => t + HARTMANN_A[i]![j]! * (v - HARTMANN_P[i]![j]! * 1e-4) ** 2, 0)), 0)),
  single('rosenbrock5', box(5, -5, 10), 0, (x) => x.slice(0, -1).reduce((s, v, i) => s + 100 * (x[i + 1]! - v * v) ** 2 + (1 - v) ** 2, 0)),
  single('ackley5', box(5, -32.768, 32.768), 0, (x) => {
    const n = x.length;
    const s1 = x.reduce((s, v) => s + v * v, 0) / n;
    const s2 = x.reduce((s, v) => s + Math.cos(2 * Math.PI * v), 0) / n;
    return -20 * Math.exp(-0.2 * Math.sqrt(s1)) - Math.exp(s2) + 20 + Math.E;
  }),
  single('styblinski_tang8', box(8, -5, 5), -313.329326, (x) => x.reduce((s, v) => s + v ** 4 - 16 * v * v + 5 * v, 0) / 2),
];
