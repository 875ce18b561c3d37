import type { Gen } from './gen.ts';

/**
 * Word lists the templates draw from: how users name metrics, numbers, durations, comparisons, directions,
 * samplers and pruners. Each list is the variety a new user produces, not a grammar: the encoder must learn the
 * roles from context, so most entries are interchangeable within their list.
 */

/** What kind of value a metric takes (drives how thresholds are written). */
export type MetricKind = 'ratio' | 'ms' | 'seconds' | 'rate' | 'tokens_rate' | 'images_rate' | 'mb' | 'usd' | 'plain';

export interface MetricWords {
  /** Surface forms, each labelled as one metric unit. */
  names: string[];
  kind: MetricKind;
  /** An adjective users write for "more of it": "accurate" ("most accurate", "while staying accurate"). */
  adjectives?: string[];
}

export const METRIC_WORDS: Record<string, MetricWords> = {
  value: { names: ['value', 'function value', 'objective value', 'f(x)', 'output'], kind: 'plain' },
  f1: { names: ['f1'], kind: 'plain' },
  f2: { names: ['f2'], kind: 'plain' },
  f3: { names: ['f3'], kind: 'plain' },
  accuracy: { names: ['accuracy', 'accuracy', 'acc', 'cv accuracy', 'cross-validated accuracy', 'model accuracy', 'classification accuracy', 'test accuracy'], kind: 'ratio', adjectives: ['accurate'] },
  latency_p99_ms: { names: ['p99 latency', 'p99', 'tail latency', '99th percentile latency', 'latency p99', 'p99 prediction latency', 'worst-case latency', '99th-percentile latency', 'P99', 'p99 response time'], kind: 'ms' },
  latency_p50_ms: { names: ['median latency', 'p50 latency', 'p50', 'median prediction latency', 'typical latency', '50th percentile latency', 'median response time', 'latency_p50_ms'], kind: 'ms' },
  batch_ms: { names: ['batch time', 'batch prediction time', 'batch latency', 'batch_ms', 'time per batch', 'batch inference time', 'full-batch prediction time'], kind: 'ms' },
  requests_per_s: { names: ['throughput', 'requests per second', 'req/s', 'rps', 'QPS', 'requests_per_s', 'request throughput'], kind: 'rate' },
  error_rate: { names: ['error rate', 'errors', 'failure rate', '5xx rate', 'error_rate', 'error ratio', 'error', 'error'], kind: 'ratio' },
  ndcg: { names: ['ndcg', 'NDCG', 'NDCG@10', 'ranking quality', 'nDCG'], kind: 'ratio' },
  latency_ms: { names: ['latency', 'latency_ms', 'response latency', 'response time', 'inference latency'], kind: 'ms' },
  val_accuracy: { names: ['validation accuracy', 'val accuracy', 'val_accuracy', 'val acc', 'accuracy'], kind: 'ratio', adjectives: ['accurate'] },
  train_time_s: { names: ['training time', 'train time', 'time to train', 'train_time_s', 'training duration', 'wall-clock training time'], kind: 'seconds' },
  val_loss: { names: ['validation loss', 'val loss', 'val_loss', 'loss'], kind: 'plain' },
  ttft_ms: { names: ['TTFT', 'time to first token', 'first-token latency', 'ttft_ms', 'ttft', 'time-to-first-token'], kind: 'ms' },
  tokens_per_s: { names: ['tokens per second', 'token throughput', 'tok/s', 'throughput', 'generation speed', 'tokens_per_s', 'decode throughput'], kind: 'tokens_rate' },
  p99_latency_ms: { names: ['p99 latency', 'p99', 'tail latency', 'p99_latency_ms', 'end-to-end p99'], kind: 'ms' },
  auc: { names: ['AUC', 'auc', 'ROC AUC', 'AUROC', 'area under the curve'], kind: 'ratio' },
  logloss: { names: ['log loss', 'logloss', 'log-loss', 'cross-entropy'], kind: 'plain' },
  inference_ms: { names: ['inference time', 'inference latency', 'inference_ms', 'prediction time', 'scoring latency'], kind: 'ms' },
  qps: { names: ['qps', 'QPS', 'queries per second', 'throughput', 'query throughput'], kind: 'rate' },
  p95_latency_ms: { names: ['p95 latency', 'p95', '95th percentile latency', 'p95_latency_ms'], kind: 'ms' },
  f1_score: { names: ['F1', 'F1 score', 'f1_score', 'macro F1', 'f1-score'], kind: 'ratio' },
  memory_mb: { names: ['memory', 'memory usage', 'RAM', 'peak memory', 'memory_mb', 'memory footprint', 'RSS'], kind: 'mb' },
  recall: { names: ['recall', 'fraud recall', 'sensitivity', 'true positive rate'], kind: 'ratio' },
  precision: { names: ['precision', 'fraud precision', 'positive predictive value'], kind: 'ratio' },
  images_per_s: { names: ['images per second', 'throughput', 'images_per_s', 'img/s', 'resize throughput'], kind: 'images_rate' },
  runtime_s: { names: ['runtime', 'run time', 'wall time', 'runtime_s', 'job duration', 'total runtime'], kind: 'seconds' },
  cost_usd: { names: ['cost', 'dollar cost', 'spend', 'cost_usd', 'cloud cost', 'bill'], kind: 'usd' },
  hit_rate: { names: ['hit rate', 'cache hit rate', 'hit ratio', 'hit_rate'], kind: 'ratio' },
  p99_ms: { names: ['p99', 'p99 latency', 'tail latency', 'p99_ms'], kind: 'ms' },
  wer: { names: ['WER', 'word error rate', 'wer', 'error rate'], kind: 'ratio' },
  rtf: { names: ['RTF', 'real-time factor', 'rtf', 'realtime factor'], kind: 'plain' },
};

