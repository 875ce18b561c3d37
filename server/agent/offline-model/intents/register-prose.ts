import { directionOf } from '../metrics.ts';

/**
 * What a registration request says in prose: the target's name ("called scorer", "register it as mymodel",
 * "set up a target resnet-train that runs …", "… is called scorer"), and the metrics it reports with their directions
 * ("accuracy (maximize)", "reports rmse, lower is better", "outputs runtime_s which should be as low as possible",
 * "metrics: val_loss (minimise) and throughput (maximise)"). A metric named without a direction gets the usual one for
 * its name (accuracy up, latency down). Reads the lower-cased text as typed (no typo correction: names are names).
 */

export interface RegisterProse {
  name: string | null;
  metrics: Array<{ name: string; direction: 'minimize' | 'maximize' }>;
}

const NAME = '["\'`]?([a-z0-9][a-z0-9_.-]*[a-z0-9]|[a-z0-9])["\'`]?';
/** Words that follow "as"/"target" without being a name. */
const NOT_NAMES = new Set([
  'a', 'an', 'the', 'my', 'our', 'new', 'target', 'targets', 'called', 'named', 'that', 'which', 'it', 'this', 'with', 'at', 'to', 'for', 'and', 'is', 'command',
  'name', 'http', 'service', 'model', 'script', 'endpoint', 'well', 'such', 'follows', 'one', 'runs', 'running', 'url', 'metric', 'metrics', 'kind', 'type', 'from', 'in', 'on',
]);

const NAME_PATTERNS: RegExp[] = [
  new RegExp(`\\bname\\s*[:=]\\s*${NAME}`),
  new RegExp(`\\bname (?:is|should be|will be|would be)\\s+${NAME}`),
  // Not "a metric called loss": that names the metric.
  new RegExp(`\\b(?<!\\b(?:metrics?|field|column|key|value|score|number)\\s)(?:called|named|call it|name it|name)\\s+${NAME}`),
  new RegExp(`\\b(?:new )?target\\s*[:=]\\s*${NAME}`),
  new RegExp(`\\bas (?:a |the |my )?(?:new )?(?:command |http |service )?(?:target|targt|taget|traget|tagret)(?: called| named)?\\s+${NAME}`),
  new RegExp(`\\b(?:register|save|add|store|keep)\\s+(?:it|this|that|them)\\s+(?:as|under)\\s+(?:the name\\s+)?${NAME}`),
  new RegExp(`\\bunder the name\\s+${NAME}`),
  new RegExp(`\\b(?:target|service|model|endpoint|script|benchmark)\\s+${NAME}\\s*(?:that|which|at|running|runs|run|with|:|=|,|;|\\(|served|is|lives|from)`),
  new RegExp(`\\bregister\\s+${NAME}\\s+(?:as|at|that|which|with|:|=|,|running|runs)`),
  new RegExp(`(?:\`|\\s)as\\s+${NAME}\\s*(?:[,;.:?(]|$|and|with|it|that|which)`),
];

