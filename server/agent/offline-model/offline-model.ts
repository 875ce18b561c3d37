import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
} from '@ai-sdk/provider';
import { createHash } from 'node:crypto';
import { readConversation } from './conversation.ts';
import { planStep, type PlanOptions } from './planner.ts';
import { finishReasonFor, toContent, toStreamParts, usageFor, type Action } from './stream-parts.ts';

export interface OfflineModelOptions extends PlanOptions {
  /** Delay between streamed parts in ms (0 = as fast as the consumer reads). Default 0. */
  chunkDelayMs?: number;
}

/**
 * tunechat's built-in chat model: deterministic, no network. It reads the whole conversation (user
 * messages, its own earlier tool calls and their results) and either calls the next tool of its plan
 * for the latest request, or writes the answer in prose from the tool results. Implements the AI SDK
 * provider spec (`LanguageModelV3`), so `streamText` drives it like any hosted model.
 */
export class OfflineModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3' as const;
  readonly provider = 'tunechat';
  readonly modelId = 'offline-1';
  readonly supportedUrls = {};
  constructor(private readonly options: OfflineModelOptions = {}) {}

  /** The action for this step; exposed for tests that check understanding without the turn loop. */
  decide(callOptions: Pick<LanguageModelV3CallOptions, 'prompt' | 'tools'>): Action {
    return planStep(readConversation(callOptions), this.options);
  }

  async doGenerate(callOptions: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const action = this.decide(callOptions);
    const idPrefix = idFor(callOptions);
    return {
      content: toContent(action, idPrefix),
      finishReason: finishReasonFor(action),
      usage: usageFor(promptText(callOptions), actionText(action)),
      warnings: [],
    };
  }

  async doStream(callOptions: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const action = this.decide(callOptions);
    const parts = toStreamParts(action, {
      idPrefix: idFor(callOptions),
      modelId: this.modelId,
      usage: usageFor(promptText(callOptions), actionText(action)),
      now: new Date(0),
    });
    const delay = this.options.chunkDelayMs ?? 0;
    const signal = callOptions.abortSignal;
    let index = 0;
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      async pull(controller) {
        if (signal?.aborted) {
          controller.error(signal.reason ?? new Error('aborted'));
          return;
        }
        if (index >= parts.length) {
          controller.close();
          return;
        }
        if (delay > 0 && index > 1) await new Promise((resolve) => setTimeout(resolve, delay));
        controller.enqueue(parts[index++]!);
      },
    });
    return { stream };
  }
}

/** Ids derived from the prompt: the same conversation gives the same ids, and every step of a session differs. */
function idFor(callOptions: LanguageModelV3CallOptions): string {
  return `call_${createHash('sha1').update(JSON.stringify(callOptions.prompt)).digest('hex').slice(0, 16)}`;
}

function promptText(callOptions: LanguageModelV3CallOptions): string {
  return callOptions.prompt
    .map((m) => (typeof m.content === 'string' ? m.content : m.content.map((p) => ('text' in p ? p.text : '')).join(' ')))
    .join('\n');
}

function actionText(action: Action): string {
  return action.type === 'text' ? action.text : action.calls.map((c) => JSON.stringify(c.input)).join(' ');
}
