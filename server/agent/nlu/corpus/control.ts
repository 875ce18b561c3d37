import type { Gen, Template } from './gen.ts';
import { studyPrior } from './pieces.ts';
import type { PriorEntities } from '../types.ts';

/**
 * Live control of a running service (issue 15): start a controller that keeps an SLO by steering one parameter
 * ("keep the p99 of my service under 40 ms by scaling its workers"), ask how it is doing, stop it. Without "minimize":
 * the request is an SLO (constraint_metric / constraint_op / constraint_value) plus a live-steering verb or object
 * (scale, resize, adjust, autoscale, controller, feedback loop, "keep … by changing …"). Labelled: the target, the
 * steered parameter (control_param), its bounds (bound_min / bound_max: the numbers only), the policy, the loop
 * period (the duration), a dry-run phrase (the whole phrase) and a controller id.
 * Contrast shapes stay in their own intents: "tune the example service and keep errors under 1%" is a study,
 * "alert me if p99 goes over 200 ms" a rule, "keep the room under 22 degrees by adjusting the heating" out of scope.
 */

interface ControlTarget {
  name: string;
  /** How users name it: "my service", "the example service". */
  names: string[];
  /** Steerable parameters and how they are said. */
  params: Record<string, string[]>;
  /** Signals users set an SLO on, as said: [words, kind]. */
  signals: Array<[string[], 'ms' | 'ratio' | 'rate' | 'count']>;
}

const LATENCY_SIGNALS: Array<[string[], 'ms']> = [
  [['p99', 'p99 latency', 'the p99', 'tail latency', '99th percentile latency', 'p99 response time', 'latency'], 'ms'],
  [['median latency', 'the median latency', 'p50', 'p50 latency', 'median response time', 'typical latency'], 'ms'],
  [['p90', 'p90 latency', '90th percentile latency'], 'ms'],
  [['mean latency', 'average latency', 'avg latency', 'the average response time'], 'ms'],
  [['queue wait', 'queueing delay', 'queue time', 'the wait in the queue'], 'ms'],
];
const ERROR_SIGNAL: [string[], 'ratio'] = [['errors', 'error rate', 'the error rate', 'failures', 'the failure rate', '5xx rate'], 'ratio'];
const RATE_SIGNAL: [string[], 'rate'] = [['throughput', 'requests per second', 'rps'], 'rate'];

const TARGETS: ControlTarget[] = [
  {
    name: 'example-service',
    names: ['my service', 'the service', 'the example service', 'example-service', 'our service', 'the example-service', 'example service', 'my example service'],
    params: {
      workers: ['workers', 'its workers', 'the workers', 'the worker pool', 'the pool', 'worker count', 'the number of workers', 'the worker count', 'pool size', 'the thread pool'],
      cache_size: ['cache size', 'the cache', 'its cache', 'the cache size', 'cache'],
    },
    signals: [...LATENCY_SIGNALS, ERROR_SIGNAL, RATE_SIGNAL],
  },
  {
    name: 'search-api',
    names: ['the search api', 'search-api', 'my search api', 'the search-api service'],
    params: { threads: ['threads', 'its threads', 'the thread count', 'the threads'], pool_size: ['pool size', 'the pool', 'the connection pool', 'pool_size'] },
    signals: [...LATENCY_SIGNALS, ERROR_SIGNAL],
  },
  {
    name: 'img-resizer',
    names: ['the image resizer', 'img-resizer', 'my resizer service'],
    params: { threads: ['threads', 'the threads', 'its thread count'] },
    signals: LATENCY_SIGNALS,
  },
  {
    name: 'cache-proxy',
    names: ['the cache proxy', 'cache-proxy', 'my proxy'],
    params: { shards: ['shards', 'the shard count'], cache_mb: ['cache_mb', 'the cache memory'] },
    signals: LATENCY_SIGNALS,
  },
  {
    name: 'llm-server',
    names: ['the llm server', 'llm-server', 'my LLM server'],
    params: { max_num_seqs: ['max_num_seqs', 'the concurrent sequences'], max_batch_size: ['max batch size', 'max_batch_size'] },
    signals: [[['TTFT', 'time to first token', 'p99 latency', 'p99'], 'ms']],
  },
];

