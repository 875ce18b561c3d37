/**
 * The domain's words, as the recognizers, the typo corrector and the vector builder see them. Phrases are written
 * lower-case with spaces; hyphens, underscores and slashes in the message are word breaks for matching, so
 * "cma es" also matches "CMA-ES" and "max depth" matches "max_depth".
 *
 * Consistent with the keyword model: metric concepts of offline-model/metrics.ts, sampler and pruner names of
 * intents/tuning.ts, comparator families of intents/tuning.ts.
 */

/** Number words → value. "a"/"an" count as one only before a scale or unit ("a hundred", "an hour"). */
export const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
export const NUMBER_SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };
/** Counting phrases: value; "of" after them is part of the number ("a couple of minutes"). */
export const COUNT_PHRASES: Record<string, number> = { 'a dozen': 12, dozen: 12, 'a couple': 2, couple: 2, 'a few': 3, 'a pair': 2, 'half a dozen': 6 };

/** Time units → seconds. */
export const TIME_UNITS: Record<string, number> = {
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  day: 86400, days: 86400,
};

/** "requests per second", "reqs/s", "requests a sec", … for each noun. */
function perSecond(nouns: string[], unit: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const noun of nouns) for (const per of ['per', 'a', '']) for (const second of ['second', 'sec', 's']) out[`${noun} ${per} ${second}`.replace(/\s+/g, ' ')] = unit;
  return out;
}

/** Measurement units of quantities (phrase → normalized unit). Counted nouns ("trials", "workers") stay nouns. */
export const QUANTITY_UNITS: Record<string, string> = {
  ms: 'ms', msec: 'ms', msecs: 'ms', millisecond: 'ms', milliseconds: 'ms', millis: 'ms', 'milli seconds': 'ms',
  us: 'us', µs: 'us', microseconds: 'us', microsecond: 'us', usec: 'us', usecs: 'us',
  rps: 'rps', qps: 'rps', ...perSecond(['requests', 'request', 'reqs', 'req', 'queries', 'query', 'calls'], 'rps'),
  ...perSecond(['tokens', 'token', 'tok'], 'tokens/s'), ...perSecond(['images', 'image', 'img'], 'images/s'),
  tokens: 'tokens', token: 'tokens', 'output tokens': 'tokens', 'max tokens': 'tokens', 'new tokens': 'tokens', 'completion tokens': 'tokens',
  connections: 'connections', connection: 'connections', 'concurrent connections': 'connections', 'parallel connections': 'connections', 'simultaneous connections': 'connections', conns: 'connections', 'open connections': 'connections',
  users: 'users', 'concurrent users': 'users', 'simultaneous users': 'users', 'virtual users': 'users', clients: 'users', 'concurrent clients': 'users',
  streams: 'streams', 'parallel streams': 'streams', 'concurrent streams': 'streams', 'concurrent requests': 'streams', 'simultaneous requests': 'streams',
  'parallel requests': 'streams', 'requests in flight': 'streams', 'in flight requests': 'streams',
  requests: 'requests', request: 'requests', reqs: 'requests', queries: 'requests', prompts: 'requests', completions: 'requests', calls: 'requests',
  mb: 'mb', megabytes: 'mb', gb: 'gb', gigabytes: 'gb', kb: 'kb',
  dollars: 'usd', bucks: 'usd', usd: 'usd',
  // A rate without a noun: "300 times a second", "300 a second", "300 per second".
  'per second': 'rps', 'per sec': 'rps', 'a second': 'rps', 'a sec': 'rps', 'times a second': 'rps', 'times per second': 'rps', 'times a sec': 'rps',
  'times per sec': 'rps', 'times each second': 'rps', 'every second': 'rps',
  // A concurrency without a noun: "with 32 concurrent".
  concurrent: 'streams',
  // Timing a command: "one warmup", "3 warm up runs", "15 timed runs".
  warmup: 'warmup', warmups: 'warmup', 'warm up': 'warmup', 'warm ups': 'warmup', 'warmup runs': 'warmup', 'warmup run': 'warmup', 'warm up runs': 'warmup',
  'warm up run': 'warmup', 'warmup iterations': 'warmup', 'warmup rounds': 'warmup',
  'timed runs': 'runs', 'timed run': 'runs', 'measured runs': 'runs', 'timed iterations': 'runs', 'timed repetitions': 'runs', 'timing runs': 'runs',
};

