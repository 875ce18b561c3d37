import type { ToolSet } from 'ai';
import type { Services } from '../services.ts';
import { createBenchTools } from '../../tools/bench/agent-tools.ts';

/**
 * Assembles the agent's tools for one chat turn from every engine's `tools/<engine>/agent-tools.ts`
 * factory. Tool names are a stable contract (the UI, Slack and replays rely on them): see README.
 */
export interface ToolsetContext {
  services: Services;
  /** The chat session the turn belongs to (tools default to the session's latest study). */
  sessionId: string;
  /** Dry run: inputs are validated and recorded, nothing executes. */
  dryRun: boolean;
  /**
   * The user's own message for this turn. A command the user typed here (e.g. in backticks) may be run by
   * `bench_command`; commands appearing only in model text may not (see tools/bench command policy).
   */
  userMessage: string;
}

export function createToolset(context: ToolsetContext): ToolSet {
  return {
    ...createBenchTools(context),
  };
}
