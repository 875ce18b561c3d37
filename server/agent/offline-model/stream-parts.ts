import type { LanguageModelV3Content, LanguageModelV3FinishReason, LanguageModelV3StreamPart, LanguageModelV3Usage } from '@ai-sdk/provider';

/** What the offline model decided to do in one step: call tools, or answer in text. */
export type Action =
  | { type: 'tool-calls'; calls: Array<{ toolName: string; input: Record<string, unknown> }>; /** Said before the calls (the plan). */ text?: string }
  | { type: 'text'; text: string };

/** Rough token count (words), so usage numbers are meaningful without a tokenizer. */
const countTokens = (text: string) => (text.match(/\S+/g) ?? []).length;

export function usageFor(promptText: string, outputText: string): LanguageModelV3Usage {
  const input = countTokens(promptText);
  const output = countTokens(outputText);
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

/** Splits text into word-sized deltas that keep their whitespace, so concatenating them gives the text back. */
export function wordDeltas(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
}

/** The content of a doGenerate result for an action. `idPrefix` makes ids unique per call. */
export function toContent(action: Action, idPrefix: string): LanguageModelV3Content[] {
  if (action.type === 'text') return [{ type: 'text', text: action.text }];
  const calls: LanguageModelV3Content[] = action.calls.map((call, i) => ({ type: 'tool-call', toolCallId: `${idPrefix}-${i}`, toolName: call.toolName, input: JSON.stringify(call.input) }));
  return action.text ? [{ type: 'text', text: action.text }, ...calls] : calls;
}

export function finishReasonFor(action: Action): LanguageModelV3FinishReason {
  return action.type === 'text' ? { unified: 'stop', raw: 'stop' } : { unified: 'tool-calls', raw: 'tool_calls' };
}

/** The stream parts of an action: text word by word, or each tool call as input-start/delta/end then tool-call. */
export function toStreamParts(action: Action, options: { idPrefix: string; modelId: string; usage: LanguageModelV3Usage; now: Date }): LanguageModelV3StreamPart[] {
  const parts: LanguageModelV3StreamPart[] = [
    { type: 'stream-start', warnings: [] },
    { type: 'response-metadata', id: options.idPrefix, modelId: options.modelId, timestamp: options.now },
  ];
  if (action.text) {
    const id = `${options.idPrefix}-text`;
    parts.push({ type: 'text-start', id });
    for (const delta of wordDeltas(action.text)) parts.push({ type: 'text-delta', id, delta });
    parts.push({ type: 'text-end', id });
  }
  if (action.type === 'tool-calls') {
    action.calls.forEach((call, i) => {
      const id = `${options.idPrefix}-${i}`;
      const input = JSON.stringify(call.input);
      parts.push({ type: 'tool-input-start', id, toolName: call.toolName });
      for (let at = 0; at < input.length; at += 24) parts.push({ type: 'tool-input-delta', id, delta: input.slice(at, at + 24) });
      parts.push({ type: 'tool-input-end', id });
      parts.push({ type: 'tool-call', toolCallId: id, toolName: call.toolName, input });
    });
  }
  parts.push({ type: 'finish', finishReason: finishReasonFor(action), usage: options.usage });
  return parts;
}