/** Metric words for rules that are not a target's metric (the rule engine reads any reported metric). */
export const RULE_ONLY_METRICS: Record<string, MetricWords> = {
  loss: { names: ['loss', 'training loss', 'the loss'], kind: 'plain' },
  gpu_memory: { names: ['GPU memory', 'gpu memory', 'VRAM'], kind: 'mb' },
  cpu: { names: ['CPU', 'cpu usage', 'CPU utilisation', 'CPU utilization'], kind: 'ratio' },
  trial_duration: { names: ['trial duration', 'a trial\'s runtime', 'trial time'], kind: 'seconds' },
};

export function metricWords(name: string): MetricWords {
  return METRIC_WORDS[name] ?? RULE_ONLY_METRICS[name] ?? { names: [name], kind: 'plain' };
}

const SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const TENS: Record<number, string> = { 30: 'thirty', 40: 'forty', 50: 'fifty', 60: 'sixty', 70: 'seventy', 80: 'eighty', 90: 'ninety' };

/** A number in words when there is a common word for it ("forty", "a hundred"), else null. */
export function numberWord(n: number): string | null {
  if (n <= 20) return SMALL[n] ?? null;
  if (TENS[n]) return TENS[n]!;
  if (n === 100) return 'a hundred';
  if (n === 200) return 'two hundred';
  if (n === 500) return 'five hundred';
  if (n === 1000) return 'a thousand';
  if (n > 20 && n < 100 && TENS[n - (n % 10)] && n % 10 !== 0) return `${TENS[n - (n % 10)]}-${SMALL[n % 10]}`;
  return null;
}

/** How a count is written: digits mostly, sometimes words, "1k", "1,000". */
export function count(g: Gen, n: number): string {
  const word = numberWord(n);
  if (word && g.chance(0.2)) return word;
  if (n >= 1000 && n % 1000 === 0 && g.chance(0.5)) return `${n / 1000}k`;
  if (n >= 1000 && n % 500 === 0 && g.chance(0.3)) return `${n / 1000}k`;
  if (n >= 1000 && g.chance(0.4)) return n.toLocaleString('en-US');
  return String(n);
}

/** A plausible study size. */
export function trialCount(g: Gen): number {
  return g.weighted([
    [g.pick([10, 12, 15, 20, 25, 30, 40, 50, 60, 64, 75, 80, 100, 120, 150, 200, 250, 300, 500]), 10],
    [g.int(5, 400), 4],
    [g.pick([1000, 2000, 1500]), 1],
  ]);
}

export const TRIAL_NOUNS = ['trials', 'trials', 'trials', 'evaluations', 'iterations', 'runs', 'attempts', 'tries', 'configs', 'configurations', 'samples', 'experiments', 'rounds'];

/** "40 trials", "forty evaluations", "1k trials": one unit, labelled as a whole. */
export function trialsUnit(g: Gen, n = trialCount(g)): string {
  return `${count(g, n)} ${g.pick(TRIAL_NOUNS)}`;
}

/** A study's time budget, one unit: "10 minutes", "half an hour", "an hour and a half", "90s". */
export function studyDuration(g: Gen): string {
  const n = g.pick([2, 3, 5, 10, 15, 20, 30, 45, 60, 90]);
  return g.weighted<string>([
    [`${count(g, n)} ${g.pick(['minutes', 'minutes', 'mins', 'min', 'minute'])}`, 6],
    [`${n}m`, 1],
    [`${n}min`, 1],
    [g.pick(['half an hour', 'an hour and a half', 'an hour', 'one hour', 'two hours', '2 hours', '1.5 hours', '1h', '2h', '3 hours', 'a quarter of an hour', 'a couple of hours', '90 seconds', '600 seconds', '300s', 'forty-five minutes', 'one and a half hours', '1 hr', '2 hrs']), 4],
  ]);
}