/** HTTP methods (upper case in the message, or lower case before "request(s)"/"method"). */
export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/** Metric concepts of offline-model/metrics.ts: phrase → concept. Longer phrases win. */
export const METRIC_PHRASES: Record<string, string> = {
  p99: 'p99', 'p99 latency': 'p99', 'latency p99': 'p99', 'p99.9': 'p99', 'tail latency': 'p99', '99th percentile': 'p99', '99th percentile latency': 'p99',
  'p99 response time': 'p99', 'worst case latency': 'p99', 'p99 prediction latency': 'p99',
  p95: 'p95', 'p95 latency': 'p95', '95th percentile': 'p95', '95th percentile latency': 'p95', 'latency p95': 'p95',
  p90: 'p90', 'p90 latency': 'p90', '90th percentile': 'p90', '90th percentile latency': 'p90',
  p50: 'p50', 'p50 latency': 'p50', median: 'p50', 'median latency': 'p50', '50th percentile': 'p50', '50th percentile latency': 'p50',
  'median response time': 'p50', 'typical latency': 'p50', 'median prediction latency': 'p50', 'typical per row latency': 'p50', 'median per row latency': 'p50',
  ttft: 'ttft', 'time to first token': 'ttft', 'first token latency': 'ttft',
  batch: 'batch', 'batch time': 'batch', 'batch latency': 'batch', 'batch prediction time': 'batch', 'batch inference time': 'batch', 'time per batch': 'batch',
  throughput: 'throughput', rps: 'throughput', qps: 'throughput', 'requests per second': 'throughput', 'tokens per second': 'throughput', 'tok s': 'throughput',
  'queries per second': 'throughput', 'images per second': 'throughput', 'req s': 'throughput', 'generation speed': 'throughput',
  latency: 'latency', latencies: 'latency', speed: 'latency', 'inference time': 'latency', 'prediction time': 'latency', 'response time': 'latency',
  'inference latency': 'latency', 'response latency': 'latency', runtime: 'latency', 'run time': 'latency', 'wall time': 'latency',
  'training time': 'latency', 'train time': 'latency', 'milliseconds per prediction': 'latency', 'ms per prediction': 'latency', 'time per prediction': 'latency',
  'per row latency': 'latency', 'latency per row': 'latency', 'time per request': 'latency', 'milliseconds per request': 'latency',
  'whole dataset': 'batch', 'full dataset': 'batch', 'entire dataset': 'batch', 'scoring time': 'batch',
  accuracy: 'accuracy', acc: 'accuracy', accurate: 'accuracy', 'validation accuracy': 'accuracy', 'val accuracy': 'accuracy', 'test accuracy': 'accuracy',
  auc: 'auc', 'roc auc': 'auc', auroc: 'auc', 'area under the curve': 'auc',
  f1: 'f1', 'f1 score': 'f1', 'macro f1': 'f1',
  loss: 'loss', 'error rate': 'loss', rmse: 'loss', mse: 'loss', logloss: 'loss', 'log loss': 'loss', 'validation loss': 'loss', 'val loss': 'loss', 'cross entropy': 'loss',
  memory: 'memory', ram: 'memory', 'model size': 'memory', size: 'memory', footprint: 'memory', 'file size': 'memory', 'size on disk': 'memory', 'weights size': 'memory', 'memory usage': 'memory', 'peak memory': 'memory', rss: 'memory', vram: 'memory', 'gpu memory': 'memory',
  // Quality metrics without a concept of their own: the value is the word.
  precision: 'precision', recall: 'recall', ndcg: 'ndcg', cost: 'cost', 'hit rate': 'hit_rate', wer: 'wer', 'word error rate': 'wer', 'failure rate': 'loss',
  errors: 'loss', error: 'loss', 'errors rate': 'loss',
  // How fast it feels: the latency concept.
  responsiveness: 'latency', responsive: 'latency', snappy: 'latency', snappiness: 'latency', sluggish: 'latency', sluggishness: 'latency',
  quick: 'latency', fast: 'latency', slowness: 'latency', 'cpu usage': 'cpu', cpu: 'cpu',
};