const AT_MOST_SLO = ['under', 'below', 'at most', 'no more than', 'less than', 'no higher than', 'beneath', '<', '<=', 'within', 'lower than', 'not above', 'not over'];
const AT_LEAST_SLO = ['above', 'over', 'at least', 'no less than', 'more than', '>=', 'not below'];
const KEEP = ['keep', 'hold', 'maintain', 'keep', 'keep', 'hold', 'make sure', 'ensure', 'guarantee'];
const STEER_ING = ['scaling', 'resizing', 'adjusting', 'changing', 'varying', 'growing and shrinking', 'adding and removing', 'tweaking', 'turning up and down', 'moving', 'autoscaling', 'raising or lowering', 'dialing'];
const STEER = ['scale', 'resize', 'adjust', 'change', 'vary', 'autoscale', 'grow or shrink', 'move', 'tweak', 'steer', 'raise or lower', 'add or remove'];
const LIVE = ['', '', '', ' live', ' on the fly', ' as traffic changes', ' while it runs', ' automatically', ' under load', ' in real time', ' as load changes'];

/** SLO values in the signal's unit words. */
function sloValue(g: Gen, kind: 'ms' | 'ratio' | 'rate' | 'count'): string {
  switch (kind) {
    case 'ms': {
      const n = g.pick([5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 80, 100, 120, 150, 200, 250, 300, 500]);
      return g.weighted<string>([[`${n} ms`, 4], [`${n}ms`, 5], [`${n} milliseconds`, 2], [`${n} millis`, 1], [g.pick(['0.05 s', '0.1 s', '0.2 seconds', 'half a second', '1 second', '0.04s', '0.25s']), 1.5]]);
    }
    case 'ratio': {
      const n = g.pick([0.1, 0.5, 1, 2, 3, 5]);
      return g.pick([`${n}%`, `${n} percent`, `${n} %`, `${n / 100}`]);
    }
    case 'rate':
      return `${g.pick([100, 200, 300, 500, 800, 1000])} ${g.pick(['rps', 'requests per second', 'req/s'])}`;
    case 'count':
      return String(g.int(2, 50));
  }
}

function drawTarget(g: Gen): ControlTarget {
  return g.weighted(TARGETS.map((t) => [t, t.name === 'example-service' ? 6 : 1] as const));
}

/** "[p99](constraint_metric) [under](constraint_op) [40 ms](constraint_value)": the SLO, in one of its word orders. */
function slo(g: Gen, t: ControlTarget): { phrase: string; metric: string; op: string; value: string; floor: boolean } {
  const [names, kind] = g.pick(t.signals);
  const floor = kind === 'rate';
  const metric = `[${g.pick(names)}](constraint_metric)`;
  const op = `[${g.pick(floor ? AT_LEAST_SLO : AT_MOST_SLO)}](constraint_op)`;
  const value = `[${sloValue(g, kind)}](constraint_value)`;
  return { phrase: `${metric} ${op} ${value}`, metric, op, value, floor };
}

function paramOf(g: Gen, t: ControlTarget): { name: string; said: string } {
  const name = g.weighted(Object.keys(t.params).map((p, i) => [p, i === 0 ? 3 : 1] as const));
  return { name, said: `[${g.pick(t.params[name]!)}](control_param)` };
}

function targetOf(g: Gen, t: ControlTarget): string {
  return `[${g.pick(t.names)}](target)`;
}

/** ", between [2] and [32]", " (2–32 workers)": bounds, the numbers labelled. */
function bounds(g: Gen, noun = 'workers'): string {
  const low = g.pick([1, 2, 2, 3, 4, 8]);
  const high = g.pick([8, 12, 16, 24, 32, 48, 64]);
  const a = `[${low}](bound_min)`;
  const b = `[${high}](bound_max)`;
  return g.pick([
    ` between ${a} and ${b}`, `, between ${a} and ${b}`, ` from ${a} to ${b}`, `, anywhere from ${a} to ${b} ${noun}`, ` within ${a}-${b}`, `, min ${a} max ${b}`,
    `, at least ${a} and at most ${b}`, `, never below ${a} or above ${b}`, ` (${a} to ${b})`, `, bounds ${a} to ${b}`, `, with ${a} to ${b} ${noun}`,
    `, no more than ${b} ${noun}`, `, up to ${b} ${noun}`, `, at most ${b}`, `, keep at least ${a} ${noun}`, `, never fewer than ${a}`, `, max ${b}`,
  ]);
}

