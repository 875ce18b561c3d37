import type { ToolSet } from 'ai';

/** What every tool returns in a dry run. */
export interface DryRunResult {
  dry_run: true;
  tool: string;
  input: unknown;
}

/**
 * Dry run: the same tools (names, descriptions, zod input schemas, so the AI SDK still validates every
 * input and rejects bad ones as `tool-input-error`), but `execute` only echoes the validated input.
 * The call and its input are recorded like any other (stream chunks, stored message); nothing runs.
 */
export function dryRunTools(tools: ToolSet): ToolSet {
  const wrapped: ToolSet = {};
  for (const [name, original] of Object.entries(tools)) {
    wrapped[name] = { ...original, execute: async (input: unknown): Promise<DryRunResult> => ({ dry_run: true, tool: name, input }) } as ToolSet[string];
  }
  return wrapped;
}
