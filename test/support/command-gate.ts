import type { CommandGate } from '../../tools/common/command-permission.ts';
import { OPERATOR, type Requester } from '../../tools/common/requester.ts';
import { typedCommands } from '../../tools/common/typed-commands.ts';

/** The command gate of a turn whose message is `text` (the operator by default), recording confirmation requests. */
export function gateFor(text: string, options: { requester?: Requester; confirmed?: string[][]; allowShell?: boolean; cwd?: string } = {}): CommandGate & { requested: string[][] } {
  const requested: string[][] = [];
  return {
    requester: options.requester ?? OPERATOR,
    typed: typedCommands(text),
    confirmed: options.confirmed ?? [],
    allowShell: options.allowShell ?? false,
    cwd: options.cwd ?? process.cwd(),
    requestConfirmation: (argv) => requested.push([...argv]),
    requested,
  };
}
