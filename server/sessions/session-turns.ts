/** One tool call as stored in an assistant message (AI SDK 6 tool part). */
export interface StoredToolCall {
  name: string;
  input: unknown;
  /** The final output (preliminary outputs are superseded by it), or undefined when the call failed. */
  output?: unknown;
  errorText?: string;
}

/** One chat turn: the user's text, then what the assistant did. */
export interface SessionTurn {
  userText: string;
  toolCalls: StoredToolCall[];
  assistantText: string;
}

interface PartLike {
  type: string;
  text?: string;
  toolName?: string;
  input?: unknown;
  output?: unknown;
  errorText?: string;
  state?: string;
}

/**
 * Splits a session's stored UIMessages (in order) into turns: each user message and the assistant message(s)
 * after it. Tool parts are `tool-<name>` (static tools) or `dynamic-tool` (with `toolName`).
 */
export function sessionTurns(messages: readonly { role: string; parts?: unknown }[]): SessionTurn[] {
  const turns: SessionTurn[] = [];
  for (const message of messages) {
    const parts = (Array.isArray(message.parts) ? message.parts : []) as PartLike[];
    if (message.role === 'user') {
      turns.push({ userText: textOf(parts), toolCalls: [], assistantText: '' });
      continue;
    }
    const turn = turns.at(-1);
    if (!turn || message.role !== 'assistant') continue;
    turn.assistantText += textOf(parts);
    for (const part of parts) {
      const name = part.type === 'dynamic-tool' ? part.toolName : part.type.startsWith('tool-') ? part.type.slice('tool-'.length) : null;
      if (!name) continue;
      turn.toolCalls.push({
        name,
        input: part.input,
        ...(part.state === 'output-error' ? { errorText: part.errorText ?? 'error' } : { output: part.output }),
      });
    }
  }
  return turns;
}

function textOf(parts: readonly PartLike[]): string {
  return parts
    .filter((p) => p.type === 'text')
    .map((p) => p.text ?? '')
    .join('');
}
