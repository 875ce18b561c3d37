import type { Conversation, ToolExchange } from './conversation.ts';

/** One tool call of a plan. `input` sees the exchanges already done in this turn; null skips the step. */
export interface PlanStep {
  tool: string;
  input: (done: ToolExchange[]) => Record<string, unknown> | null;
  /** When true a failure of this step does not end the plan. */
  optional?: boolean;
  /** A sentence streamed before the call (e.g. the study plan). */
  say?: (input: Record<string, unknown>) => string;
}

/** How the model answers one request: tool calls in order, then prose written from their results. */
export interface Plan {
  intent: string;
  steps: PlanStep[];
  write: (done: ToolExchange[]) => string;
}

export interface PlanOptions {
  /** Trials for a study when the user names no budget (e.g. from TUNECHAT_DEFAULT_TRIALS). */
  defaultTrials?: number;
  /**
   * How requests are understood: `graph` (default: semantic graph + graph attention encoder, keyword rules as
   * fallback), `bow` (the bag-of-words baseline: averaged word vectors → intent, keyword slot parsers) or `keyword`
   * (the keyword rules alone). The last two exist to measure the first (`npm run eval:nlu`).
   */
  understanding?: 'graph' | 'bow' | 'keyword';
}

/** What an area parser sees: the normalized text of the latest user message, the raw text, the conversation. */
export interface PlanInput {
  text: string;
  raw: string;
  conversation: Conversation;
  options: PlanOptions;
}

/** An area of understanding (tuning, follow-ups, benchmarks, rules, …): a plan for the request, or null when it is not about that area. */
export type PlanMatcher = (input: PlanInput) => Plan | null;

/** A plan without tool calls. */
export function textPlan(intent: string, text: string): Plan {
  return { intent, steps: [], write: () => text };
}

/** The `error.message` of a failed tool result (or the text of a thrown tool error). */
export function failureMessage(exchange: ToolExchange): string {
  const output = exchange.output as { error?: { message?: unknown; code?: unknown } | string } | string | undefined;
  if (typeof output === 'string') return output;
  const error = output?.error;
  if (typeof error === 'string') return error;
  return typeof error?.message === 'string' ? error.message : JSON.stringify(output);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