const POLICIES = [
  'AIMD', 'aimd', 'additive increase multiplicative decrease', 'gradient2', 'Gradient2', 'the gradient2 limiter', 'the Netflix gradient limiter', "Netflix's gradient algorithm",
  'the gradient policy', 'vegas', 'Vegas', 'the vegas limiter', 'HPA', 'HPA-style', 'the Kubernetes HPA formula', 'a Kubernetes-style HPA', 'the horizontal pod autoscaler rule',
  "Little's law", 'littles law', 'the little policy', 'my rules', 'my own rules', 'the rule engine', 'my JSON rules', 'the threshold rule', 'a simple threshold', 'the threshold policy',
  'threshold and factor', 'auto', 'whatever policy you think is best', 'the automatic policy',
];

function policy(g: Gen): string {
  const P = `[${g.pick(POLICIES)}](policy)`;
  return g.pick([`, use ${P}`, ` using ${P}`, ` with ${P}`, `. Use ${P}`, `, policy ${P}`, ` via ${P}`, `, and use ${P} for the decisions`, ` (${P})`, `, go with ${P}`]);
}

function period(g: Gen): string {
  const D = `[${g.pick(['2 seconds', '2s', '5 seconds', '500ms', '1 second', '3 s', '10 seconds', '250 ms', '1s', 'two seconds'])}](period)`;
  return g.pick([`, check every ${D}`, `, every ${D}`, ` and check every ${D}`, `, period ${D}`, `, sampling every ${D}`, `, with a ${D} period`, `, evaluating every ${D}`, `, tick every ${D}`]);
}

const DRY_RUN = [
  'just show what it would do without changing anything', 'dry run', 'as a dry run', 'in dry-run mode', "but don't actually change anything", 'without touching the service',
  'only recommend, do not apply', 'simulate it first', 'observe only', 'no real changes yet', "don't apply the changes, just log them", 'decide but do not act',
  'just tell me what it would change', 'dry-run only', 'without actually applying anything',
];

function dryRun(g: Gen): string {
  const D = `[${g.pick(DRY_RUN)}](dry_run)`;
  return g.pick([`, ${D}`, ` - ${D}`, `. ${D}`, ` but ${D}`, `; ${D}`]);
}

/** The extras a start may carry: bounds, policy, period, dry run (each optional). */
function extras(g: Gen, noun: string): string {
  let out = '';
  if (g.chance(0.35)) out += bounds(g, noun);
  if (g.chance(0.3)) out += policy(g);
  if (g.chance(0.22)) out += period(g);
  if (g.chance(0.18)) out += dryRun(g);
  return out;
}

