import type { KnownTarget } from '../catalog.ts';
import { NUMBER, parseNumber } from '../normalize.ts';

/**
 * The slots of a live-control request read from the words (issue 15), for every understanding alike: the SLO's signal,
 * comparator and limit in the signal's unit, the steered parameter, its bounds, the policy, the loop period, a dry run
 * and a controller id. The encoder's roles come first (intents/control.ts); these readers fill what they leave open.
 * Texts are normalize()d: lower case, "median" → "p50 median", "milliseconds" → "ms", "requests per second" → "rps".
 */

export type SloOp = '<' | '<=' | '>' | '>=';
export const POLICIES = ['auto', 'threshold', 'aimd', 'gradient2', 'vegas', 'hpa', 'little', 'rules'] as const;
export type ControlPolicy = (typeof POLICIES)[number];

/** How people name the controller's standard signals (tools/control/types.ts STANDARD_SIGNALS), most specific first. */
const SIGNAL_WORDS: Array<[string, RegExp]> = [
  ['queue_wait_ms', /\bqueue(?:ing|ueing)?[ _-]?(?:wait|time|delay|latency)(?:_ms)?\b|\bwait(?:ing)? (?:time )?in the queue\b|\bqueue wait\b/],
  ['service_ms', /\bservice[ _-]?(?:time|ms)\b|\bbackend (?:time|latency)\b/],
  ['latency_p99_ms', /\bp99(?:\.9)?\b|\b99(?:th)?[ -]?percentile\b|\btail latency\b|\bworst[- ]case latency\b|\blatency_p99_ms\b/],
  ['latency_p95_ms', /\bp95\b|\b95(?:th)?[ -]?percentile\b/],
  ['latency_p90_ms', /\bp90\b|\b90(?:th)?[ -]?percentile\b|\blatency_p90_ms\b/],
  ['latency_p50_ms', /\bp50\b|\bmedian\b|\b50(?:th)?[ -]?percentile\b|\btypical latency\b|\blatency_p50_ms\b/],
  ['latency_mean_ms', /\b(?:mean|average|avg)(?: request)? (?:latency|response time|time)\b|\blatency_mean_ms\b/],
  ['error_rate', /\berrors?(?: rate| ratio)?\b|\bfail(?:ure|ures|ed requests)(?: rate)?\b|\b5xx(?: rate)?\b|\berror_rate\b/],
  ['requests_per_s', /\bthroughput\b|\brps\b|\brequests_per_s\b/],
  ['inflight', /\bin[- ]?flight\b|\boutstanding requests\b|\binflight\b/],
  ['busy', /\bbusy(?: workers)?\b|\butili[sz]ation\b|\boccupancy\b/],
  ['work_per_s', /\bwork_per_s\b|\blookups per second\b/],
  ['latency_p99_ms', /\blatenc(?:y|ies)\b|\bresponse times?\b|\bslow\b/],
];

/** The standard signal the words name (the first mention in the text), with where it is. */
export function signalIn(text: string): { signal: string; index: number } | null {
  let best: { signal: string; index: number } | null = null;
  for (const [signal, pattern] of SIGNAL_WORDS) {
    const match = pattern.exec(text);
    if (match && (!best || match.index < best.index)) best = { signal, index: match.index };
  }
  return best;
}

const OPS: Array<[SloOp, RegExp]> = [
  ['<=', /\b(?:at most|no more than|no higher than|not above|not over|not more than|up to|no greater than|at or below|at or under)\b|<=|≤/],
  ['>=', /\b(?:at least|no less than|no lower than|not below|not under|at or above)\b|>=|≥/],
  ['<', /\b(?:under|below|less than|lower than|beneath|within|smaller than)\b|</],
  ['>', /\b(?:above|over|more than|greater than|higher than|north of)\b|>/],
];

/** A comparator phrase at the start of a text (after the signal). */
function opAt(text: string): SloOp | null {
  let best: { op: SloOp; index: number } | null = null;
  for (const [op, pattern] of OPS) {
    const match = pattern.exec(text);
    if (match && (!best || match.index < best.index)) best = { op, index: match.index };
  }
  return best?.op ?? null;
}

/** A value in the signal's unit: "0.05 s" of a *_ms signal is 50, "1%" of error_rate 0.01, a bare 1 of error_rate 1%. */
export function sloValueIn(signal: string, value: number, unit: string | undefined): number {
  let out = value;
  if (/_ms$/.test(signal) && unit !== undefined && /^(?:s|secs?|seconds?)$/.test(unit)) out = value * 1000;
  if (/_ms$/.test(signal) && unit !== undefined && /^(?:us|µs|microseconds?)$/.test(unit)) out = value / 1000;
  if ((signal === 'error_rate' || signal === 'busy_ratio') && (unit === '%' || unit === 'percent' || (unit === undefined && value >= 1))) out = value / 100;
  return Number(out.toPrecision(12));
}

