/**
 * Settings shared by the server's dispatcher and the workers: the Redis URL, key prefix and the timings of BullMQ's
 * stalled-job handling, heartbeats and control polling. Defaults live in {@link QUEUE_DEFAULTS}, applied once by
 * {@link resolveQueueOptions}; tests shorten the timings so a killed worker's trial is retried within seconds.
 */
import { ToolError } from '../common/errors.ts';

export interface QueueTimings {
  /** A job's lock lasts this long and is renewed at half of it; a worker that dies loses its jobs after it (BullMQ lockDuration). */
  lockMs: number;
  /** How often workers look for jobs whose lock expired (BullMQ stalledInterval). */
  stalledIntervalMs: number;
  /** A job that stalls (its worker died) more often than this fails (BullMQ maxStalledCount). */
  maxStalls: number;
  /** Workers write their heartbeat this often; it expires after 3 of these. */
  heartbeatMs: number;
  /** A running trial's worker checks for a stop or prune this often (besides at each report). */
  controlPollMs: number;
  /** The server checks that each job it waits for still exists this often (results lost to a Redis failure). */
  jobCheckMs: number;
  /** How long finished jobs stay in Redis, so a restarted server finds results that arrived while it was down. */
  keepFinishedMs: number;
  /** Connecting to Redis gives up after this long (start-up checks, `tunechat worker`). */
  connectTimeoutMs: number;
}

export interface QueueOptions extends QueueTimings {
  /** redis://[user:password@]host:port[/db] or rediss:// (TLS). */
  url: string;
  /** Prefix of every key (BullMQ's `prefix`; heartbeats and control keys use it too). */
  prefix: string;
}

export const QUEUE_DEFAULTS: Readonly<Omit<QueueOptions, 'url'>> = Object.freeze({
  prefix: 'tunechat',
  lockMs: 30_000,
  stalledIntervalMs: 15_000,
  maxStalls: 2,
  heartbeatMs: 5_000,
  controlPollMs: 1_000,
  jobCheckMs: 5_000,
  keepFinishedMs: 7 * 86_400_000,
  connectTimeoutMs: 5_000,
});

export function resolveQueueOptions(url: string, overrides: Partial<Omit<QueueOptions, 'url'>> = {}): Readonly<QueueOptions> {
  checkRedisUrl(url);
  return Object.freeze({ ...QUEUE_DEFAULTS, ...overrides, url });
}

/** Throws `ToolError('invalid_argument')` unless `url` is a redis:// or rediss:// URL. */
export function checkRedisUrl(url: string): void {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || !parsed.hostname) {
    throw new ToolError('invalid_argument', `a Redis URL looks like redis://host:6379 (or rediss:// for TLS), got "${redactRedisUrl(url)}"`, { details: { parameter: 'redis', value: redactRedisUrl(url) } });
  }
}

/** The URL without its password, for logs and messages. */
export function redactRedisUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/)([^@/]*:)?[^@/]*@/, (_, scheme: string, user: string | undefined) => `${scheme}${user ?? ''}***@`);
}

/**
 * Connection options for BullMQ: commands wait through a Redis restart (`maxRetriesPerRequest: null`, which BullMQ
 * requires for workers) and reconnects back off from 200 ms to 2 s.
 */
export function connectionOptions(options: Pick<QueueOptions, 'url' | 'connectTimeoutMs'>) {
  return {
    url: options.url,
    maxRetriesPerRequest: null,
    connectTimeout: options.connectTimeoutMs,
    retryStrategy: (times: number) => Math.min(200 * times, 2_000),
  };
}

/** Env vars that override {@link QUEUE_DEFAULTS} (milliseconds, positive integers), for the server and `tunechat worker` alike. */
export const QUEUE_ENV = Object.freeze({
  prefix: 'TUNECHAT_QUEUE_PREFIX',
  lockMs: 'TUNECHAT_QUEUE_LOCK_MS',
  stalledIntervalMs: 'TUNECHAT_QUEUE_STALLED_INTERVAL_MS',
  maxStalls: 'TUNECHAT_QUEUE_MAX_STALLS',
  heartbeatMs: 'TUNECHAT_QUEUE_HEARTBEAT_MS',
  controlPollMs: 'TUNECHAT_QUEUE_CONTROL_POLL_MS',
  jobCheckMs: 'TUNECHAT_QUEUE_JOB_CHECK_MS',
  keepFinishedMs: 'TUNECHAT_QUEUE_KEEP_FINISHED_MS',
  connectTimeoutMs: 'TUNECHAT_QUEUE_CONNECT_TIMEOUT_MS',
} satisfies Record<keyof Omit<QueueOptions, 'url'>, string>);

/** The overrides set in `env`; throws ToolError `invalid_argument` naming the variable and its value. */
export function queueOverridesFromEnv(env: Record<string, string | undefined>): Partial<Omit<QueueOptions, 'url'>> {
  const overrides: Partial<Omit<QueueOptions, 'url'>> = {};
  for (const [key, name] of Object.entries(QUEUE_ENV) as [keyof typeof QUEUE_ENV, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (key === 'prefix') {
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(raw)) throw new ToolError('invalid_argument', `${name} must be 1-64 letters, digits, _ . -, got "${raw}"`, { details: { parameter: name, value: raw } });
      overrides.prefix = raw;
      continue;
    }
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) throw new ToolError('invalid_argument', `${name} must be a positive integer, got "${raw}"`, { details: { parameter: name, value: raw } });
    overrides[key] = value;
  }
  return overrides;
}