const BETTER = '(?:higher|lower|bigger|smaller|more|less)(?:\\s*(?:is|=)\\s*|[-\\s])better';
const DIRECTION = `(maximi[sz]ed?|minimi[sz]ed?|max|min|${BETTER}|up|down|as (?:low|small|little) as possible|as (?:high|large|big|much) as possible)`;
const METRIC = '([a-z][a-z0-9_]*)';
/** Verbs that take "up"/"down" without naming a metric ("set up", "slow down"). */
const PHRASAL = 'set|slow|shut|scale|break|speed|back|clean|warm|spin|start|tear|wind|bring|go|goes|went|keep|turn|look|it|them|that|this|sign|log|write|pick|count|step|sit|mark|round|boot|power|fire|load|wait';
const EXPLICIT: RegExp[] = [
  new RegExp(`\\b${METRIC}\\s*[(:=]\\s*(?:to\\s+)?${DIRECTION}\\s*\\)?`, 'g'),
  // "mae (we want it low)", "fit_seconds (also low)", "auc (the higher the better)".
  new RegExp(`\\b${METRIC}\\s*\\((?:we want it |want it |keep it |should be |also |the )?(low|lower|high|higher|small|smaller|big|bigger|down|up)(?: the (?:better|best))?\\)`, 'g'),
  new RegExp(`\\b${METRIC}\\s*,?\\s*(?:where\\s+|and\\s+|is\\s+)?(higher|lower|bigger|smaller|more|less)(?:\\s*(?:is|=)\\s*|[-\\s])better`, 'g'),
  // "auc to maximize", "logloss to be minimised".
  new RegExp(`\\b${METRIC}\\s+to\\s+(?:be\\s+)?${DIRECTION}`, 'g'),
  // "ttft down and throughput up": a metric and a bare direction, before a comma, "and" or the end.
  new RegExp(`\\b(?!(?:${PHRASAL})\\b)${METRIC}\\s+(up|down)(?=\\s*(?:[,.;)]|and\\b|$))`, 'g'),
  // "metrics val_acc max and train_time_s min".
  new RegExp(`\\b${METRIC}\\s+(maximi[sz]ed?|minimi[sz]ed?|max|min)(?=\\s*(?:[,.;)]|and\\b|$))`, 'g'),
  new RegExp(`\\b${METRIC}\\s*,?\\s*(?:which|that|what)\\s+(?:should|must|needs to|has to|ought to|we want to)\\s+(?:be\\s+|go\\s+|get\\s+|stay\\s+)?(?:${DIRECTION}|(small|smaller|low|lower|little|high|higher|big|bigger|large|larger)\\b)`, 'g'),
  new RegExp(`\\b(maximi[sz]e|minimi[sz]e|maximi[sz]ing|minimi[sz]ing)\\s+(?:the\\s+|its\\s+)?${METRIC}`, 'g'),
  // "metric top1 maximize", "metrics: f1 max".
  new RegExp(`\\bmetrics?\\s*:?\\s+${METRIC}\\s*,?\\s+(?:to\\s+|should be\\s+)?${DIRECTION}\\b`, 'g'),
  // "a loss metric to minimise", "an ndcg score we want to maximize".
  new RegExp(`\\b${METRIC}\\s+(?:metric|score)\\s+(?:to|we want to|that should be|which should be|to be)\\s+${DIRECTION}`, 'g'),
];
const TRAILING_BETTER = new RegExp(`\\b(?:end|finish|bottom|last|stdout|line|run|it),?\\s+(${BETTER})`, 'g');
const REPORTED = new RegExp(`\\b(?:reports?|reporting|prints?|printing|outputs?|outputting|returns?|returning|emits?|gives?|produces?|measures?|logs?|metrics?\\s*(?:is|are|:|called|named)?)\\s+(?:back\\s+)?(?:a\\s+|an\\s+|the\\s+|its\\s+)?(?:(?:metrics?|score|value)\\s+(?:of\\s+|called\\s+|named\\s+)?)?${METRIC}(?:\\s*(?:,|and|&)\\s*${METRIC})?`, 'g');
const NOT_METRICS = new Set(['it', 'a', 'an', 'the', 'json', 'metrics', 'metric', 'back', 'out', 'one', 'two', 'some', 'its', 'them', 'both', 'and', 'score', 'value', 'values', 'results', 'result', 'to', 'stdout', 'is', 'are', 'higher', 'lower', 'which', 'that', 'as', 'in', 'of', 'called', 'named',
  'line', 'lines', 'like', 'something', 'maximize', 'maximise', 'minimize', 'minimise', 'max', 'min', 'per',
  'want', 'wants', 'need', 'needs', 'wish', 'try', 'trying', 'going', 'have', 'has', 'aim', 'plan', 'hope', 'end', 'finish', 'bottom', 'last', 'each', 'run', 'trial',
  'be', 'been', 'being', 'get', 'gets', 'should', 'must', 'will', 'can', 'we', 'you', 'i', 'they']);