/** A request to start a controller: SLO + a steering verb or object, with or without target and parameter. */
function startRequest(g: Gen): string {
  const t = drawTarget(g);
  const s = slo(g, t);
  const p = paramOf(g, t);
  const P = p.said;
  const T = targetOf(g, t);
  const keep = g.pick(KEEP);
  const ing = g.pick(STEER_ING);
  const steer = g.pick(STEER);
  const live = g.pick(LIVE);
  const noun = p.name === 'cache_size' ? '' : p.name;
  const stays = g.pick(['stays', 'remains', 'is', 'stays', 'holds']);
  const shapes: Array<[string, number]> = [
    [`${keep} the ${s.metric} of ${T} ${s.op} ${s.value} by ${ing} ${P}${live}`, 4],
    [`${keep} ${s.phrase}, ${steer} ${P}${live}`, 3],
    [`${keep} ${s.phrase} by ${ing} ${P}${live}`, 4],
    [`${keep} ${T}'s ${s.phrase} by ${ing} ${P}${live}`, 2],
    [`${keep} ${s.phrase} on ${T} by ${ing} ${P}`, 2],
    [`${g.pick(['autoscale', 'auto-scale', 'scale'])} ${T}'s ${P} to ${keep} ${s.phrase}`, 3],
    [`autoscale ${P} of ${T} so ${s.metric} ${stays} ${s.op} ${s.value}`, 2],
    [`${steer} ${P}${live} so that ${s.metric} ${stays} ${s.op} ${s.value}`, 3],
    [`${steer} ${T}'s ${P}${live} to ${keep} ${s.phrase}`, 2],
    [`start a controller on ${T}: ${s.phrase}, parameter ${P}`, 1.5],
    [`start a controller that keeps ${s.phrase} by ${ing} ${P}`, 2],
    [`set up a feedback loop that keeps ${s.phrase} by ${ing} ${P}`, 2],
    [`run a control loop on ${T}: ${s.phrase} via ${P}`, 1],
    [`${s.metric} must stay ${s.op} ${s.value}; ${steer} ${P}${live}`, 2],
    [`control ${T}'s ${P} to ${keep} ${s.phrase}`, 2],
    [`make sure ${s.metric} ${stays} ${s.op} ${s.value} by adding or removing ${P} as traffic changes`, 1],
    [`autoscale ${P} for an SLO of ${s.phrase}`, 1.5],
    [`I want an SLO of ${s.phrase} on ${T}, ${steer} ${P} to hold it`, 1.5],
    [`autoscale ${T} to ${keep} ${s.phrase}`, 2.5],
    [`autoscale ${T}, target ${s.phrase}`, 1],
    [`${keep} ${s.phrase} by ${ing} ${P}`, 2],
    [`steer ${P} live so ${s.metric} ${stays} ${s.op} ${s.value}`, 1],
    [`put ${T} under a controller: ${s.phrase}, adjust ${P}`, 1],
    [`can you ${keep} ${s.phrase} by ${ing} ${P}${live}?`, 2],
    [`please ${keep} ${T} ${g.pick(['inside', 'within'])} its SLO (${s.phrase}) by ${ing} ${P}`, 1],
    [`scale ${P} up and down to ${keep} ${s.phrase}`, 2],
    [`${keep} ${s.phrase} with a controller on ${P}`, 1.5],
    [`use a feedback controller on ${P} to ${keep} ${s.phrase}`, 1],
    [`adjust ${P}${live} to ${keep} ${T} ${s.op} ${s.value} ${s.metric}`, 0.6],
    [`${keep} ${s.phrase} with ${P} as the knob`, 1],
    [`autoscaling please: ${s.phrase}, ${P}`, 1],
  ];
  return tidyControl(g.weighted(shapes) + extras(g, noun));
}