/** A benchmark's duration, one unit: "20 seconds", "30s", "one minute". */
export function benchDuration(g: Gen): string {
  const n = g.pick([5, 10, 15, 20, 30, 45, 60, 90, 120]);
  return g.weighted<string>([
    [`${count(g, n)} ${g.pick(['seconds', 'seconds', 'secs', 'sec', 'second'])}`, 5],
    [`${n}s`, 4],
    [g.pick(['a minute', 'one minute', '2 minutes', 'two minutes', '1m', '1 min', 'half a minute', '5 minutes', '90 secs']), 2],
  ]);
}

/** A threshold for a metric of this kind, one unit ("93 percent", "50ms", "2 secs", "500 rps"). */
export function metricValue(g: Gen, kind: MetricKind, side: 'high' | 'low' = 'high'): string {
  switch (kind) {
    case 'ratio': {
      if (side === 'low') {
        const n = g.pick([1, 2, 0.5, 5, 3, 0.1]);
        return g.pick([`${n}%`, `${n} percent`, `${n} %`, `${n / 100}`, `${n}pct`]);
      }
      const n = g.pick([80, 85, 88, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 99.5, 75, 70]);
      const word = numberWord(n);
      return g.weighted<string>([
        [`${n}%`, 5],
        [`${n} percent`, 4],
        [`${n} per cent`, 1],
        [`${(n / 100).toFixed(n % 1 === 0 ? 2 : 3)}`, 3],
        [word ? `${word} percent` : `${n}%`, 1],
      ]);
    }
    case 'ms': {
      const n = g.pick([1, 2, 3, 5, 8, 10, 15, 20, 25, 50, 80, 100, 150, 200, 250, 300, 500, 800]);
      return g.weighted<string>([
        [`${n}ms`, 5],
        [`${n} ms`, 4],
        [`${n} milliseconds`, 2],
        [`${n} millis`, 1],
        [g.pick(['1 second', '2 seconds', '2 secs', '1.5s', '0.5 seconds', 'half a second', 'one second', '2s', '3 sec']), 2],
      ]);
    }
    case 'seconds':
      return g.pick(['10 minutes', '30 minutes', 'an hour', '2 hours', '600 seconds', '90s', '45 mins', 'half an hour', '20 min', '5 minutes']);
    case 'rate': {
      const n = g.pick([100, 200, 300, 500, 800, 1000, 1500, 2000, 5000]);
      return `${count(g, n)} ${g.pick(['rps', 'requests per second', 'req/s', 'qps', 'requests/s', 'RPS', 'requests a second'])}`;
    }
    case 'tokens_rate':
      return `${g.pick([20, 30, 40, 50, 80, 100, 200, 500, 1000])} ${g.pick(['tokens per second', 'tok/s', 'tokens/s', 'tokens a second'])}`;
    case 'images_rate':
      return `${g.pick([50, 100, 200, 400])} ${g.pick(['images per second', 'img/s', 'images/s'])}`;
    case 'mb':
      return g.pick(['512 MB', '1 GB', '2GB', '800mb', '256 megabytes', '4 GB', '1.5 GB', '300MB']);
    case 'usd':
      return g.pick(['$5', '5 dollars', '$0.50', '$20', '10 bucks', '$2 per run']);
    case 'plain':
      return g.pick(['0.3', '0.5', '1.2', '0.05', '2', '10', '0.25', '1']);
  }
}

/** Comparators: "at least" family (>=, >) and "at most" family (<=, <), one unit each. */
export const AT_LEAST = ['above', 'at least', 'over', 'more than', 'no less than', 'not below', '>=', 'greater than', 'higher than', 'no lower than', 'not under', 'a minimum of', 'north of', 'no worse than', 'above or equal to'];
export const AT_MOST = ['under', 'below', 'at most', 'no more than', 'less than', '<=', 'not above', 'not over', 'lower than', 'a maximum of', 'not exceeding', 'within', 'no higher than', 'beneath'];

/** Rule conditions: the comparison with its verb ("goes over", "drops below"), one unit. */
export const RISES = ['goes over', 'goes above', 'exceeds', 'is over', 'is above', 'rises above', 'climbs above', 'crosses', 'is greater than', 'spikes above', 'gets above', 'is more than', 'jumps over', 'passes', 'is higher than', 'hits more than', 'goes beyond', 'tops', '>', 'goes past', 'is at or above', 'creeps above', 'shoots past'];
export const FALLS = ['drops below', 'falls below', 'goes under', 'dips below', 'is below', 'is less than', 'sinks below', 'falls under', 'gets below', 'drops under', 'is under', 'goes below', 'is lower than', 'slips below', 'decreases below', '<', 'is at or below', 'slides under'];

