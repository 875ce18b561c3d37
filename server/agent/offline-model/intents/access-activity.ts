import { findTargetInText, nameableTargets } from '../catalog.ts';
import type { Conversation } from '../conversation.ts';
import { countAfter, countBefore, findDuration, NUMBER } from '../normalize.ts';
import { findCommand } from './bench.ts';
import { argvOf } from './targets.ts';

/*
 * What a permission question asks about ("could alice *load-test 10.0.0.5 for 5 minutes*?"): the tool call it would
 * be, with the arguments a real call would have, so simulate_policy builds the action, resource and context exactly
 * as the authorizer will (tools/iam/catalog.ts `toolAuthorization`). Activities with no tool arguments worth reading
 * ("add rules", "stop studies") are a plain action.
 */

/** A simulated call: a tool and its arguments, or an action (resource "*"). */
export type Activity = { tool: string; args: Record<string, unknown> } | { action: string };

const LOAD_VERB = /^(?:(?:load|stress)-test\w*|benchmark\w*|bench|hit|hammer|stress|test|send (?:load|traffic|requests) (?:to|at)|run (?:an? |some )?(?:[\d.]+ (?:seconds?|minutes?|hours?) )?(?:(?:load|stress)-tests?|benchmarks?|bench(?:es)?|load) ?(?:on|against|of|at|to)?|do (?:an? )?(?:(?:load|stress)-tests?|benchmarks?) ?(?:on|against|of|at)?|put load on|generate load (?:on|against|to))\b/;
const STUDY_VERB = /^(?:start|run|launch|kick off|begin|create|do|open)\s+(?:an? |another |new |the |some |more )*(?:studies|study|tuning(?: runs?| jobs?)?|optimizations?|experiments?|sweeps?|hpo)\b/;
const TUNE_VERB = /^(?:tune|optimize|minimiz\w*|maximiz\w*|sweep|search)\b/;
const TRIALS_VERB = new RegExp(String.raw`^(?:run|use|do|start|launch)\s+${NUMBER}\s+(?:trials|evaluations|configurations)\b`);
const LLM_CUE = /\b(?:ttft|llm|tokens?|vllm|ollama|completions?|inference server|model server)\b|\/v1\b/;

