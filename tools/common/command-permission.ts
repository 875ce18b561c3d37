import { runsShell } from './command-line.ts';
import { sameArgv } from './command-confirmations.ts';
import { destructiveReason } from './destructive-command.ts';
import { ToolError } from './errors.ts';
import type { Requester } from './requester.ts';
import type { TypedCommand } from './typed-commands.ts';

/**
 * What one chat turn may run, built by the server for each turn (server/chat/command-gate.ts) from how the turn
 * arrived and what the user wrote; tools never see a way to widen it.
 */
export interface CommandGate {
  requester: Requester;
  /** The commands this turn's message explicitly asks to run (backticks or a code block after a run verb). */
  typed: readonly TypedCommand[];
  /** Destructive-looking argvs the user confirmed with this message ("yes" after being asked). */
  confirmed: readonly (readonly string[])[];
  /** Whether the operator allows shells (`sh -c '…'` typed literally): TUNECHAT_ALLOW_SHELL=1. */
  allowShell: boolean;
  /** The working directory commands run in (writes outside it need a confirmation). */
  cwd: string;
  /** Asks the user to confirm `argv` in their next message. */
  requestConfirmation(argv: readonly string[]): void;
}

/**
 * Throws `forbidden` unless `argv` may run (or be registered to run) in this turn. Allowed: a registered target's
 * exact argv; otherwise, for a requester that may run commands, an argv equal token by token to one the user typed
 * in this message (parsed by a shell-words parser, no shell syntax), shells only when the operator enabled them, and
 * destructive-looking commands only once the user confirmed them in a following message.
 */
export function checkCommandPermission(argv: readonly string[], gate: CommandGate, options: { registered: readonly (readonly string[])[]; parameter: string }): void {
  const { parameter } = options;
  const shown = JSON.stringify(argv);
  if (argv.length === 0 || argv.some((a) => typeof a !== 'string')) {
    throw new ToolError('invalid_argument', `${parameter} must be a non-empty array of strings, got ${shown}`, { details: { parameter, argv } });
  }
  if (options.registered.some((r) => sameArgv(r, argv))) return;
  if (!gate.requester.commands) throw notForRequester(gate.requester, argv, parameter);
  if (/[{}]/.test(argv[0]!)) {
    throw forbidden(`the program ${JSON.stringify(argv[0])} must be written literally, not as a {parameter}`, argv, parameter, 'program-literal');
  }
  if (gate.confirmed.some((c) => sameArgv(c, argv))) return;
  if (!gate.typed.some((t) => t.parsed.ok && sameArgv(t.parsed.argv, argv))) {
    const refused = gate.typed.find((t) => !t.parsed.ok);
    if (refused && !refused.parsed.ok) {
      throw forbidden(`the command \`${refused.text}\` is not a plain program and arguments: ${refused.parsed.reason}. Nothing ran. Write the program and its arguments without shell syntax (quote arguments that contain ; | & $ * or spaces)${gate.allowShell ? ", or a shell literally as sh -c '…'" : ''}.`, argv, parameter, 'plain-argv');
    }
    throw forbidden(`${shown} was not typed by the user as a command in this message, so it cannot run. Ask the user to write the exact command in backticks after a verb, e.g. "benchmark \`${argv.join(' ')}\`", or to register it as a target (tunechat targets add, or tunechat.json).`, argv, parameter, 'typed-exactly');
  }
  if (runsShell(argv) && !gate.allowShell) {
    throw forbidden(`${shown} runs a shell, and shells are off. Run the program directly as an argument array, or the operator can enable shells with TUNECHAT_ALLOW_SHELL=1.`, argv, parameter, 'shell-disabled');
  }
  const reason = destructiveReason(argv, { cwd: gate.cwd });
  if (reason) {
    gate.requestConfirmation(argv);
    throw new ToolError('forbidden', `\`${argv.join(' ')}\` looks destructive (${reason}). Nothing ran. It runs only after the user confirms: ask them to reply "yes" to run exactly ${shown}.`, {
      details: { parameter, argv, rule: 'confirm-destructive', needs_confirmation: true, reason },
    });
  }
}

function notForRequester(requester: Requester, argv: readonly string[], parameter: string): ToolError {
  const why =
    requester.source === 'slack'
      ? 'Commands from Slack do not run: Slack members are not necessarily the operator. Only targets the operator registered (tunechat targets add, tunechat.json, or the operator\'s own web UI) can run; the operator can allow Slack members to run and register commands with SLACK_ALLOW_TYPED_COMMANDS=1.'
      : `Commands do not run for a ${requester.source} request: only targets the operator registered can.`;
  return forbidden(`${JSON.stringify(argv)} cannot run. ${why}`, argv, parameter, 'operator-only');
}

function forbidden(message: string, argv: readonly string[], parameter: string, rule: string): ToolError {
  return new ToolError('forbidden', message, { details: { parameter, argv, rule } });
}