export const MINIMIZE = ['minimize', 'minimise', 'reduce', 'lower', 'cut', 'decrease', 'bring down', 'shrink', 'drive down', 'get down', 'slash', 'trim', 'shave'];
export const MAXIMIZE = ['maximize', 'maximise', 'increase', 'raise', 'boost', 'improve', 'push up', 'grow', 'max out', 'bump up'];
/** Direction words that imply the metric: speed → lower latency. */
export const FASTER = ['faster', 'quicker', 'speedier', 'snappier', 'more responsive', 'less laggy'];

/** Verbs that start a study without naming a direction. */
export const TUNE_VERBS = ['tune', 'optimize', 'optimise', 'improve', 'tweak', 'calibrate', 'search the hyperparameters of', 'do a hyperparameter search on', 'run a study on', 'run a sweep on', 'sweep', 'find the best settings for', 'find the best config for', 'hyperparameter-tune', 'auto-tune', 'autotune', 'fine-tune the settings of', 'work on', 'dial in'];

export const SAMPLERS: Record<string, string[]> = {
  tpe: ['TPE', 'tpe', 'tree-structured parzen estimator', 'the TPE sampler', 'Tree Parzen Estimators', 'TPE sampling', 'hyperopt-style TPE'],
  cmaes: ['CMA-ES', 'cma-es', 'cmaes', 'CMA', 'covariance matrix adaptation', 'cma es', 'an evolution strategy', 'evolution strategies', 'evolution strategy', 'an evolutionary strategy', 'CMA evolution strategy'],
  random: ['random search', 'random sampling', 'random', 'pure random search', 'uniform random sampling', 'plain random', 'random guessing'],
  gp: ['gaussian process', 'Gaussian process', 'GP', 'bayesian optimisation', 'bayesian optimization', 'Bayesian optimization', 'BO', 'GP-BO', 'a GP', 'bayesian', 'Bayesian', 'a gaussian process', 'a Bayesian optimizer', 'bayes opt', 'gaussian processes'],
  nsga2: ['NSGA-II', 'nsga2', 'NSGA2', 'nsga-ii', 'NSGA II', 'a genetic algorithm', 'genetic', 'a GA', 'evolutionary', 'an evolutionary algorithm', 'genetic search'],
  qmc: ['quasi-random sampling', 'QMC', 'sobol sequences', 'quasi monte carlo', 'sobol', 'Sobol sampling', 'low-discrepancy sampling', 'quasi random', 'quasi-random', 'Sobol', 'halton', 'a sobol sequence'],
  grid: ['grid search', 'a grid', 'grid sampling', 'an exhaustive grid', 'a grid search', 'grid', 'exhaustive search'],
  auto: ['auto', 'the automatic sampler', 'whatever sampler you think is best', 'the default sampler', 'auto sampler'],
};

export const PRUNERS: Record<string, string[]> = {
  hyperband: ['hyperband', 'Hyperband', 'hyperband pruning', 'HyperBand'],
  asha: ['ASHA', 'asha', 'successive halving', 'async successive halving'],
  median: ['median pruning', 'the median pruner', 'median stopping', 'stop bad trials early', 'kill bad trials early', 'prune unpromising trials', 'early stopping of bad trials', 'cut losers early', 'pruning', 'early stopping', 'prune the bad ones early', 'drop hopeless trials early'],
};

/** Chatty openers and closers added around task requests. */
export const OPENERS = ['hey, ', 'hi! ', 'ok ', 'okay so ', 'so ', 'alright, ', 'quick one: ', 'hmm, ', 'right, ', 'um ', 'yo ', 'hello, ', 'good morning! ', 'well, ', 'ok so basically ', 'i was wondering, ', 'one more thing: ', 'hey tunechat, ', 'so like, ', 'uh, ', 'basically ', 'next: ', 'cool. ', 'great, now '];
/** Openers that only fit before an imperative ("please tune …", not "please how fast is …"). */
export const IMPERATIVE_OPENERS = ['please ', 'could you please ', 'can you ', 'just ', 'kindly ', 'I need you to ', 'go ahead and ', 'would you '];
export const CLOSERS = [' please', ' thanks', ', thanks!', ' thx', ' pls', ', cheers', ' asap', ', if you can', ' when you get a chance', ' :)', ', ty', ', thank you', ' for me', ' real quick', ' ok?', ', would be great', ' please and thank you'];
