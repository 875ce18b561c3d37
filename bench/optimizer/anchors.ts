/** Optuna 3.1.0 reference medians from /work/shared/ANCHORS.md §1 (20 seeds; log10 regret at 50/100/200 trials). */
export const OPTUNA_REGRET: Record<string, Record<string, [number, number, number]>> = {
  branin: { random: [-0.13, -0.47, -0.94], qmc: [-0.18, -0.44, -0.74], tpe: [-0.76, -1.92, -2.53], 'tpe-multivariate': [-0.8, -1.14, -1.64], cmaes: [-0.12, -1.89, -5.0] },
  hartmann6: { random: [0.19, 0.08, 0.03], qmc: [0.17, 0.1, -0.08], tpe: [-0.25, -0.6, -1.0], 'tpe-multivariate': [-0.49, -0.73, -0.79], cmaes: [-0.14, -0.56, -1.37] },
  rosenbrock: { random: [3.97, 3.53, 3.26], qmc: [3.7, 3.5, 3.41], tpe: [2.79, 2.17, 1.33], 'tpe-multivariate': [2.58, 2.13, 1.79], cmaes: [2.62, 1.97, 0.92] },
  ackley: { random: [1.25, 1.23, 1.22], qmc: [1.25, 1.23, 1.22], tpe: [1.12, 0.9, 0.74], 'tpe-multivariate': [1.06, 0.95, 0.88], cmaes: [0.97, 0.81, 0.43] },
  'styblinski-tang': { random: [2.1, 2.07, 2.02], qmc: [2.11, 2.09, 2.02], tpe: [2.02, 1.89, 1.79], 'tpe-multivariate': [2.0, 1.92, 1.79], cmaes: [2.08, 2.01, 1.81] },
};

/** Optuna 3.1 ms per ask+suggest+tell (in-memory storage, 5 float params) at 100 / 1000 trials. */
export const OPTUNA_OVERHEAD_MS: Record<string, [number, number]> = {
  random: [0.16, 0.21],
  qmc: [0.38, 0.54],
  tpe: [10.0, 29.5],
  'tpe-multivariate': [8.5, 26.7],
  cmaes: [0.49, 0.88],
};