/** Metric concept → family (one-hot in the features). */
export const METRIC_FAMILIES = ['latency', 'throughput', 'quality', 'loss', 'memory', 'other'] as const;
export function metricFamily(value: string): (typeof METRIC_FAMILIES)[number] {
  const v = value.toLowerCase();
  if (/p\d\d|latency|ttft|batch|_ms$|time|_s$|duration|runtime/.test(v) && !/per_s/.test(v)) return 'latency';
  if (/throughput|rps|qps|per_s|tokens|images/.test(v)) return 'throughput';
  if (/acc|auc|f1|precision|recall|ndcg|score|r2|hit/.test(v)) return 'quality';
  if (/loss|error|rmse|mse|wer/.test(v)) return 'loss';
  if (/mem|ram|rss|size|_mb$|vram/.test(v)) return 'memory';
  return 'other';
}

/** Sampler phrases → registry names (tools/optimizer/samplers/registry.ts), as in intents/tuning.ts. */
export const SAMPLER_PHRASES: Record<string, string> = {
  tpe: 'tpe', 'tree structured parzen estimator': 'tpe', 'tree structured parzen': 'tpe', 'tree parzen estimators': 'tpe', 'tree parzen estimator': 'tpe', hyperopt: 'tpe', 'tpe sampler': 'tpe', 'tpe sampling': 'tpe',
  cmaes: 'cmaes', 'cma es': 'cmaes', cma: 'cmaes', 'covariance matrix adaptation': 'cmaes', 'covariance matrix': 'cmaes',
  motpe: 'motpe', 'mo tpe': 'motpe',
  nsga2: 'nsga2', 'nsga ii': 'nsga2', 'nsga 2': 'nsga2', nsgaii: 'nsga2', 'genetic algorithm': 'nsga2', genetic: 'nsga2', evolutionary: 'nsga2',
  gp: 'gp', 'gaussian process': 'gp', 'gaussian processes': 'gp', 'bayesian optimization': 'gp', 'bayesian optimisation': 'gp', bayesian: 'gp', bo: 'gp', 'gp bo': 'gp',
  qmc: 'qmc', sobol: 'qmc', 'sobol sequences': 'qmc', 'sobol sampling': 'qmc', 'quasi random': 'qmc', 'quasi random sampling': 'qmc', 'quasi monte carlo': 'qmc', halton: 'qmc', 'low discrepancy sampling': 'qmc',
  grid: 'grid', 'grid search': 'grid', 'grid sampling': 'grid', 'exhaustive grid': 'grid',
  'random search': 'random', 'random sampling': 'random', random: 'random', 'pure random search': 'random', 'uniform random sampling': 'random', randomly: 'random',
  auto: 'auto', 'auto sampler': 'auto', 'automatic sampler': 'auto', 'the automatic sampler': 'auto', 'default sampler': 'auto', 'whatever sampler': 'auto',
  'let it choose': 'auto', 'let it pick': 'auto', 'let it decide': 'auto',
  'evolution strategy': 'cmaes', 'evolution strategies': 'cmaes', 'evolutionary strategy': 'cmaes', 'evolutionary strategies': 'cmaes', 'cma evolution strategy': 'cmaes',
  'evolutionary algorithm': 'nsga2', 'genetic search': 'nsga2', 'quasi random search': 'qmc', 'sobol sequence': 'qmc', 'exhaustive search': 'grid', 'bayes opt': 'gp', 'bayesian optimizer': 'gp', 'bayesian search': 'gp',
};

