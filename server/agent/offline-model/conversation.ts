import type { LanguageModelV3CallOptions, LanguageModelV3Prompt } from '@ai-sdk/provider';

/** One tool call the assistant made and, once it ran, its result. */
export interface ToolExchange {
  toolCallId: string;
  toolName: string;
  input: Record<string, unknown>;
  /** The tool's output (JSON value or text); undefined while it has not come back yet. */
  output: unknown;
  /** True when the tool threw, its input was rejected, or it returned `{ ok: false }`. */
  failed: boolean;
}

/** One user message and what the assistant did in answer to it. */
export interface Turn {
  userText: string;
  exchanges: ToolExchange[];
  assistantText: string;
}

/** A tool the model may call in this request, as the AI SDK passed it. */
export interface ToolInfo {
  name: string;
  description: string;
  inputSchema: unknown;
}

/** The whole prompt read back as turns; the last turn is the one being answered. */
export interface Conversation {
  system: string;
  turns: Turn[];
  current: Turn;
  tools: Map<string, ToolInfo>;
}

/** Reads the AI SDK prompt (system, user, assistant with tool calls, tool results) into turns. */
export function readConversation(options: Pick<LanguageModelV3CallOptions, 'prompt' | 'tools'>): Conversation {
  const turns = readTurns(options.prompt);
  const tools = new Map<string, ToolInfo>();
  for (const tool of options.tools ?? []) {
    if (tool.type === 'function') tools.set(tool.name, { name: tool.name, description: tool.description ?? '', inputSchema: tool.inputSchema });
  }
  const system = options.prompt.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
  if (turns.length === 0) turns.push({ userText: '', exchanges: [], assistantText: '' });
  return { system, turns, current: turns[turns.length - 1]!, tools };
}

function readTurns(prompt: LanguageModelV3Prompt): Turn[] {
  const turns: Turn[] = [];
  const byId = new Map<string, ToolExchange>();
  for (const message of prompt) {
    if (message.role === 'user') {
      const text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ').trim();
      turns.push({ userText: text, exchanges: [], assistantText: '' });
      continue;
    }
    const turn = turns[turns.length - 1];
    if (!turn) continue;
    if (message.role === 'assistant') {
      for (const part of message.content) {
        if (part.type === 'text') turn.assistantText += part.text;
        if (part.type === 'tool-call') {
          const exchange: ToolExchange = { toolCallId: part.toolCallId, toolName: part.toolName, input: asRecord(parseMaybeJson(part.input)), output: undefined, failed: false };
          turn.exchanges.push(exchange);
          byId.set(part.toolCallId, exchange);
        }
        if (part.type === 'tool-result') fill(byId.get(part.toolCallId), part.output);
      }
    }
    if (message.role === 'tool') {
      for (const part of message.content) if (part.type === 'tool-result') fill(byId.get(part.toolCallId), part.output);
    }
  }
  return turns;
}

function fill(exchange: ToolExchange | undefined, output: { type: string; value?: unknown; reason?: string }): void {
  if (!exchange) return;
  if (output.type === 'json' || output.type === 'text') {
    exchange.output = output.type === 'text' ? parseMaybeJson(output.value) : output.value;
    const value = exchange.output as { ok?: unknown } | null;
    exchange.failed = typeof value === 'object' && value !== null && value.ok === false;
  } else {
    exchange.output = { ok: false, error: { code: output.type, message: String(output.value ?? output.reason ?? 'the tool failed') } };
    exchange.failed = true;
  }
}

function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Every exchange of the conversation, oldest first (earlier turns, then the current one). */
export function allExchanges(conversation: Conversation): ToolExchange[] {
  return conversation.turns.flatMap((turn) => turn.exchanges);
}

/** Exchanges of the turns before the current one: what the conversation held when the user asked. */
export function priorExchanges(conversation: Conversation): ToolExchange[] {
  return conversation.turns.slice(0, -1).flatMap((turn) => turn.exchanges);
}

/** The most recent exchange with that tool name in earlier turns (optionally only successful ones). */
export function lastExchange(conversation: Conversation, toolName: string, options: { succeeded?: boolean } = {}): ToolExchange | undefined {
  return priorExchanges(conversation)
    .filter((e) => e.toolName === toolName && (!options.succeeded || (!e.failed && e.output !== undefined)))
    .at(-1);
}
