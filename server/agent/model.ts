import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { ModelConfig } from '../config.ts';
import { OfflineModel, type OfflineModelOptions } from './offline-model/offline-model.ts';

export interface CreateModelOptions {
  /** Options of the offline model (ignored for hosted providers). */
  offline?: OfflineModelOptions;
  /** Injected fetch (tests); defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  /**
   * A hosted model must start answering (response headers) within this many ms, else the request is
   * aborted and the turn ends with an error instead of hanging. Streaming after that is not limited.
   * Default 60 000.
   */
  responseTimeoutMs?: number;
}

const DEFAULT_RESPONSE_TIMEOUT_MS = 60_000;

/**
 * The chat model from configuration: the offline model (default, no network), any OpenAI-compatible
 * endpoint (Ollama, llama.cpp server, vLLM: chat completions with streamed usage), OpenAI (chat
 * completions API) or Anthropic. Request retries and timeouts are set by the turn runner (`maxRetries`,
 * `abortSignal`), so a down endpoint ends the turn with an error instead of hanging.
 */
export function createModel(config: ModelConfig, options: CreateModelOptions = {}): LanguageModel {
  const fetch = { fetch: withResponseTimeout(options.fetch ?? globalThis.fetch, options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS) };
  switch (config.kind) {
    case 'local':
      return new OfflineModel({ ...offlineDefaults(config), ...options.offline });
    case 'openai-compatible':
      return createOpenAICompatible({
        name: 'openai-compatible',
        baseURL: config.baseUrl,
        ...(config.apiKey ? { apiKey: config.apiKey } : {}),
        includeUsage: true,
        ...fetch,
      }).chatModel(config.modelId);
    case 'openai':
      return createOpenAI({ apiKey: config.apiKey, ...(config.baseUrl ? { baseURL: config.baseUrl } : {}), ...fetch }).chat(config.modelId);
    case 'anthropic':
      return createAnthropic({ apiKey: config.apiKey, ...(config.baseUrl ? { baseURL: config.baseUrl } : {}), ...fetch })(config.modelId);
  }
}

function offlineDefaults(config: ModelConfig & { kind: 'local' }): OfflineModelOptions {
  return config.defaultTrials === undefined ? {} : { defaultTrials: config.defaultTrials };
}

/** Wraps fetch so that a request whose response headers do not arrive within `ms` is aborted with a clear message. */
export function withResponseTimeout(fetch: typeof globalThis.fetch, ms: number): typeof globalThis.fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`the model endpoint did not answer within ${ms} ms`)), ms);
    const outer = init?.signal;
    const onAbort = () => controller.abort(outer?.reason);
    if (outer?.aborted) onAbort();
    outer?.addEventListener('abort', onAbort, { once: true });
    try {
      return await fetch(input, { ...init, signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
  };
}