/** Pruner phrases → start_study pruner names, as in intents/tuning.ts. */
export const PRUNER_PHRASES: Record<string, string> = {
  hyperband: 'hyperband', 'hyper band': 'hyperband', 'hyperband pruning': 'hyperband',
  asha: 'successive-halving', 'successive halving': 'successive-halving', 'async successive halving': 'successive-halving',
  'median pruning': 'median', 'median pruner': 'median', 'median stopping': 'median', 'median rule': 'median',
  pruning: 'median', pruner: 'median', 'early stopping': 'median', 'early stop': 'median',
  ...giveUpOnLosers(),
};

/** "cut losing trials short", "stop bad runs early", "kill the losers": the wish for a pruner, said as a verb phrase. */
function giveUpOnLosers(): Record<string, string> {
  const phrases: Record<string, string> = {};
  const verbs = ['stop', 'kill', 'cut', 'end', 'drop', 'abandon', 'halt', 'abort', 'terminate', 'prune'];
  const bad = ['bad', 'losing', 'poor', 'weak', 'hopeless', 'unpromising', 'underperforming'];
  const nouns = ['trials', 'runs', 'ones', 'configs'];
  for (const verb of verbs) {
    for (const the of ['', 'the ']) {
      for (const adjective of bad) for (const noun of nouns) for (const end of ['', ' early', ' short']) phrases[`${verb} ${the}${adjective} ${noun}${end}`] = 'median';
      for (const end of ['', ' early', ' short']) phrases[`${verb} ${the}losers${end}`] = 'median';
    }
  }
  return phrases;
}

/** Comparator phrases → op. A negation before one flips it ("not below" → >=). */
export const COMPARATOR_PHRASES: Record<string, string> = {
  '>=': '>=', '≥': '>=', '=>': '>=', 'at least': '>=', 'minimum of': '>=', 'a minimum of': '>=', 'north of': '>=', 'above or equal to': '>=', 'no worse than': '>=',
  '<=': '<=', '≤': '<=', '=<': '<=', 'at most': '<=', 'maximum of': '<=', 'a maximum of': '<=', 'up to': '<=',
  '>': '>', above: '>', over: '>', 'more than': '>', 'greater than': '>', 'higher than': '>', exceeds: '>', exceed: '>', exceeding: '>', beyond: '>', tops: '>', crosses: '>', passes: '>',
  '<': '<', below: '<', under: '<', 'less than': '<', 'lower than': '<', beneath: '<', 'fewer than': '<', 'smaller than': '<',
  'bigger than': '>', 'larger than': '>', 'longer than': '>', 'shorter than': '<',
  'more big than': '>', 'more high than': '>', 'more large than': '>', 'more small than': '<', 'more low than': '<', 'more little than': '<',
  '=': '==', '==': '==', equals: '==', 'equal to': '==',
  'greater than or equal to': '>=', 'greater than or equal': '>=', 'greater or equal to': '>=', 'more than or equal to': '>=', 'higher than or equal to': '>=', 'bigger than or equal to': '>=',
  'less than or equal to': '<=', 'less than or equal': '<=', 'less or equal to': '<=', 'lower than or equal to': '<=', 'smaller than or equal to': '<=', 'fewer than or equal to': '<=',
  'at or above': '>=', 'at or over': '>=', 'at or higher than': '>=', 'at or below': '<=', 'at or under': '<=', 'at or lower than': '<=',
  'no lower than': '>=', 'not lower than': '>=', 'no less than': '>=', 'no higher than': '<=', 'not higher than': '<=', 'no more than': '<=', 'no greater than': '<=',
  'goes past': '>', 'going past': '>', 'go past': '>', 'gets past': '>', 'went past': '>', 'gone past': '>', 'creeps past': '>', 'climbs past': '>', 'rises past': '>', 'creep past': '>', 'climb past': '>', 'rise past': '>', 'climbed past': '>', 'crept past': '>',
  hits: '>=', hit: '>=', reaches: '>=', reach: '>=', reaching: '>=', hitting: '>=', cross: '>', crossing: '>', surpasses: '>', surpass: '>',
};
/**
 * Comparators written after their value: "0.9 or more", "200ms or less", "95% accuracy is the floor", "200 ms max".
 * They apply to the value (and metric) before them.
 */
