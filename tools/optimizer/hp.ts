/**
 * TypeScript builders for search spaces, in both vocabularies. They produce the same JSON objects that spec
 * files and the agent use, so `compileSpace(hp.space(...))` and `compileSpace(json)` are interchangeable.
 *
 * @example
 *   const space = hp.space(
 *     hp.quniform('n_estimators', 100, 1000, 50),
 *     hp.loguniform('lr', Math.log(1e-5), Math.log(0.1)),
 *     hp.choice('clf', ['rf', hp.option('svm', hp.lognormal('C', 0, 1))]),
 *     suggest.int('units', 1, 20),
 *   );
 */
import type { CategoricalValue } from './types.ts';

/** A named space entry as built here; `hp.space` turns a list of them into a space object. */
export interface LabeledEntry {
  label: string;
  entry: Record<string, unknown>;
}

/** A choice option carrying its own sub-space (hyperopt's nested dict inside `hp.choice`). */
export interface OptionEntry {
  value: CategoricalValue;
  space: Record<string, Record<string, unknown>>;
}

type Choice = CategoricalValue | OptionEntry;

const labeled = (label: string, entry: Record<string, unknown>): LabeledEntry => ({ label, entry });

function space(...entries: LabeledEntry[]): Record<string, Record<string, unknown>> {
  return Object.fromEntries(entries.map((e) => [e.label, e.entry]));
}

/** hyperopt vocabulary (same argument meaning as hyperopt's `hp.*`). */
export const hp = {
  space,
  /** A choice option with conditional parameters that exist only when this option is chosen. */
  option: (value: CategoricalValue, ...entries: LabeledEntry[]): OptionEntry => ({ value, space: space(...entries) }),
  uniform: (label: string, low: number, high: number) => labeled(label, { type: 'uniform', low, high }),
  quniform: (label: string, low: number, high: number, q: number) => labeled(label, { type: 'quniform', low, high, q }),
  /** Bounds in log space: `hp.loguniform('lr', Math.log(1e-5), Math.log(0.1))`. */
  loguniform: (label: string, low: number, high: number) => labeled(label, { type: 'loguniform', low, high }),
  qloguniform: (label: string, low: number, high: number, q: number) => labeled(label, { type: 'qloguniform', low, high, q }),
  normal: (label: string, mu: number, sigma: number) => labeled(label, { type: 'normal', mu, sigma }),
  qnormal: (label: string, mu: number, sigma: number, q: number) => labeled(label, { type: 'qnormal', mu, sigma, q }),
  lognormal: (label: string, mu: number, sigma: number) => labeled(label, { type: 'lognormal', mu, sigma }),
  qlognormal: (label: string, mu: number, sigma: number, q: number) => labeled(label, { type: 'qlognormal', mu, sigma, q }),
  /** `randint(label, upper)` gives 0..upper-1; `randint(label, low, high)` gives low..high-1. */
  randint: (label: string, lowOrUpper: number, high?: number) =>
    labeled(label, high === undefined ? { type: 'randint', upper: lowOrUpper } : { type: 'randint', low: lowOrUpper, high }),
  choice: (label: string, options: Choice[]) => labeled(label, { type: 'choice', choices: options }),
  /** `pchoice('opt', [[0.7, 'adam'], [0.3, 'sgd']])`. */
  pchoice: (label: string, options: [number, Choice][]) => labeled(label, { type: 'pchoice', choices: options }),
};

/** Optuna vocabulary (`trial.suggest_*` argument meaning: linear bounds, `log` and `step` flags). */
export const suggest = {
  float: (name: string, low: number, high: number, options: { log?: boolean; step?: number } = {}) =>
    labeled(name, { type: 'float', low, high, ...options }),
  int: (name: string, low: number, high: number, options: { log?: boolean; step?: number } = {}) =>
    labeled(name, { type: 'int', low, high, ...options }),
  categorical: (name: string, choices: Choice[]) => labeled(name, { type: 'categorical', choices }),
};