/**
 * The SLO the words state: "p99 under 40 ms", "keep errors below 1%", "median latency no more than 0.05 s",
 * "throughput at least 500 rps". The comparator and the value follow the signal within a short distance.
 */
export function sloIn(text: string): { metric: string; op: SloOp; value: number } | null {
  const found = signalIn(text);
  if (!found) return null;
  const after = text.slice(found.index, found.index + 90);
  const op = opAt(after);
  const number = new RegExp(String.raw`(?:[<>]=?|≤|≥|\s)\s*${NUMBER}\s*(%|percent|ms|s|secs?|seconds?|us|rps)?(?![a-z0-9])`).exec(after.replace(/\b(?:p|percentile )\d+/g, (m) => ' '.repeat(m.length)));
  if (!op || !number) return null;
  return { metric: found.signal, op, value: sloValueIn(found.signal, parseNumber(number[1] ?? ''), number[2]) };
}

/**
 * A limit said without its signal, in a change to the running controller: "now keep it under 30 ms instead",
 * "make it 25ms". The value keeps its unit for the previous signal.
 */
export function bareSloIn(text: string): { op: SloOp | null; value: number; unit: string | undefined } | null {
  const match = new RegExp(String.raw`\b(?:(?:keep|hold|make) it|it)\b[^.;]{0,30}?${NUMBER}\s*(%|percent|ms|s|secs?|seconds?)(?![a-z0-9])`).exec(text);
  if (!match) return null;
  return { op: opAt(match[0]), value: parseNumber(match[1] ?? ''), unit: match[2] };
}

/** Words for a parameter of a service, → the words its name is made of (a parameter literally named wins). */
const PARAM_SYNONYMS: Array<[RegExp, RegExp]> = [
  [/\bworkers?\b|\bworker (?:pool|count)\b|\bpool\b|\bprocesses\b|\breplicas?\b|\binstances\b/, /worker|pool|replica|instance|process/],
  [/\bthreads?\b|\bthread pool\b/, /thread|worker/],
  [/\bcache\b/, /cache/],
  [/\bconcurrency(?: limit)?\b|\bconcurrent\b|\blimit\b/, /concurren|limit|max_num_seqs|worker/],
  [/\bshards?\b/, /shard/],
  [/\bbatch(?: size)?\b/, /batch/],
];

/** The parameter (of `names`) the words name: its own name (with spaces), else the synonyms. */
export function parameterIn(text: string, names: readonly string[]): string | null {
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    const spoken = name.toLowerCase().replace(/[_-]+/g, ' ');
    if (new RegExp(String.raw`\b(?:${escape(name.toLowerCase())}|${escape(spoken)})\b`).test(text)) return name;
  }
  for (const [words, nameWords] of PARAM_SYNONYMS) {
    if (!words.test(text)) continue;
    const found = names.find((n) => nameWords.test(n.toLowerCase()));
    if (found) return found;
  }
  return null;
}

/** Parameter words with no catalog to check against: "workers", "the pool" → workers; "cache" → cache_size. */
export function parameterWordIn(text: string): string | null {
  if (/\bworkers?\b|\bworker (?:pool|count)\b|\bpool\b/.test(text)) return 'workers';
  if (/\bcache(?: size)?\b/.test(text)) return 'cache_size';
  if (/\bthreads?\b/.test(text)) return 'threads';
  return null;
}

/** The parameters a target can be steered on: its control section, else its search space. */
export function parametersOf(target: KnownTarget | null): string[] {
  if (!target) return [];
  return Object.keys(target.control?.parameters ?? target.space ?? {});
}

/** "between 2 and 32", "from 2 to 32", "2-32 workers", "min 2 max 32", "at least 2", "up to 32", "no more than 32 workers". */
export function boundsIn(text: string): { min?: number; max?: number } {
  const out: { min?: number; max?: number } = {};
  const pair = new RegExp(String.raw`\b(?:between|from|within)\s+${NUMBER}\s*(?:and|to|-|–)\s*${NUMBER}\b|\b${NUMBER}\s*(?:-|–|to)\s*${NUMBER}\s+(?:workers?|threads?|shards?|replicas?)\b|\bbounds?\s+(?:of\s+)?${NUMBER}\s*(?:and|to|-|–|\.\.)\s*${NUMBER}\b|\b(?:workers?|threads?|shards?|replicas?)\s+(?:from\s+)?${NUMBER}\s*(?:-|–|to)\s*${NUMBER}\b`).exec(text);
  if (pair) {
    const values = pair.slice(1).filter((v) => v !== undefined).map(parseNumber);
    if (values.length === 2 && !/\b(?:ms|s|seconds?|%)$/.test(text.slice(pair.index, pair.index + pair[0].length + 4).trim())) {
      out.min = Math.min(values[0]!, values[1]!);
      out.max = Math.max(values[0]!, values[1]!);
      return out;
    }
  }
  const unit = String.raw`(?:\s*(?:workers?|threads?|shards?|replicas?|instances))?`;
  const min = new RegExp(String.raw`\b(?:min(?:imum)?|at least|never (?:below|under|fewer than|less than)|no (?:fewer|less) than|keep at least|not below)\s*(?:of\s*)?${NUMBER}${unit}(?!\s*(?:ms|s|seconds?|%))`).exec(text);
  const max = new RegExp(String.raw`\b(?:max(?:imum)?|at most|up to|never (?:above|over|more than)|no more than|not above|cap(?:ped)? at)\s*(?:of\s*)?${NUMBER}${unit}(?!\s*(?:ms|s|seconds?|%))`).exec(text);
  if (min) out.min = parseNumber(min[1] ?? '');
  if (max) out.max = parseNumber(max[1] ?? '');
  return out;
}

