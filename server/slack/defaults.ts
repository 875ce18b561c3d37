/**
 * Slack bridge defaults, applied once when the bridge is built (`createSlackBridge`).
 * Rate limits from Slack's docs: chat.postMessage ≈ 1 message/s per channel (special tier), chat.update is
 * Tier 3 (≈ 50/min), chat.appendStream is Tier 4; Slack expects an HTTP ack within 3 s.
 */
export interface SlackBridgeOptions {
  /** Longest wait for a listener's ack() before the HTTP response goes out anyway (Slack's limit is 3 s). */
  ackTimeoutMs: number;
  /** Minimum time between two edits of a streamed reply (chat.update / chat.appendStream). */
  replyIntervalMs: number;
  /** Minimum time between two edits of a study's status message. */
  progressIntervalMs: number;
  /** A reply longer than this continues in a new message (fallback mode; Slack truncates long messages). */
  maxMessageChars: number;
  /** Largest markdown_text of one chat.appendStream call (Slack's limit is 12,000). */
  streamChunkChars: number;
  /** `auto`: Slack's streaming API, falling back to placeholder + chat.update; `update`: only the fallback. */
  streaming: 'auto' | 'update';
  /** Web API retries (rate limits honour Retry-After; network errors back off). */
  retryConfig: { retries: number; factor: number; minTimeout: number; maxTimeout: number };
  /** Event ids are kept this long for duplicate detection (Slack retries for about an hour). */
  eventRetentionMs: number;
  /** Minimum ms between two calls of a method, process-wide (chat.postMessage: per channel). See CallPacer. */
  pacing: Record<string, number>;
  /** Start-up and reconnection (see SlackLink): each attempt's time limit, and the capped exponential backoff between attempts. */
  connect: SlackConnectOptions;
}

/** How the bridge keeps trying to reach Slack after transient failures (network errors, timeouts, HTTP 5xx, rate limits). */
export interface SlackConnectOptions {
  /** Longest wait for one auth.test, or one Socket Mode connect (apps.connections.open + websocket hello). */
  attemptTimeoutMs: number;
  /** Wait before the first retry; each further retry waits `factor` times longer, up to `maxBackoffMs`. */
  minBackoffMs: number;
  maxBackoffMs: number;
  factor: number;
}

export const SLACK_DEFAULTS: Readonly<SlackBridgeOptions> = Object.freeze({
  ackTimeoutMs: 2500,
  replyIntervalMs: 1200,
  progressIntervalMs: 5000,
  maxMessageChars: 3500,
  streamChunkChars: 11_000,
  streaming: 'auto',
  retryConfig: { retries: 4, factor: 2, minTimeout: 1000, maxTimeout: 30_000 },
  eventRetentionMs: 24 * 60 * 60 * 1000,
  // chat.postMessage ≈ 1/s per channel; chat.update Tier 3 (≈ 50/min); chat.appendStream Tier 4 (≈ 100/min).
  pacing: { 'chat.postMessage': 1000, 'chat.update': 1200, 'chat.appendStream': 600 },
  // Retries after 1, 2, 4, … s, then every 5 min; Slack's rate-limit Retry-After wins when longer.
  connect: { attemptTimeoutMs: 15_000, minBackoffMs: 1000, maxBackoffMs: 5 * 60 * 1000, factor: 2 },
});
