import type { CommandGate } from '../../tools/common/command-permission.ts';
import type { Requester } from '../../tools/common/requester.ts';
import { typedCommands } from '../../tools/common/typed-commands.ts';
import type { Services } from '../services.ts';

/**
 * The command gate of one turn: the commands the message types, the confirmations it gives (a plain "yes" to the
 * session's open request), and the operator's shell setting. Built once per turn, before the model runs.
 */
export function createCommandGate(input: { services: Services; sessionId: string; text: string; requester: Requester }): CommandGate {
  const { services, sessionId, text, requester } = input;
  return {
    requester,
    typed: typedCommands(text),
    confirmed: services.confirmations.take(sessionId, text),
    allowShell: services.config.allowShell,
    cwd: process.cwd(),
    requestConfirmation: (argv) => services.confirmations.request(sessionId, argv),
  };
}