export const POSTFIX_COMPARATORS: Record<string, string> = {
  'or more': '>=', 'or higher': '>=', 'or greater': '>=', 'or above': '>=', 'or better': '>=', 'or over': '>=', 'and up': '>=', 'and above': '>=', 'plus': '>=',
  'or less': '<=', 'or lower': '<=', 'or fewer': '<=', 'or below': '<=', 'or under': '<=', 'or smaller': '<=', 'and below': '<=', 'and under': '<=',
  'is the floor': '>=', 'as a floor': '>=', 'as the floor': '>=', 'is my floor': '>=', 'as the minimum': '>=', 'as a minimum': '>=', 'is the minimum': '>=',
  'at minimum': '>=', 'at a minimum': '>=', minimum: '>=', min: '>=', floor: '>=',
  'is the ceiling': '<=', 'as a ceiling': '<=', 'as the ceiling': '<=', 'is my ceiling': '<=', 'as the maximum': '<=', 'as a maximum': '<=', 'is the maximum': '<=',
  'is the max': '<=', 'at maximum': '<=', 'at max': '<=', 'at the most': '<=', maximum: '<=', max: '<=', ceiling: '<=', tops: '<=', 'at most': '<=',
};
/** Verbs that may carry a comparator: "goes over", "drops below", "is above", "stays under". */
export const COMPARATOR_VERBS = ['goes', 'go', 'going', 'gets', 'get', 'rises', 'rise', 'climbs', 'climb', 'creeps', 'creep', 'drops', 'drop', 'falls', 'fall', 'dips', 'dip', 'sinks', 'slips',
  'spikes', 'jumps', 'is', 'are', 'ever', 'gone', 'went', 'stays', 'stay', 'remains', 'remain', 'decreases', 'increases', 'be', 'was'];

export const DIRECTION_PHRASES: Record<string, 'minimize' | 'maximize'> = {
  minimize: 'minimize', minimise: 'minimize', minimizing: 'minimize', minimising: 'minimize', minimized: 'minimize', minimum: 'minimize', minimal: 'minimize',
  lower: 'minimize', lowest: 'minimize', reduce: 'minimize', reducing: 'minimize', decrease: 'minimize', cut: 'minimize', shrink: 'minimize', 'bring down': 'minimize',
  'drive down': 'minimize', 'get down': 'minimize', slash: 'minimize', trim: 'minimize', shave: 'minimize', faster: 'minimize', fastest: 'minimize', quicker: 'minimize',
  quickest: 'minimize', cheaper: 'minimize', cheapest: 'minimize', smaller: 'minimize', smallest: 'minimize', speedier: 'minimize', snappier: 'minimize',
  zippier: 'minimize', zippiest: 'minimize', swifter: 'minimize', swiftest: 'minimize', nippier: 'minimize', snappiest: 'minimize', speediest: 'minimize',
  'speed up': 'minimize', 'more responsive': 'minimize', 'as low as possible': 'minimize', 'as fast as possible': 'minimize', 'as small as possible': 'minimize',
  'as cheap as possible': 'minimize', 'too slow': 'minimize', 'lower is better': 'minimize', 'smaller is better': 'minimize', 'as high as possible': 'maximize', 'higher is better': 'maximize',
  'bigger is better': 'maximize', 'as much as possible': 'maximize', 'less laggy': 'minimize', less: 'minimize', fewer: 'minimize',
  maximize: 'maximize', maximise: 'maximize', maximizing: 'maximize', maximising: 'maximize', maximized: 'maximize', maximum: 'maximize', maximal: 'maximize',
  higher: 'maximize', highest: 'maximize', increase: 'maximize', increasing: 'maximize', raise: 'maximize', boost: 'maximize', better: 'maximize',
  'push up': 'maximize', grow: 'maximize', 'max out': 'maximize', 'bump up': 'maximize',
};

export const NEGATIONS = ['not', 'no', 'never', 'without', "don't", 'dont', "doesn't", 'doesnt', "didn't", "won't", "can't", 'cannot', "isn't", "aren't", "shouldn't",
  "wouldn't", "mustn't", 'nor', "n't", 'nothing'];

