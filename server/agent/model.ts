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
}

/**
 * The chat model from configuration: the offline model (default, no network), any OpenAI-compatible
 * endpoint (Ollama, llama.cpp server, vLLM: chat completions with streamed usage), OpenAI (chat
 * completions API) or Anthropic. Request retries and timeouts are set by the turn runner (`maxRetries`,
 * `abortSignal`), so a down endpoint ends the turn with an error instead of hanging.
 */
export function createModel(config: ModelConfig, options: CreateModelOptions = {}): LanguageModel {
  const fetch = options.fetch ? { fetch: options.fetch } : {};
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
  const trials = (config as { defaultTrials?: number }).defaultTrials;
  return trials === undefined ? {} : { defaultTrials: trials };
}
