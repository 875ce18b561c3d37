import { isConfirmation } from '../../../../tools/common/command-confirmations.ts';
import type { ToolExchange } from '../conversation.ts';
import { isRecord, type Plan, type PlanInput } from '../plan.ts';
import { benchPlan } from './bench.ts';
import { registerTargetPlan } from './targets.ts';

/** The details of a tool result that asks the user to confirm a destructive-looking command. */
export function confirmationAsked(exchange: ToolExchange | undefined): { argv: string[]; reason: string } | null {
  const output = exchange?.output;
  if (!exchange?.failed || !isRecord(output) || !isRecord(output.error) || !isRecord(output.error.details)) return null;
  const details = output.error.details;
  if (details.needs_confirmation !== true || !Array.isArray(details.argv)) return null;
  return { argv: details.argv as string[], reason: typeof details.reason === 'string' ? details.reason : 'it looks destructive' };
}

/** What to say when a tool asks for confirmation: the exact argv and how to confirm. */
export function writeConfirmationQuestion(asked: { argv: string[]; reason: string }): string {
  return `Nothing ran yet: \`${asked.argv.join(' ')}\` looks destructive (${asked.reason}).\n\nReply **yes** to run exactly \`${JSON.stringify(asked.argv)}\`, or tell me what to do instead.`;
}

/**
 * "yes" right after a tool asked to confirm a destructive-looking command: the same call again (the server lets
 * exactly the confirmed argv run in this turn). Any other reply leaves the request to lapse.
 */
export function matchConfirm(input: PlanInput): Plan | null {
  if (!isConfirmation(input.raw)) return null;
  const previous = input.conversation.turns.at(-2)?.exchanges.at(-1);
  if (!previous || !confirmationAsked(previous)) return null;
  if (previous.toolName === 'bench_command') return benchPlan('bench_command', previous.input);
  if (previous.toolName === 'register_target') return registerTargetPlan(previous.input);
  return null;
}