/** Nouns a reference can carry ("that rule", "the alert I just made") → the context entity it points at. */
export const REFERENCE_NOUNS: Record<string, string> = {
  rule: 'rule', rules: 'rule', alert: 'rule', alerts: 'rule', alarm: 'rule', notification: 'rule', trigger: 'rule', watch: 'rule',
  study: 'study', run: 'study', trial: 'study', optimization: 'study', optimisation: 'study', experiment: 'study', search: 'study', sweep: 'study', job: 'study', tuning: 'study',
  benchmark: 'url', bench: 'url', test: 'url', url: 'url', endpoint: 'url', server: 'url', service: 'url', 'load test': 'url',
  command: 'command', script: 'command',
  session: 'session', sessions: 'session', conversation: 'session', conversations: 'session', chat: 'session', chats: 'session', discussion: 'session',
  studies: 'study', runs: 'study', experiments: 'study', benchmarks: 'url', tests: 'url',
  model: 'target', target: 'target',
  metric: 'metric', objective: 'metric',
  controller: 'controller', autoscaler: 'controller', loop: 'controller', scaler: 'controller', autoscaling: 'controller',
  one: 'any', thing: 'any', config: 'study', configuration: 'study', setup: 'study', settings: 'study',
};
/** Verbs of "the alert I just made". */
export const MAKING_VERBS = ['made', 'make', 'created', 'create', 'added', 'add', 'set', 'setup', 'started', 'start', 'launched', 'ran', 'run', 'did', 'registered',
  'defined', 'wrote', 'built', 'kicked', 'configured', 'asked', 'mentioned', 'used', 'had'];
/** Single words that refer back. "that"/"this" count only as pronouns or determiners of a reference noun. */
export const REFERENCE_WORDS = ['it', 'that', 'this', 'them', 'those', 'these', 'same', 'its'];

/** Words after which a follow-up points back at an earlier entity even without a pronoun ("stop", "run 50 more"). */
export const FOLLOW_UP_WORDS = ['stop', 'halt', 'abort', 'cancel', 'kill', 'pause', 'continue', 'resume', 'more', 'again', 'same', 'instead', 'also', 'delete', 'remove',
  'rerun', 're-run', 'restart', 'retry', 'extend', 'another', 'why', 'status', 'progress', 'best', 'finish'];