const POLICY_WORDS: Array<[ControlPolicy, RegExp]> = [
  ['aimd', /\baimd\b|\badditive[- ]increase\b/],
  ['gradient2', /\bgradient ?2?\b|\bnetflix\b/],
  ['vegas', /\bvegas\b/],
  ['hpa', /\bhpa\b|\bhorizontal pod autoscal\w*|\bkubernetes\b|\bk8s\b/],
  ['little', /\blittle ?'?s? law\b|\blittle (?:policy|sizing|formula)\b|\blittles\b/],
  ['rules', /\b(?:my|own|json|the) rules\b|\brule engine\b|\brete\b|\brules policy\b/],
  ['threshold', /\bthreshold\b/],
  ['auto', /\b(?:auto(?:matic)? policy|policy auto|whatever policy|any policy|you (?:pick|choose|decide))\b/],
];

/** The decision policy the words name, or null. */
export function policyIn(text: string): ControlPolicy | null {
  for (const [policy, pattern] of POLICY_WORDS) if (pattern.test(text)) return policy;
  return null;
}

/** "check every 2 seconds", "every 500 ms", "period 5s", "once a second" → seconds. */
export function periodIn(text: string): number | null {
  if (/\b(?:every|each|once a|once per)\s+(?:single\s+)?second\b/.test(text)) return 1;
  const match = new RegExp(String.raw`\b(?:every|each|period(?: of)?|interval(?: of)?|tick(?:ing)? every|with an?)\s*${NUMBER}\s*(ms|s|secs?|seconds?|minutes?|mins?)\b(?:\s*period)?`).exec(text);
  if (!match) return null;
  const value = parseNumber(match[1] ?? '');
  const unit = match[2] ?? 's';
  if (/^with/.test(match[0]) && !/period/.test(match[0])) return null;
  return unit === 'ms' ? value / 1000 : /^min/.test(unit) ? value * 60 : value;
}

/** Words that ask to decide without acting. */
const DRY_RUN = /\bdry[- ]?run\b|\bwithout (?:actually )?(?:changing|touching|applying|acting)\b|\b(?:don'?t|do not|never) (?:actually )?(?:change|apply|act|touch)\b|\bsimulat\w*|\bobserve only\b|\bonly (?:recommend|observe|log)\b|\b(?:what|how) it would (?:do|change)\b|\bno real changes\b|\bdecide but\b|\bjust (?:show|tell)\b.*\bwould\b/;

export function dryRunIn(text: string): boolean {
  return DRY_RUN.test(text);
}

/** A controller id the user pasted: "c-2", "c-12". */
export function controllerIdIn(text: string): string | null {
  return /\b(c-\d+)\b/i.exec(text)?.[1]?.toLowerCase() ?? null;
}

/**
 * Words that steer a running service: without one, "keep p99 under 40 ms" is a constraint or an alert, not a
 * controller. A steering verb on a parameter ("scale its workers", "by resizing the pool"), autoscaling, a controller
 * or feedback loop, an SLO held "by" changing something.
 */
export const CONTROL_WORDS =
  /\bauto-?scal\w*|\bcontroll(?:er|ers|ing)\b|\bcontrol loop\b|\bfeedback\b|\bslo\b|\b(?:scal|resiz|adjust|vary|steer|dial)\w* (?:up |down |out |in )?(?:its |the |my |our |their )?(?:number of |count of )?(?:workers?|worker pool|pool|cache|threads?|thread pool|shards?|replicas?|instances|concurrency|capacity|max_num_seqs|max batch size|concurrent sequences)\b|\bby (?:scaling|resizing|adjusting|changing|varying|growing|shrinking|adding|removing|moving|tweaking|steering|raising|lowering|turning|dialing)\b|\bscale (?:it|them|the service|my service) (?:up|down|out|in)\b|\b(?:via|through) (?:the |its )?(?:workers?|worker pool|pool|cache(?: size)?|threads?|thread pool)\b|\b(?:scale|grow|shrink|resize) (?:it|them) (?:live|on the fly)\b/;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
