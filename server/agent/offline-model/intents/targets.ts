import { isRecord, type Plan, type PlanInput } from '../plan.ts';
import { describeTargets } from '../writers/targets.ts';
import { countBefore } from '../normalize.ts';

const LIST = /\bwhat (?:can|could) (?:you|i|we) (?:tune|optimiz\w*)\b|\b(?:list|show|which|what|available)\b.{0,20}\btargets?\b|\bwhat (?:models?|services?) (?:do you know|are registered|can i tune)\b|\bwhat'?s registered\b/;
const REGISTER = /\b(register|add|create)\b.{0,30}\btarget\b|\bregister\b/;

/** "what can you tune?" → list_targets; "register a target called …" → register_target. */
export function matchTargets(input: PlanInput): Plan | null {
  if (REGISTER.test(input.text)) return registerPlan(input);
  if (!LIST.test(input.text)) return null;
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
function registerPlan(input: PlanInput): Plan | null {
  const name = /\b(?:called|named|name)\s+["'`]?([a-z0-9][a-z0-9_.-]*)/.exec(input.text)?.[1];
  const command = /`([^`]+)`/.exec(input.raw)?.[1];
  const url = /\bhttps?:\/\/[^\s,)]+/i.exec(input.raw)?.[0];
  if (!name || (!command && !url)) {
    return { intent: 'register_target', steps: [], write: () => 'To register a target I need a name ("called …") and how to run it: a command in backticks, or an http URL, plus the metrics it reports, e.g. "register a target called scorer that runs `python3 score.py` and reports accuracy (maximize) and latency_ms (minimize)". You can also add it to `tunechat.json` or use `tunechat targets add`.' };
  }
  const metrics = [...input.text.matchAll(/\b([a-z][a-z0-9_]*)\s*\((maximi[sz]e|minimi[sz]e|max|min)\)/g)].map((m) => ({
    name: m[1]!,
    direction: m[2]!.startsWith('max') ? 'maximize' : 'minimize',
  }));
  const spec = command ? { kind: 'command', command: splitArgs(command) } : { kind: 'http', url: url! };
  const target: Record<string, unknown> = { name, ...spec, metrics };
  const timeout = countBefore(input.text, 's timeout|seconds timeout');
  if (timeout) target.timeout_s = timeout;
  return {
    intent: 'register_target',
    steps: [{ tool: 'register_target', input: () => target }],
    write: (done) => {
      const output = done[0]?.output;
      if (isRecord(output) && output.dry_run === true) return `Dry run: I would register the target **${name}**.`;
      return `Registered **${name}** (${spec.kind}${metrics.length ? `; metrics ${metrics.map((m) => `${m.name} ${m.direction}`).join(', ')}` : ''}). You can now say "tune ${name}".`;
    },
  };
}

/** Shell-like argv split: whitespace separates, single/double quotes group, backslash escapes. No expansion of any kind. */
export function splitArgs(command: string): string[] {
  const args: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  let started = false;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < command.length) current += command[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (ch === '\\' && i + 1 < command.length) {
      current += command[++i];
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) args.push(current);
  return args;
}
