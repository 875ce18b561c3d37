import { isRecord, type Plan, type PlanInput } from '../plan.ts';
import { knownTargets } from '../catalog.ts';
import { describeTargets } from '../writers/targets.ts';
import { countBefore, normalize } from '../normalize.ts';
import { findUrl } from './bench.ts';
import { readRegisterProse, type RegisterProse } from './register-prose.ts';
import { familyIn } from './study-slots.ts';
import { parseCommandLine } from '../../../../tools/common/command-line.ts';

const LIST = /\bwhat (?:can|could) (?:you|i|we) (?:tune|optimiz\w*)\b|\b(?:list|show|which|what|available)\b.{0,20}\btargets?\b|\bwhat (?:models?|services?) (?:do you know|are registered|can i tune)\b|\bwhat(?:'?s| is| has been| got| have you got)? registered\b/;
/** "what metrics does the distill target report?", "which parameters does the xgboost target take?": a target's catalogue entry. */
export const TARGET_DETAILS = /^(?:so |and |ok,? )?(?:what|which) (?:metrics?|parameters?|params|knobs|objectives?)\b.{0,40}\btargets?\b.{0,25}\b(?:reports?|exposes?|measures?|outputs?|returns?|emits?|has|have|offers?|tunes?|takes?|accepts?)\b/;
const REGISTER = /\b(register|add|create|make|define|set up)\b.{0,30}\btarget\b|\bregist(?:er|re|r)\b|\bregsiter\b|\b(?:add|plug in|hook up|bring|use)\s+(?:my|our)\s+own\s+(?:model|script|service|benchmark|program|job)\b/;

/** "what can you tune?" → list_targets; "register a target called …" → register_target. */
export function matchTargets(input: PlanInput): Plan | null {
  if (REGISTER.test(input.text) || answersRegisterQuestion(input)) return registerPlan(input);
  if (!LIST.test(input.text) && !TARGET_DETAILS.test(input.text)) return null;
  return listTargetsPlan();
}

export function listTargetsPlan(): Plan {
  return {
    intent: 'list_targets',
    steps: [{ tool: 'list_targets', input: () => ({}) }],
    write: (done) => {
      const output = done[0]?.output;
      if (isRecord(output) && output.dry_run === true) return 'Dry run: I would list the registered targets.';
      return `${describeTargets(output)}\n\nAsk for example "tune xgboost for latency" to start a study.`;
    },
  };
}

/**
 * "register a command target called scorer that runs `python3 score.py` and reports accuracy (maximize)".
 * Needs a name and a command (backticks) or URL; metrics come from "reports …".
 */
export function registerPlan(input: PlanInput): Plan {
  const now = readRegistration(input.text, input.raw);
  // "it prints accuracy, higher is better" after the question below: the rest comes from the message that asked.
  // "register it under the name forest" after "I have a script `python3 rf.py` that outputs accuracy": the command and
  // metrics come from the message it refers to.
  const before = now.name && (now.command || now.url) ? null : earlierRegistration(input) ?? (now.name && REFERS_TO_IT.test(input.text) ? previousMention(input) : null);
  const command = now.command ?? (now.url ? null : before?.command ?? null);
  // "register it and then tune it" with no name: the script's own name ("train_rf.py" → train_rf), said in the answer.
  const name = now.name ?? before?.name ?? (command && now.metrics.length > 0 ? scriptName(command) : null);
  const url = now.url ?? (now.command ? null : before?.url ?? null);
  const metrics = now.metrics.length ? now.metrics : before?.metrics ?? [];
  // "register a builtin target called my-branin that uses the branin problem": a builtin needs no command or metrics.
  const problem = name ? builtinProblemIn(input.text) : null;
  if (name && problem) {
    const known = knownTargets(input.conversation).find((t) => t.name.toLowerCase() === problem);
    const reported = known?.metrics.length ? known.metrics.map((m) => ({ name: m.name, direction: m.direction ?? 'minimize' })) : [{ name: 'value', direction: 'minimize' }];
    return registerTargetPlan({ name, kind: 'builtin', problem, metrics: now.metrics.length ? now.metrics : reported });
  }
  if (!name || (!command && !url)) {
    return { intent: 'register_target', steps: [], write: () => `${REGISTER_ASK} ${name ? `I have the name **${name}**; how does it run?` : command || url ? 'What should the target be called?' : ''}`.trim() };
  }
  const how = command ? `\`${command}\`` : url!;
  if (metrics.length === 0) {
    return { intent: 'register_target', steps: [], write: () => `${METRICS_ASK} I will register **${name}** (${how}) once I know, e.g. "it reports accuracy (maximize) and latency_ms (minimize)".` };
  }
  const spec = command ? { kind: 'command', command: argvOf(command) } : { kind: 'http', url: url! };
  const target: Record<string, unknown> = { name, ...spec, metrics };
  const aliases = aliasesIn(input.raw);
  if (aliases.length) target.aliases = aliases;
  // "family lightgbm", "use the mlp template": the template's default search space.
  const family = familyIn(input.text);
  if (family) target.family = family;
  const timeout = countBefore(input.text, 's timeout|seconds timeout');
  if (timeout) target.timeout_s = timeout;
  return registerTargetPlan(target);
}

const REGISTER_ASK = 'To register a target I need a name ("called …") and how to run it: a command in backticks, or an http URL, plus the metrics it reports, e.g. "register a target called scorer that runs `python3 score.py` and reports accuracy (maximize) and latency_ms (minimize)". You can also add it to `tunechat.json` or use `tunechat targets add`.';
const METRICS_ASK = 'Which metrics does it report, and should each go up or down?';

interface Registration extends RegisterProse {
  command: string | null;
  url: string | null;
}

function readRegistration(text: string, raw: string): Registration {
  return { ...readRegisterProse(text), command: /`([^`]+)`/.exec(raw)?.[1] ?? null, url: findUrl(raw) };
}

/** Words that only a registration uses: "register", "called"/"named", "as a (new) target", "new target". */
const REGISTRATION_WORDS = /\b(?:regist(?:er|ering|ered|ration)|(?<!\bmodel (?:is )?)(?:called|named)|new target|as (?:a |the |my )?(?:new )?(?:command |http |service )?target)\b/;

/**
 * A registration said in full, whatever else it resembles: a registration word, a name, how it runs (a command or a
 * URL) and the metrics it reports ("the service at http://… is called ranker2 and returns ndcg (maximise)").
 */
export function isFullRegistration(input: PlanInput): boolean {
  const raw = normalize(input.raw);
  if (!REGISTRATION_WORDS.test(raw)) return false;
  const now = readRegistration(raw, input.raw);
  if (now.name !== null && /\bregist/.test(raw) && builtinProblemIn(raw) !== null) return true;
  return now.name !== null && (now.command !== null || now.url !== null) && now.metrics.length > 0;
}

/** The message answers the question a registration left open ("it prints accuracy, higher is better"). */
export function answersRegisterQuestion(input: PlanInput): boolean {
  if (!earlierRegistration(input)) return false;
  const now = readRegistration(input.text, input.raw);
  return now.metrics.length > 0 || now.name !== null || now.command !== null || now.url !== null;
}

/** The registration asked about in the last turn (the answer was one of the questions above), or null. */
function earlierRegistration(input: PlanInput): Registration | null {
  const turns = input.conversation.turns;
  const last = turns[turns.length - 2];
  if (!last || last.exchanges.length > 0 || !(last.assistantText.startsWith(METRICS_ASK) || last.assistantText.startsWith(REGISTER_ASK))) return null;
  return readRegistration(normalize(last.userText), last.userText);
}

const REFERS_TO_IT = /\b(?:it|this|that|the (?:script|command|service|endpoint|program))\b/;

/** A command or URL the user's previous message described, with its metrics, or null. */
function previousMention(input: PlanInput): Registration | null {
  const last = input.conversation.turns.at(-2);
  if (!last) return null;
  const before = readRegistration(normalize(last.userText), last.userText);
  return before.command || before.url ? before : null;
}

/** register_target with this input, then a one-line confirmation. */
export function registerTargetPlan(target: Record<string, unknown>): Plan {
  const name = String(target.name);
  const metrics = Array.isArray(target.metrics) ? (target.metrics as { name: string; direction: string }[]) : [];
  return {
    intent: 'register_target',
    steps: [{ tool: 'register_target', input: () => target }],
    write: (done) => {
      const output = done[0]?.output;
      if (isRecord(output) && output.dry_run === true) return `Dry run: I would register the target **${name}**.`;
      return `Registered **${name}** (${String(target.kind)}${Array.isArray(target.command) ? ` running \`${JSON.stringify(target.command)}\`` : ''}${metrics.length ? `; metrics ${metrics.map((m) => `${m.name} ${m.direction}`).join(', ')}` : ''}). You can now say "tune ${name}".`;
    },
  };
}

/**
 * The argv of a command the user wrote, split by the same shell-words parser the server checks typed commands with
 * (tools/common/command-line.ts), so the call matches token by token. Shell syntax is passed on as plain words:
 * the tool then refuses it with the reason.
 */
export function argvOf(command: string): string[] {
  const parsed = parseCommandLine(command);
  return parsed.ok ? parsed.argv : command.trim().split(/\s+/);
}

/** A target name from the command's script ("python3 train_rf.py --data x" → train_rf), or null. */
function scriptName(command: string): string | null {
  const script = argvOf(command).find((word) => /^[\w./-]+\.(?:py|sh|js|mjs|cjs|ts|rb|jl|r)$/i.test(word));
  const stem = script?.split('/').at(-1)?.replace(/\.[a-z]+$/i, '').toLowerCase().replace(/[^a-z0-9_.-]+/g, '-');
  return stem && /^[a-z0-9][a-z0-9_.-]{0,63}$/.test(stem) ? stem : null;
}

/** "people call it "the edge model"", "also known as the ranker": other names for the target, as typed. */
function aliasesIn(raw: string): string[] {
  const m = /\b(?:people|we|users|everyone|folks|the team|they) (?:call|refer to) it(?: as)? ["'\u201c]([^"'\u201d]{2,40})["'\u201d]|\b(?:also known as|aka|a\.k\.a\.) ["'\u201c]?([a-z0-9][\w .-]{1,38}[a-z0-9])["'\u201d]?/i.exec(raw);
  const alias = m?.[1] ?? m?.[2];
  return alias ? [alias.trim()] : [];
}

/** The builtin problem a builtin target wraps: "a builtin target … that uses the branin problem". */
function builtinProblemIn(text: string): string | null {
  if (!/\bbuilt-?in\b/.test(text)) return null;
  return /\b(?:the\s+)?([a-z][a-z0-9_-]*)\s+(?:problem|function|benchmark)\b/.exec(text)?.[1] ?? /\bproblem\s*[:=]?\s*([a-z][a-z0-9_-]*)\b/.exec(text)?.[1] ?? null;
}