/** Metric names that are also filler words after "reports": names only when a direction is said with them. */
const NAMEABLE = new Set(['score', 'value', 'result']);

function directionWord(word: string): 'minimize' | 'maximize' {
  return /^(?:max|high|bigger|big|more|up|as (?:high|large|big|much))/.test(word) ? 'maximize' : 'minimize';
}

/** Reads the name and the metrics of a registration request (see RegisterProse). */
export function readRegisterProse(text: string): RegisterProse {
  // The command and the URL are not prose: "--epochs 3" or "/score" must not become names or metrics.
  const prose = text.replace(/`[^`]*`/g, ' ` ').replace(/(^|\s)'([a-z][a-z0-9_]*)'(?=[\s,.;:)]|$)/g, '$1$2').replace(/\b(?:https?:\/\/)?(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?(?:\/[^\s,)]*)?/g, ' url ');
  let name: string | null = null;
  for (const pattern of NAME_PATTERNS) {
    const found = pattern.exec(prose)?.[1];
    if (found && !NOT_NAMES.has(found)) {
      name = found;
      break;
    }
  }
  const metrics: RegisterProse['metrics'] = [];
  // "value (minimize)", "score, higher is better": with its own direction, a word like value or score is the metric's name.
  // 'prints {"ttft_ms": …, "tokens_per_s": …}': the keys of the JSON it prints are its metrics' names.
  const keys = [...prose.matchAll(/"([a-z][a-z0-9_]*)"\s*:/g)].map((m) => m[1]!);
  const add = (said: string | undefined, direction: 'minimize' | 'maximize', explicit = false) => {
    const metric = said && keys.length ? keyFor(said, keys) : said;
    if (!metric || (NOT_METRICS.has(metric) && !(explicit && NAMEABLE.has(metric))) || metric === name || metrics.some((m) => m.name === metric)) return;
    metrics.push({ name: metric, direction });
  };
  for (const pattern of EXPLICIT) {
    for (const match of prose.matchAll(pattern)) {
      if (/^(?:maximi|minimi)/.test(match[1]!)) add(match[2], directionWord(match[1]!), true);
      else add(match[1], directionWord(match[2] ?? match[3]!), true);
    }
  }
  for (const key of keys) add(key, directionOf({ name: key }));
  for (const match of prose.matchAll(REPORTED)) {
    for (const metric of [match[1], match[2]]) if (metric) add(metric, directionOf({ name: metric }));
  }
  // "it prints top1 at the end, higher = better": a direction after a word that names no metric is the last metric's.
  for (const match of prose.matchAll(TRAILING_BETTER)) {
    const last = metrics.filter((m) => (new RegExp(`\\b${m.name}\\b`).exec(prose)?.index ?? Infinity) < match.index).at(-1);
    if (last) last.direction = directionWord(match[1]!);
  }
  return { name, metrics };
}

/** Words for a kind of metric, matched against the printed keys ("throughput up" with a tokens_per_s key). */
const KINDS: Array<[RegExp, RegExp]> = [
  [/^(?:throughput|speed|rate|qps|rps)$/, /(?:per_s|_ps|rps|qps|throughput)$/],
  [/^(?:latency|time|duration)$/, /(?:latency|_ms|_s)$/],
];

/** The printed key a metric word names: itself, the key it starts ("ttft" for ttft_ms) or the key of its kind. */
function keyFor(said: string, keys: string[]): string {
  if (keys.includes(said)) return said;
  const prefixed = keys.filter((k) => k.startsWith(`${said}_`));
  if (prefixed.length === 1) return prefixed[0]!;
  const kind = KINDS.find(([word]) => word.test(said));
  const ofKind = kind ? keys.filter((k) => kind[1].test(k)) : [];
  return ofKind.length === 1 ? ofKind[0]! : said;
}
