import type { Logger, webApi } from '@slack/bolt';

import type { CallPacer } from './call-pacer.ts';

type WebClient = webApi.WebClient;

/** A Slack Web API failure as the bridge reports it: the method and Slack's error code (`invalid_auth`, `channel_not_found`, …). */
export interface SlackCallFailure {
  method: string;
  error: string;
  message: string;
}

/**
 * Calls a Web API method and never throws. Rate limits (HTTP 429 + Retry-After) and network errors are retried
 * by the WebClient itself (`retryConfig`); what still fails (`invalid_auth`, `channel_not_found`, retries
 * exhausted) is logged and handed to `onFailure`, and the call resolves to null, so a Slack outage can
 * degrade a reply but never crash the server.
 */
export async function slackCall<T = Record<string, unknown>>(options: {
  client: WebClient;
  method: string;
  args: Record<string, unknown>;
  logger: Logger;
  /** Keeps calls under Slack's per-method rate limits (see CallPacer). */
  pacer?: CallPacer;
  onFailure?: (failure: SlackCallFailure) => void;
}): Promise<(T & { ok: boolean }) | null> {
  const { client, method, args, logger } = options;
  try {
    await options.pacer?.wait(method, args.channel);
    return (await client.apiCall(method, args)) as unknown as T & { ok: boolean };
  } catch (error) {
    const failure = describeFailure(method, error);
    logger.warn(`Slack ${method} failed: ${failure.error} (${failure.message})`);
    options.onFailure?.(failure);
    return null;
  }
}

function describeFailure(method: string, error: unknown): SlackCallFailure {
  const e = error as { code?: string; data?: { error?: string }; message?: string; retryAfter?: number };
  const code = e?.data?.error ?? (e?.code === 'slack_webapi_rate_limited_error' ? 'ratelimited' : e?.code) ?? 'unknown_error';
  return { method, error: code, message: e?.message ?? String(error) };
}