/** "the example service's [the pool]" → "'s [pool]"; "make sure the the p99" → "the p99". */
function tidyControl(markup: string): string {
  return markup.replace(/'s \[(?:the|its) /g, "'s [").replace(/\bthe \[the /g, '[the ').replace(/\bthe the\b/g, 'the');
}

/** Words naming the controller outside any mark become `reference` marks ("halt [the autoscaler](reference)"). */
function markReferences(markup: string): string {
  return markup
    .split(/(\[[^\]]*\]\([a-z_]+\))/)
    .map((piece) => (piece.startsWith('[') ? piece : piece.replace(/\b(?:the|that|this) (?:controller|autoscaler|feedback loop|control loop|loop|scaler)\b/g, (words) => `[${words}](reference)`)))
    .join('');
}

const CONTROLLER_REFS = ['the controller', 'the autoscaler', 'it', 'the control loop', 'the feedback loop', 'the loop', 'that controller', 'the scaler', 'the autoscaling'];

function controllerId(g: Gen): string {
  return `c-${g.int(1, 40)}`;
}

function controllerPrior(g: Gen): PriorEntities {
  const t = g.chance(0.8) ? TARGETS[0]! : g.pick(TARGETS);
  const param = g.pick(Object.keys(t.params));
  const prior: PriorEntities = { controller: { id: controllerId(g), target: t.name, parameter: param, metric: g.pick(['latency_p99_ms', 'latency_p50_ms', 'error_rate', 'queue_wait_ms']) } };
  // A study ran earlier in some conversations: the controller is the latest thing, and what "it" refers to.
  return g.chance(0.2) ? { ...studyPrior(g), ...prior } : prior;
}

/** A change to the running controller: another policy, period, SLO, bounds or a dry run. */
function changeRequest(g: Gen): string {
  const R = `[${g.pick(CONTROLLER_REFS)}](reference)`;
  const P = `[${g.pick(POLICIES)}](policy)`;
  const D = `[${g.pick(['2 seconds', '5s', '500 ms', '1 second', '10s', 'three seconds'])}](period)`;
  return g.pick([
    `use ${P}`, `use ${P} instead`, `switch ${R} to ${P}`, `try ${P}`, `now with ${P}`, `restart ${R} with ${P}`, `make ${R} use ${P}`, `go with ${P} instead`,
    `check every ${D}`, `make ${R} check every ${D}`, `run the loop every ${D}`, `tick every ${D} instead`, `every ${D} please`,
    `[just show what it would do without changing anything](dry_run)`, `run ${R} [as a dry run](dry_run)`, `[dry run](dry_run) please`, `restart ${R} [in dry-run mode](dry_run)`,
    `now ${g.pick(['keep', 'hold'])} [p99](constraint_metric) [under](constraint_op) [${g.pick(['30 ms', '25ms', '50 ms', '20ms'])}](constraint_value) instead`,
    `allow up to [${g.pick([48, 64, 40])}](bound_max) workers`, `let ${R} go between [${g.pick([2, 4])}](bound_min) and [${g.pick([16, 24])}](bound_max)`,
  ]);
}

function statusRequest(g: Gen): string {
  const R = `[${g.pick(CONTROLLER_REFS)}](reference)`;
  return markReferences(g.pick([
    `how is ${R} doing?`, `what has ${R} done so far?`, `is my SLO being met?`, `how's ${R} doing`, `status of ${R}`, `show me ${R}'s decisions`, `what did ${R} change?`,
    `is ${R} holding the SLO?`, `are we within the SLO?`, `is the service inside its SLO?`, `how many times has ${R} scaled?`, `any scaling decisions yet?`,
    `what is ${R} doing right now?`, `how many workers is ${R} running now?`, `what's the current p99 vs the SLO?`, `how's the loop going`, `controller status`,
    `show ${R}'s last changes`, `is the SLO met?`, `are we meeting the SLO?`, `what decisions has ${R} made?`, `is ${R} still running?`, `what did the autoscaler do?`,
    `has ${R} changed the workers yet?`, `give me a controller update`, `how are we doing on the SLO?`, `is the p99 SLO being met right now?`, `is the slo ok?`,
    `what has the controller done`, `show the decisions so far`, `status of controller [${controllerId(g)}](controller_id)`, `how is [${controllerId(g)}](controller_id) doing?`,
    `what is controller [${controllerId(g)}](controller_id) doing`, `[${controllerId(g)}](controller_id) status?`, `is ${R} keeping up?`, `why did ${R} scale up?`,
  ]));
}

function stopRequest(g: Gen): string {
  const R = `[${g.pick(CONTROLLER_REFS)}](reference)`;
  return markReferences(g.pick([
    `stop controlling [it](reference)`, `stop the autoscaler`, `stop controller [${controllerId(g)}](controller_id)`, `turn off the feedback loop`, `stop the controller`,
    `kill the controller`, `disable autoscaling`, `stop scaling the workers`, `stop adjusting [it](reference)`, `switch off the control loop`, `halt the autoscaler`,
    `cancel [${controllerId(g)}](controller_id)`, `end the feedback loop`, `stop ${R}`, `turn ${R} off`, `shut ${R} down`, `stop autoscaling`, `no more autoscaling, stop ${R}`,
    `that's enough, stop ${R}`, `stop managing the workers`, `leave the workers where they are and stop ${R}`, `please stop ${R}`, `pause ${R}`, `stop the scaling`,
    `you can stop controlling the service now`, `take the service off the controller`, `kill [${controllerId(g)}](controller_id)`, `stop [${controllerId(g)}](controller_id) please`,
    `disable the controller on the service`, `turn off autoscaling`, `stop steering the workers`, `ok stop ${R} now`, `enough, stop ${R}`,
  ]));
}

/** Contrast: the same words in a study, a rule, or outside tunechat. */
function tuneContrast(g: Gen): string {
  const T = `[${g.pick(['the example service', 'my service', 'example-service', 'the service'])}](target)`;
  const c = `[${g.pick(['errors', 'error rate', 'p99', 'p99 latency'])}](constraint_metric) [${g.pick(['under', 'below', 'at most'])}](constraint_op) [${g.pick(['1%', '40 ms', '0.5 percent', '50ms'])}](constraint_value)`;
  return g.pick([
    `tune ${T} for [throughput](objective) and keep ${c}`, `optimize ${T} for [p99 latency](objective), keep ${c}`, `find the best [workers](space_param) for ${T}, keep ${c}`,
    `tune ${T}'s workers and cache for [latency](objective) with ${c}`, `[maximize](direction) [throughput](objective) of ${T} while keeping ${c}`,
    `tune ${T} with [30 trials](trials) and keep ${c}`, `which worker count of ${T} gives the [lowest](direction) [p99](objective)? keep ${c}`,
  ]);
}

function ruleContrast(g: Gen): string {
  const M = `[${g.pick(['p99', 'p99 latency', 'the error rate', 'errors', 'median latency'])}](rule_metric)`;
  const O = `[${g.pick(['goes over', 'exceeds', 'is above', 'rises above'])}](rule_op)`;
  const V = `[${g.pick(['200 ms', '40ms', '1%', '100 ms', '2 percent'])}](rule_value)`;
  const A = `[${g.pick(['alert me', 'notify me', 'ping me', 'let me know', 'warn me'])}](rule_action)`;
  return g.pick([`${A} if ${M} of my service ${O} ${V}`, `${A} when ${M} ${O} ${V} on the example service`, `if ${M} ${O} ${V}, ${A}`, `watch the service and ${A} if ${M} ${O} ${V}`]);
}

const OUTSIDE = [
  'keep the room under 22 degrees by adjusting the heating', 'scale this recipe to 8 servings', 'keep my kids under control', 'adjust my thermostat to keep the house below 20 degrees',
  'keep my blood pressure under 120 by changing my diet', 'scale my drawing up by 2x', 'turn off the lights in the kitchen', 'how do I scale a pizza recipe?',
  'keep my budget under 500 dollars by adjusting groceries', 'resize this photo to 800 pixels', 'keep the car under 70 mph with cruise control', 'stop the music',
];

export const CONTROL_TEMPLATES: Template[] = [
  { intent: 'control_start', weight: 8, make: (g) => ({ markup: startRequest(g), ...(g.chance(0.15) ? { prior: studyPrior(g) } : {}) }) },
  { intent: 'control_start', weight: 2, make: (g) => ({ markup: changeRequest(g), prior: controllerPrior(g) }) },
  { intent: 'control_status', weight: 4, make: (g) => ({ markup: statusRequest(g), prior: controllerPrior(g) }) },
  { intent: 'control_status', weight: 1, make: (g) => ({ markup: statusRequest(g) }) },
  { intent: 'control_stop', weight: 4, make: (g) => ({ markup: stopRequest(g), prior: controllerPrior(g) }) },
  { intent: 'control_stop', weight: 1, make: (g) => ({ markup: stopRequest(g) }) },
  // Contrast: thresholds and "keep" in a study, a rule, or outside what tunechat does.
  { intent: 'tune', weight: 0.15, make: (g) => ({ markup: tuneContrast(g) }) },
  { intent: 'add_rule', weight: 0.08, make: (g) => ({ markup: ruleContrast(g), ...(g.chance(0.3) ? { prior: controllerPrior(g) } : {}) }) },
  { intent: 'out_of_scope', weight: 0.15, make: (g) => ({ markup: g.pick(OUTSIDE) }) },
  // A study's follow-ups stay the study's when the words name it, even with a controller running.
  { intent: 'stop', weight: 0.12, make: (g) => ({ markup: g.pick(['stop [the study](reference)', 'kill [the tuning run](reference)', 'stop [the study](reference) but leave the controller running', 'cancel [the sweep](reference)']), prior: { ...controllerPrior(g), ...studyPrior(g) } }) },
  { intent: 'status', weight: 0.12, make: (g) => ({ markup: g.pick(['how is [the study](reference) going?', 'status of [the study](reference)', 'how many trials are done?', 'how is [the tuning run](reference) doing?']), prior: { ...controllerPrior(g), ...studyPrior(g) } }) },
];
