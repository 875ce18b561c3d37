import type { LanguageModelV3StreamPart, LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';

/** One scripted model step: text (streamed word by word), tool calls, or a thrown error. */
export type ScriptedStep =
  | { text: string }
  | { toolCalls: { toolName: string; input: unknown }[] }
  | { error: Error };

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/** The stream parts of one scripted step, as a LanguageModelV3 would emit them. */
export function stepParts(step: ScriptedStep, stepIndex = 0): LanguageModelV3StreamPart[] {
  const parts: LanguageModelV3StreamPart[] = [{ type: 'stream-start', warnings: [] }];
  if ('error' in step) return [...parts, { type: 'error', error: step.error }];
  if ('text' in step) {
    const id = `text-${stepIndex}`;
    parts.push({ type: 'text-start', id });
    for (const word of step.text.match(/\S+\s*/g) ?? []) parts.push({ type: 'text-delta', id, delta: word });
    parts.push({ type: 'text-end', id });
    parts.push({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage });
    return parts;
  }
  step.toolCalls.forEach((call, i) => {
    parts.push({ type: 'tool-call', toolCallId: `call-${stepIndex}-${i}`, toolName: call.toolName, input: JSON.stringify(call.input) });
  });
  parts.push({ type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage });
  return parts;
}

/**
 * A mock model that plays `steps` in order, one per `doStream` call (repeating the last step when the
 * agent asks for more). `chunkDelayInMs` spaces the parts out so tests can abort or drop mid-answer.
 * Honors the call's abort signal, like a real provider.
 */
export function scriptedModel(steps: ScriptedStep[], options: { chunkDelayInMs?: number } = {}): MockLanguageModelV3 {
  let call = 0;
  return new MockLanguageModelV3({
    doStream: async (callOptions: LanguageModelV3CallOptions) => {
      const index = Math.min(call, steps.length - 1);
      call += 1;
      const step = steps[index]!;
      const stream = simulateReadableStream({ chunks: stepParts(step, index), chunkDelayInMs: options.chunkDelayInMs ?? null });
      return { stream: abortable(stream, callOptions.abortSignal) };
    },
  });
}

/** A model whose every call throws `error` (e.g. an endpoint that is down). */
export function failingModel(error: Error): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    doStream: async () => {
      throw error;
    },
  });
}

function abortable<T>(stream: ReadableStream<T>, signal: AbortSignal | undefined): ReadableStream<T> {
  if (!signal) return stream;
  const reader = stream.getReader();
  return new ReadableStream<T>({
    async pull(controller) {
      if (signal.aborted) {
        controller.error(signal.reason);
        return;
      }
      const { done, value } = await reader.read();
      if (signal.aborted) controller.error(signal.reason);
      else if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/**
 * A mock model that decides each step from the prompt (`route` sees the call's messages), so one model can
 * serve several chats in a test: e.g. call a tool when the last message is the user's, answer after a tool result.
 */
export function routedModel(
  route: (prompt: LanguageModelV3CallOptions['prompt']) => ScriptedStep & { chunkDelayInMs?: number },
): MockLanguageModelV3 {
  let call = 0;
  return new MockLanguageModelV3({
    doStream: async (callOptions: LanguageModelV3CallOptions) => {
      const step = route(callOptions.prompt);
      const stream = simulateReadableStream({ chunks: stepParts(step, call++), chunkDelayInMs: step.chunkDelayInMs ?? null });
      return { stream: abortable(stream, callOptions.abortSignal) };
    },
  });
}

/** The text of the last user message in a prompt. */
export function lastUserText(prompt: LanguageModelV3CallOptions['prompt']): string {
  const user = [...prompt].reverse().find((m) => m.role === 'user');
  if (!user || typeof user.content === 'string') return '';
  return user.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}