/** Question words kept in the graph even when tagged as determiners. */
export const QUESTION_WORDS = ['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'whichever'];
/** Determiners dropped from the graph. */
export const DROPPED_WORDS = ['a', 'an', 'the'];

/**
 * Domain concepts of the synonym layer. `seeds` are the only typed words; the vector builder learns each concept's
 * neighbours from the embedding ("knobs" → param) and the runtime replaces a neighbour by `canonical`.
 */
export const CONCEPTS: Array<{ name: string; canonical: string; seeds: string[] }> = [
  { name: 'param', canonical: 'parameters', seeds: ['parameter', 'parameters', 'hyperparameters', 'settings', 'setting', 'knob'] },
  { name: 'importance', canonical: 'importance', seeds: ['importance', 'matter', 'matters', 'influential', 'significance'] },
  { name: 'best', canonical: 'best', seeds: ['best', 'top', 'optimal'] },
  { name: 'delete', canonical: 'delete', seeds: ['delete', 'remove', 'deleting', 'removing'] },
  { name: 'stop', canonical: 'stop', seeds: ['stop', 'halt', 'abort', 'cancel'] },
  { name: 'continue', canonical: 'continue', seeds: ['continue', 'resume', 'proceed'] },
  { name: 'list', canonical: 'show', seeds: ['list', 'show', 'display'] },
  { name: 'faster', canonical: 'faster', seeds: ['faster', 'quicker', 'speedier'] },
  { name: 'minimize', canonical: 'reduce', seeds: ['minimize', 'reduce', 'decrease', 'lower'] },
  { name: 'maximize', canonical: 'increase', seeds: ['maximize', 'increase', 'boost', 'raise'] },
  { name: 'benchmark', canonical: 'benchmark', seeds: ['benchmark', 'measure', 'benchmarks'] },
  { name: 'tune', canonical: 'tune', seeds: ['tune', 'optimize', 'tweak', 'calibrate'] },
  { name: 'alert', canonical: 'alert', seeds: ['alert', 'notify', 'warn', 'alerts'] },
  { name: 'rule', canonical: 'rule', seeds: ['rule', 'rules'] },
  { name: 'session', canonical: 'session', seeds: ['session', 'conversation', 'conversations', 'sessions'] },
  { name: 'target', canonical: 'target', seeds: ['model', 'target', 'classifier'] },
  { name: 'trials', canonical: 'trials', seeds: ['trials', 'evaluations', 'iterations', 'attempts'] },
  { name: 'parallel', canonical: 'parallel', seeds: ['parallel', 'concurrently', 'simultaneously'] },
  { name: 'status', canonical: 'status', seeds: ['status', 'progress'] },
  { name: 'why', canonical: 'why', seeds: ['why', 'explain', 'reason'] },
  { name: 'help', canonical: 'help', seeds: ['help', 'assist'] },
  { name: 'thanks', canonical: 'thanks', seeds: ['thanks', 'thank', 'grateful'] },
  { name: 'greeting', canonical: 'hello', seeds: ['hello', 'hi', 'hey'] },
  { name: 'again', canonical: 'again', seeds: ['again', 'retry', 'rerun'] },
  { name: 'replay', canonical: 'replay', seeds: ['replay', 'rewind'] },
  { name: 'register', canonical: 'register', seeds: ['register', 'enroll'] },
  { name: 'compare', canonical: 'compare', seeds: ['compare', 'comparison', 'versus'] },
  { name: 'create', canonical: 'add', seeds: ['add', 'create', 'new'] },
  { name: 'start', canonical: 'start', seeds: ['start', 'begin', 'launch'] },
  { name: 'joke', canonical: 'joke', seeds: ['joke', 'weather', 'poem', 'recipe'] },
];
export const CONCEPT_NAMES = CONCEPTS.map((c) => c.name);

/** More domain words a typo may bend towards (besides every phrase word above). */
export const EXTRA_DOMAIN_WORDS = [
  'prune', 'pruned', 'flag', 'ping', 'notify', 'warn', 'page', 'email', 'message', 'kill', 'halt', 'abort', 'pause', 'rerun', 'sweep', 'profile',
  'bench', 'forget', 'drop', 'discard', 'scrap', 'list', 'show', 'explain', 'hyperparams', 'configs', 'warmup', 'warmups', 'repetitions',
  'resize', 'config', 'params', 'param', 'async', 'backend', 'regex', 'realtime', 'tunable', 'timings', 'parallelism', 'enumerate', 'subsample', 'epochs',
  'samples', 'sample', 'notifies', 'unpause', 'autotune', 'laggy', 'conns', 'reqs', 'thx', 'pls', 'llm', 'api',
  'optimizing', 'optimising', 'optimized', 'optimised', 'optimizes', 'optimises', 'minimizing', 'minimising', 'maximizing', 'maximising',
  'latency', 'accuracy', 'throughput', 'benchmark', 'benchmarks', 'optimize', 'optimise', 'minimize', 'maximize', 'trials', 'trial', 'parallel', 'hyperband',
  'sampler', 'pruner', 'importance', 'parameters', 'parameter', 'hyperparameters', 'connections', 'requests', 'delete', 'remove', 'alert', 'alerts', 'rule',
  'rules', 'session', 'sessions', 'conversation', 'conversations', 'resume', 'continue', 'replay', 'register', 'target', 'targets', 'study', 'studies',
  'percentile', 'seconds', 'minutes', 'hours', 'milliseconds', 'percent', 'objective', 'objectives', 'constraint', 'concurrency', 'duration', 'warmup',
  'evaluations', 'iterations', 'tune', 'tuning', 'optimization', 'best', 'pareto', 'front', 'matter', 'status', 'progress', 'stop', 'cancel', 'seed',
  'budget', 'measure', 'endpoint', 'command', 'script', 'tokens', 'model', 'models', 'registered', 'available', 'search', 'space', 'learning', 'rate',
  'depth', 'estimators', 'previous', 'yesterday', 'earlier', 'thanks', 'please', 'again', 'instead', 'compare', 'explain', 'configuration', 'settings',
  // Live control (issue 15): the policies' names and the words of a controller, so typos bend towards them and they stay as typed.
  'controller', 'controllers', 'controlling', 'autoscale', 'autoscaler', 'autoscaling', 'aimd', 'gradient', 'gradient2', 'limiter', 'vegas', 'workers', 'feedback',
  'scale', 'scaling', 'resize', 'resizing', 'adjust', 'adjusting',
];


/** The domain words of all phrase tables (for the typo corrector and the vector builder's vocabulary). */
export function domainWords(): string[] {
  const words = new Set<string>(EXTRA_DOMAIN_WORDS);
  const tables: Array<Record<string, unknown>> = [NUMBER_WORDS, NUMBER_SCALES, TIME_UNITS, QUANTITY_UNITS, METRIC_PHRASES, SAMPLER_PHRASES, PRUNER_PHRASES, COMPARATOR_PHRASES, DIRECTION_PHRASES, REFERENCE_NOUNS];
  for (const table of tables) for (const phrase of Object.keys(table)) for (const w of phrase.split(' ')) if (/^[a-z][a-z0-9]*$/.test(w)) words.add(w);
  for (const list of [HTTP_METHODS, REFERENCE_WORDS, FOLLOW_UP_WORDS, COMPARATOR_VERBS]) for (const w of list) if (/^[a-z]+$/.test(w)) words.add(w);
  for (const concept of CONCEPTS) for (const w of [concept.canonical, ...concept.seeds]) words.add(w);
  return [...words].sort();
}

/** Words the synonym layer never replaces: phrase words and function words, whose meaning the recognizers decide. */
export const FUNCTION_WORDS = [
  'i', 'me', 'my', 'you', 'your', 'we', 'our', 'us', 'he', 'she', 'they', 'their', 'it', 'its', 'a', 'an', 'the', 'and', 'or', 'but', 'if', 'then', 'so', 'to', 'of',
  'in', 'on', 'at', 'for', 'with', 'by', 'from', 'as', 'is', 'are', 'was', 'were', 'be', 'been', 'am', 'do', 'does', 'did', 'have', 'has', 'had', 'can', 'could',
  'will', 'would', 'should', 'may', 'might', 'must', 'shall', 'just', 'now', 'still', 'only', 'also', 'too', 'very', 'really', 'please', 'ok', 'okay', 'yes',
  'hi', 'hey', 'hello', 'there', 'here', 'some', 'any', 'all', 'each', 'every', 'both', 'other', 'another', 'one', 'ones', 'what', 'which', 'who', 'when',
  'where', 'why', 'how', 'than', 'more', 'most', 'less', 'least', 'again', 'instead', 'same', 'last', 'first', 'next', 'new', 'old', 'much', 'many', 'few',
  'let', 'lets', 'make', 'get', 'go', 'keep', 'want', 'need', 'like', 'see', 'give', 'take', 'use', 'try', 'run', 'put', 'set', 'tell', 'know', 'think',
];

/**
 * Chat abbreviations of short function words, expanded before typo correction. A closed table on purpose: these
 * words are too short for the edit-distance corrector (≤3 letters get no edits), and loosening its thresholds would
 * bend ordinary short words. A space in the expansion splits the token in two ("hows" → "how" + "is").
 */
export const CHAT_ABBREVIATIONS: Record<string, string> = {
  stp: 'stop', plz: 'please', pls: 'please', plss: 'please', lookin: 'looking', hows: 'how is', whats: 'what is', thx: 'thanks', thnx: 'thanks', ty: 'thanks',
  u: 'you', ur: 'your', whos: 'who is', wheres: 'where is',
};
/** Inflections read as their stem so every phrasing meets one word: "seeded with 42" → seed. */
export const STEM_FORMS: Record<string, string> = { seeded: 'seed', seeding: 'seed', reseed: 'seed', reseeded: 'seed' };
