/**
 * Standard test problems with known optima (Surjanovic & Bingham's Virtual Library of Simulation Experiments;
 * ZDT from Zitzler, Deb & Thiele 2000; DTLZ2 from Deb et al. 2005). All are minimized. Parameters are named
 * x0..x{d-1}. Default dimensions follow the reference benchmark (ANCHORS.md §1).
 */

export interface BuiltinProblem {
  name: string;
  description: string;
  /** Dimension used when none is given. */
  defaultDims: number;
  /** Fixed dimension (branin, hartmann6) or null when any d ≥ minDims works. */
  fixedDims: number | null;
  minDims: number;
  bounds(dims: number): [number, number][];
  /** Objective names reported as metrics, all minimized. */
  metrics(dims: number): string[];
  /** Known optimum of the first objective (single-objective problems), or null. */
  optimum(dims: number): number | null;
  evaluate(x: readonly number[]): number[];
}

const repeat = (d: number, lo: number, hi: number): [number, number][] => Array.from({ length: d }, () => [lo, hi]);

const HARTMANN_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const HARTMANN_P = [
  [1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));
const HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2];

function zdt(variant: 1 | 2 | 3): BuiltinProblem {
  return {
    name: `zdt${variant}`,
    description: `ZDT${variant} (two objectives f1, f2 on [0,1]^d)`,
    defaultDims: 6, fixedDims: null, minDims: 2,
    bounds: (d) => repeat(d, 0, 1),
    metrics: () => ['f1', 'f2'],
    optimum: () => null,
    evaluate: (x) => {
      const f1 = x[0]!;
      let sum = 0;
      for (let i = 1; i < x.length; i++) sum += x[i]!;
      const g = 1 + (9 * sum) / (x.length - 1);
      const r = f1 / g;
      const h = variant === 1 ? 1 - Math.sqrt(r) : variant === 2 ? 1 - r * r : 1 - Math.sqrt(r) - r * Math.sin(10 * Math.PI * f1);
      return [f1, g * h];
    },
  };
}

const problems: BuiltinProblem[] = [
  {
    name: 'branin', description: 'Branin-Hoo (2-D, three global minima, f* = 0.397887)', defaultDims: 2, fixedDims: 2, minDims: 2,
    bounds: () => [[-5, 10], [0, 15]], metrics: () => ['value'], optimum: () => 0.397887357729738,
    evaluate: ([x1, x2]) => {
      const b = 5.1 / (4 * Math.PI ** 2);
      const c = 5 / Math.PI;
      const t = 1 / (8 * Math.PI);
      return [(x2! - b * x1! ** 2 + c * x1! - 6) ** 2 + 10 * (1 - t) * Math.cos(x1!) + 10];
    },
  },
  {
    name: 'hartmann6', description: 'Hartmann 6-D on [0,1]^6 (f* = -3.322368)', defaultDims: 6, fixedDims: 6, minDims: 6,
    bounds: () => repeat(6, 0, 1), metrics: () => ['value'], optimum: () => -3.32236801141551,
    evaluate: (x) => {
      let total = 0;
      for (let i = 0; i < 4; i++) {
        let inner = 0;
        for (let j = 0; j < 6; j++) inner += HARTMANN_A[i]![j]! * (x[j]! - HARTMANN_P[i]![j]!) ** 2;
        total += HARTMANN_ALPHA[i]! * Math.exp(-inner);
      }
      return [-total];
    },
  },
  {
    name: 'rosenbrock', description: 'Rosenbrock on [-5,10]^d (f* = 0 at x = 1)', defaultDims: 5, fixedDims: null, minDims: 2,
    bounds: (d) => repeat(d, -5, 10), metrics: () => ['value'], optimum: () => 0,
    evaluate: (x) => {
      let s = 0;
      for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (x[i]! - 1) ** 2;
      return [s];
    },
  },
  {
    name: 'ackley', description: 'Ackley on [-32.768,32.768]^d (f* = 0 at x = 0)', defaultDims: 5, fixedDims: null, minDims: 1,
    bounds: (d) => repeat(d, -32.768, 32.768), metrics: () => ['value'], optimum: () => 0,
    evaluate: (x) => {
      const d = x.length;
      let sq = 0;
      let cos = 0;
      for (const v of x) {
        sq += v * v;
        cos += Math.cos(2 * Math.PI * v);
      }
      return [-20 * Math.exp(-0.2 * Math.sqrt(sq / d)) - Math.exp(cos / d) + 20 + Math.E];
    },
  },
  {
    name: 'styblinski-tang', description: 'Styblinski-Tang on [-5,5]^d (f* = -39.16617·d)', defaultDims: 8, fixedDims: null, minDims: 1,
    bounds: (d) => repeat(d, -5, 5), metrics: () => ['value'], optimum: (d) => -39.16616570377142 * d,
    evaluate: (x) => [x.reduce((s, v) => s + v ** 4 - 16 * v ** 2 + 5 * v, 0) / 2],
  },
  {
    name: 'levy', description: 'Levy on [-10,10]^d (f* = 0 at x = 1)', defaultDims: 5, fixedDims: null, minDims: 1,
    bounds: (d) => repeat(d, -10, 10), metrics: () => ['value'], optimum: () => 0,
    evaluate: (x) => {
      const w = x.map((v) => 1 + (v - 1) / 4);
      const d = w.length;
      let s = Math.sin(Math.PI * w[0]!) ** 2;
      for (let i = 0; i < d - 1; i++) s += (w[i]! - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i]! + 1) ** 2);
      s += (w[d - 1]! - 1) ** 2 * (1 + Math.sin(2 * Math.PI * w[d - 1]!) ** 2);
      return [s];
    },
  },
  zdt(1),
  zdt(2),
  zdt(3),
  {
    name: 'dtlz2', description: 'DTLZ2 with 3 objectives f1..f3 on [0,1]^d (front: unit sphere octant)', defaultDims: 6, fixedDims: null, minDims: 3,
    bounds: (d) => repeat(d, 0, 1), metrics: () => ['f1', 'f2', 'f3'], optimum: () => null,
    evaluate: (x) => {
      const m = 3;
      let g = 0;
      for (let i = m - 1; i < x.length; i++) g += (x[i]! - 0.5) ** 2;
      const out: number[] = [];
      for (let k = 0; k < m; k++) {
        let f = 1 + g;
        for (let j = 0; j < m - 1 - k; j++) f *= Math.cos((x[j]! * Math.PI) / 2);
        if (k > 0) f *= Math.sin((x[m - 1 - k]! * Math.PI) / 2);
        out.push(f);
      }
      return out;
    },
  },
];

const byName = new Map(problems.map((p) => [p.name, p]));

export function builtinProblemNames(): string[] {
  return problems.map((p) => p.name);
}

/** Looks a problem up by name (`styblinski_tang` and `styblinski-tang` both work). */
export function getBuiltinProblem(name: string): BuiltinProblem | null {
  return byName.get(name.toLowerCase().replace(/_/g, '-')) ?? null;
}

/** The default search space of a problem: x0..x{d-1} uniform over the textbook domain. */
export function builtinSpace(problem: BuiltinProblem, dims: number): Record<string, unknown> {
  return Object.fromEntries(problem.bounds(dims).map(([low, high], i) => [`x${i}`, { type: 'float', low, high }]));
}
