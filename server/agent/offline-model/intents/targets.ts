import { isRecord, type Plan, type PlanInput } from '../plan.ts';
import { describeTargets } from '../writers/targets.ts';
import { countBefore } from '../normalize.ts';
import { parseCommandLine } from '../../../../tools/common/command-line.ts';

const LIST = /\bwhat (?:can|could) (?:you|i|we) (?:tune|optimiz\w*)\b|\b(?:list|show|which|what|available)\b.{0,20}\btargets?\b|\bwhat (?:models?|services?) (?:do you know|are registered|can i tune)\b|\bwhat'?s registered\b/;
const REGISTER = /\b(register|add|create)\b.{0,30}\btarget\b|\bregister\b/;

/** "what can you tune?" → list_targets; "register a target called …" → register_target. */
export function matchTargets(input: PlanInput): Plan | null {
  if (REGISTER.test(input.text)) return registerPlan(input);
  if (!LIST.test(input.text)) return null;
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
  const name = /\b(?:called|named|name)\s+["'`]?([a-z0-9][a-z0-9_.-]*)/.exec(input.text)?.[1] ?? /\bas (?:a |the |my )?(?:new )?target\s+["'`]?([a-z0-9][a-z0-9_.-]*)/.exec(input.text)?.[1];
  const command = /`([^`]+)`/.exec(input.raw)?.[1];
  const url = /\bhttps?:\/\/[^\s,)]+/i.exec(input.raw)?.[0];
  if (!name || (!command && !url)) {
    return { intent: 'register_target', steps: [], write: () => 'To register a target I need a name ("called …") and how to run it: a command in backticks, or an http URL, plus the metrics it reports, e.g. "register a target called scorer that runs `python3 score.py` and reports accuracy (maximize) and latency_ms (minimize)". You can also add it to `tunechat.json` or use `tunechat targets add`.' };
  }
  const metrics = [
    ...input.text.matchAll(/\b([a-z][a-z0-9_]*)\s*\((maximi[sz]e|minimi[sz]e|max|min)\)/g),
    // "it prints time_ms which should be minimised"
    ...input.text.matchAll(/\b([a-z][a-z0-9_]*)\s*,?\s*(?:which|that)\s+(?:should|must|needs to)\s+be\s+(maximi[sz]ed|minimi[sz]ed|max|min)/g),
  ].map((m) => ({ name: m[1]!, direction: m[2]!.startsWith('max') ? 'maximize' : 'minimize' }));
  const spec = command ? { kind: 'command', command: argvOf(command) } : { kind: 'http', url: url! };
  const target: Record<string, unknown> = { name, ...spec, metrics };
  const timeout = countBefore(input.text, 's timeout|seconds timeout');
  if (timeout) target.timeout_s = timeout;
  return registerTargetPlan(target);
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
