/** Anything that lists targets with their run specs (the target registry). */
export interface TargetLister {
  list(): Promise<readonly { spec: unknown }[]>;
}

/**
 * The argv of every registered `command` target: the operator chose them, so they may run (or be registered again
 * under another name) without being typed in the message (tools/common/command-permission.ts).
 */
export async function registeredCommands(targets: TargetLister | undefined): Promise<string[][]> {
  const list = (await targets?.list()) ?? [];
  return list
    .map((t) => t.spec as { kind?: unknown; command?: unknown })
    .filter((spec) => spec.kind === 'command' && Array.isArray(spec.command) && spec.command.every((a) => typeof a === 'string'))
    .map((spec) => spec.command as string[]);
}