/** Generic activities: a verb phrase → its action (no arguments to read). */
const ACTIONS: Array<[RegExp, string]> = [
  [/^(?:run|execute|time)\s+(?:typed |arbitrary |shell )?commands?\b/, 'bench:RunCommand'],
  [/^(?:add|create|write|set up|make)\s+(?:an? |new )?(?:rules?|alerts?)\b/, 'rules:AddRule'],
  [/^(?:remove|delete|drop)\s+(?:an? |the )?(?:rules?|alerts?)\b/, 'rules:RemoveRule'],
  [/^(?:register|add)\s+(?:an? |new )?targets?\b/, 'targets:Register'],
  [/^(?:start|run|create)\s+(?:an? )?(?:controllers?|autoscal\w*|feedback loops?)\b|^(?:control|steer|autoscale)\b/, 'control:Start'],
  [/^(?:stop|kill|cancel)\s+(?:an? |the |my |other |someone'?s? )?(?:studies|study)\b/, 'optimizer:StopStudy'],
  [/^(?:continue|resume|extend)\s+(?:an? |the )?(?:studies|study)\b/, 'optimizer:ContinueStudy'],
  [/^(?:see|read|view|look at|check)\s+(?:the |my |other |others'? )?(?:studies|study|results)\b/, 'optimizer:ReadStudy'],
  [/^(?:read|see|view|query|look at)\s+(?:the )?audit(?: log| trail)?\b/, 'audit:Read'],
  [/^(?:edit|change|write|put|update|create)\s+(?:the |a )?polic(?:y|ies)\b/, 'policies:Put'],
  [/^(?:simulate|check)\s+(?:the )?polic(?:y|ies)\b/, 'policies:Simulate'],
  [/^(?:share|export)\s+(?:a |the |this )?(?:sessions?|conversations?|chats?)\b/, 'sessions:Share'],
];

/**
 * The host a load test names: a URL, host:port, an IPv4 address, localhost or a dotted host name, as a URL with the
 * scheme's default port written out ("10.0.0.5" → "http://10.0.0.5:80/").
 */
export function hostUrl(raw: string): string | null {
  const url = /\bhttps?:\/\/[^\s,;'"`)]+/i.exec(raw)?.[0];
  if (url) return withPort(url.replace(/[.?!]+$/, ''));
  const host = /(?<![\w.-])((?:\d{1,3}\.){3}\d{1,3}|localhost|\[[0-9a-f:]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})(?::(\d{1,5}))?(\/[^\s,;'"`)?]*)?(?![\w-])/i.exec(raw);
  if (!host || /\.(?:py|js|ts|sh|json|txt|csv|md|yaml|yml)$/i.test(host[1]!)) return null;
  return `http://${host[1]}:${host[2] ?? '80'}${host[3] ?? '/'}`;
}

function withPort(url: string): string {
  const parts = /^(https?):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?(.*)$/i.exec(url);
  if (!parts) return url;
  const scheme = parts[1]!.toLowerCase();
  return `${scheme}://${parts[2]}:${parts[3] ?? (scheme === 'https' ? '443' : '80')}${parts[4] || '/'}`;
}

/** The load-test slots a text gives: connections, duration (words → seconds), rate; only those it names. */
export function loadSlots(text: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const connections = countBefore(text, '(?:concurrent |parallel |simultaneous )?(?:connections?|conns?|clients?)') ?? countAfter(text, 'connections|concurrency');
  if (connections !== null) args.connections = connections;
  const duration = findDuration(text.replace(/\ba (minute|second|hour)\b/g, '1 $1').replace(/\b(?:https?:\/\/)?[\w.-]+:\d+\S*/g, ' ').replace(/(?:\d{1,3}\.){3}\d{1,3}/g, ' '));
  if (duration) args.duration_s = duration.seconds;
  const rate = countBefore(text, 'rps') ?? countAfter(text, 'rate(?: of)?');
  if (rate !== null) args.rate = rate;
  return args;
}

/** The study slots a text gives: trials, parallel, time limit; only those it names. */
export function studySlots(text: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const trials = countBefore(text, 'trials|evaluations|configurations|iterations') ?? countAfter(text, 'trials');
  if (trials !== null) args.trials = trials;
  const parallel = countBefore(text, '(?:trials |workers )?(?:in parallel|at once|concurrently|parallel|workers)') ?? countAfter(text, 'parallel(?:ism)?');
  if (parallel !== null && parallel !== trials) args.parallel = parallel;
  const limit = /\b(?:for|within|in|limit(?:ed)? (?:to|of))\s+(?:at most |up to )?(\d+(?:\.\d+)?\s*(?:hours?|hrs?|minutes?|mins?|seconds?|secs?|h|m|s))\b/.exec(text);
  const seconds = limit ? findDuration(limit[1]!)?.seconds : undefined;
  if (seconds !== undefined) args.time_limit_s = seconds;
  return args;
}

/** The arguments of a study: target, trials, parallel, time limit. */
function studyArgs(rest: string, conversation: Conversation): Record<string, unknown> | null {
  const known = findTargetInText(rest, nameableTargets(conversation))?.name;
  // A target the catalog does not list is taken only where a study names it ("a study on my-model"), not after a bare
  // verb ("optimize faster").
  const named = /\b(?:studies|study|tuning|optimizations?|experiments?|sweeps?|hpo|trials)\s+(?:on|of|for)\s+(?:the |my |our )?([a-z][\w.-]*)/.exec(rest)?.[1];
  const target = known ?? (named && !/^(?:\d|trials?|more|at|a|an|up)$/.test(named) ? named : undefined);
  return target ? { target, ...studySlots(rest) } : null;
}

/**
 * The activity a verb phrase names (the text right after "could alice …"): a load test of a host, a study on a
 * target, a command in backticks, or one of the generic actions. Null when it names none of them.
 */
export function readActivity(rest: string, raw: string, conversation: Conversation): Activity | null {
  const phrase = rest.replace(/^(?:also|still|even|actually|really|now|then|just|ever|please)\s+/, '');
  const command = findCommand(raw);
  if (command && /^(?:run|execute|time|bench\w*)\b/.test(phrase)) return { tool: 'bench_command', args: { command: argvOf(command) } };
  if (LOAD_VERB.test(phrase)) {
    const url = hostUrl(raw);
    if (url) return LLM_CUE.test(phrase) ? { tool: 'bench_llm', args: { base_url: url } } : { tool: 'bench_http', args: { url, ...loadSlots(phrase) } };
  }
  for (const [pattern, action] of ACTIONS) if (pattern.test(phrase)) return { action };
  if (STUDY_VERB.test(phrase) || TUNE_VERB.test(phrase) || TRIALS_VERB.test(phrase)) {
    const args = studyArgs(phrase, conversation);
    return args ? { tool: 'start_study', args } : { action: 'optimizer:StartStudy' };
  }
  return null;
}
