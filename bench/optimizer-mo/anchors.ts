/** Optuna 3.1.0 medians from /work/shared/ANCHORS.md §1 (20 seeds; dtlz2 TPE 5 seeds), at 50 / 100 / 200 trials. */
export const optunaSingle: Record<string, Record<string, [number, number, number]>> = {
  branin: { random: [-0.13, -0.47, -0.94], qmc_sobol: [-0.18, -0.44, -0.74], tpe: [-0.76, -1.92, -2.53], tpe_multivariate: [-0.8, -1.14, -1.64], cmaes: [-0.12, -1.89, -5.0] },
  hartmann6: { random: [0.19, 0.08, 0.03], qmc_sobol: [0.17, 0.1, -0.08], tpe: [-0.25, -0.6, -1.0], tpe_multivariate: [-0.49, -0.73, -0.79], cmaes: [-0.14, -0.56, -1.37] },
  rosenbrock5: { random: [3.97, 3.53, 3.26], qmc_sobol: [3.7, 3.5, 3.41], tpe: [2.79, 2.17, 1.33], tpe_multivariate: [2.58, 2.13, 1.79], cmaes: [2.62, 1.97, 0.92] },
  ackley5: { random: [1.25, 1.23, 1.22], qmc_sobol: [1.25, 1.23, 1.22], tpe: [1.12, 0.9, 0.74], tpe_multivariate: [1.06, 0.95, 0.88], cmaes: [0.97, 0.81, 0.43] },
  styblinski_tang8: { random: [2.1, 2.07, 2.02], qmc_sobol: [2.11, 2.09, 2.02], tpe: [2.02, 1.89, 1.79], tpe_multivariate: [2.0, 1.92, 1.79], cmaes: [2.08, 2.01, 1.81] },
};

export const optunaMulti: Record<string, Record<string, [number, number, number]>> = {
  zdt1: { random: [102.9, 104.8, 106.8], nsga2: [102.9, 103.8, 108.1], tpe: [106.9, 111.0, 112.6] },
  zdt2: { random: [88.26, 93.78, 95.38], nsga2: [88.26, 92.49, 98.62], tpe: [95.62, 99.51, 102.5] },
  dtlz2: { random: [0.278, 0.347, 0.421], nsga2: [0.278, 0.32, 0.453], tpe: [0.376, 0.578, 0.68] },
};

/** ms per ask + tell at 100 / 500 / 1000 trials (5 floats, trivial objective, in-memory). */
export const optunaOverhead: Record<string, [number, number, number]> = {
  random: [0.16, 0.18, 0.21],
  cmaes: [0.49, 0.64, 0.88],
  nsga2: [0.57, 0.5, 0.74],
  tpe: [10.0, 17.0, 29.5],
};
