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
import { keywordUnderstanding } from './understanding/keyword-understanding.ts';
import { loadUnderstanding } from './understanding/load-understanding.ts';
import type { Understanding } from './understanding/understanding.ts';

export interface OfflineModelOptions extends PlanOptions {
  /** Delay between streamed parts in ms (0 = as fast as the consumer reads). Default 0. */
  chunkDelayMs?: number;
  /** An understanding to use instead of loading the configured one (tests). */
  understandingImpl?: Understanding;
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
  private understanding: Understanding | null;
  constructor(private readonly options: OfflineModelOptions = {}) {
    this.understanding = options.understandingImpl ?? null;
  }

  /**
   * Loads the configured understanding (word vectors, tfjs backend and encoder weights: once per process). A load
   * failure is reported and the keyword rules answer instead, so the chat keeps working.
   */
  async ready(): Promise<Understanding> {
    if (!this.understanding) {
      try {
        this.understanding = await loadUnderstanding(this.options.understanding ?? 'graph');
      } catch (error) {
        reportLoadFailure(this.options.understanding ?? 'graph', error);
        this.understanding = keywordUnderstanding;
      }
    }
    return this.understanding;
  }

  /** The action for this step (after `ready()`; before it, the keyword rules answer). */
  decide(callOptions: Pick<LanguageModelV3CallOptions, 'prompt' | 'tools'>): Action {
    return planStep(readConversation(callOptions), this.options, this.understanding ?? keywordUnderstanding);
  }

  async doGenerate(callOptions: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    await this.ready();
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
    await this.ready();
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

const reported = new Set<string>();

/** Says once per process why an understanding did not load (every model of the process falls back the same way). */
function reportLoadFailure(kind: string, error: unknown): void {
  if (reported.has(kind)) return;
  reported.add(kind);
  console.error(`offline model: the ${kind} understanding did not load (${(error as Error).message}); the keyword rules answer instead`);
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
