/**
 * Configuration, read from the environment once at start-up into a frozen object.
 * Inner code takes what it needs from `Config`; it never reads `process.env` itself.
 */
import { parseAllowedHosts } from '../tools/common/allowed-hosts.ts';
import { queueOverridesFromEnv, resolveQueueOptions, type QueueOptions } from '../tools/distributed/queue-options.ts';
export interface Config {
  host: string;
  port: number;
  /** SQLite file; `:memory:` for tests. Default `./data/tunechat.db`. */
  dbPath: string;
  model: ModelConfig;
  /** Hosts (besides loopback) that benchmarks may send load to. From TUNECHAT_ALLOWED_HOSTS (comma-separated). */
  allowedHosts: string[];
  /** Public URL of the web UI, used in links (Slack). Default http://HOST:PORT. Its origin and name are accepted as Origin/Host. */
  publicUrl: string;
  /** Further origins whose pages may use the API and websocket, e.g. `https://tunechat.example.com` (TUNECHAT_ALLOWED_ORIGINS, comma-separated). */
  allowedOrigins: string[];
  /** Whether a user may run a shell they typed literally (`sh -c '…'` in backticks): TUNECHAT_ALLOW_SHELL=1. Off by default. */
  allowShell: boolean;
  slack: SlackConfig | null;
  /** Request sizes and concurrent work ({@link LIMIT_DEFAULTS}; env vars in {@link LIMIT_ENV}). */
  limits: Limits;
  /** Who must log in (issue 16): TUNECHAT_AUTH, TUNECHAT_ALLOW_UNAUTHENTICATED, TUNECHAT_METRICS_PUBLIC. */
  auth: AuthConfig;
  /** Distributed trials (docs/distributed.md); null without TUNECHAT_REDIS_URL (`tunechat serve --redis` sets it). */
  queue: QueueConfig | null;
}

export interface QueueConfig {
  /** TUNECHAT_REDIS_URL, with the TUNECHAT_QUEUE_* timings. */
  options: Readonly<QueueOptions>;
  /** Studies that do not say `distributed` run on workers: TUNECHAT_DISTRIBUTED=1 (the default with a Redis URL) or 0. */
  byDefault: boolean;
}

/**
 * `auto` (the default): authentication is required once the server listens beyond loopback or a user exists;
 * `on`: always; `off`: never (every request is the operator). See server/security/auth-mode.ts.
 */
export type AuthMode = 'auto' | 'on' | 'off';

export interface AuthConfig {
  /** TUNECHAT_AUTH (auto | on | off; default auto). */
  mode: AuthMode;
  /**
   * TUNECHAT_ALLOW_UNAUTHENTICATED=1: the operator's explicit override to listen beyond loopback with authentication
   * off. Without it such a server refuses to start; with it the start-up banner warns that anyone who can reach the
   * port acts as the operator.
   */
  allowUnauthenticated: boolean;
  /** TUNECHAT_METRICS_PUBLIC=1: `/metrics` stays open for a Prometheus scraper even when authentication is on. */
  metricsPublic: boolean;
}

/**
 * Limits that keep one client (a websocket connection, a Slack member, the CLI) from exhausting the server.
 * The websocket frame limit is part of the protocol (server/ws/chat-connection.ts `MAX_FRAME_BYTES`, 1 MiB).
 */
export interface Limits {
  /** Largest request body of a REST route (and `POST /slack/events`), in bytes. Fixed at 1 MiB. */
  bodyBytes: number;
  /** Largest session file `POST /api/sessions/import` accepts, in bytes (TUNECHAT_MAX_IMPORT_BYTES). */
  importBytes: number;
  /** Chat turns one client may run at once (TUNECHAT_MAX_TURNS_PER_CLIENT). */
  turnsPerClient: number;
  /** Chat turns the server runs at once, all clients together (TUNECHAT_MAX_TURNS). */
  turns: number;
  /** Studies one client may have running at once (TUNECHAT_MAX_STUDIES_PER_CLIENT). */
  studiesPerClient: number;
  /** Studies running at once, all clients together (TUNECHAT_MAX_STUDIES). */
  studies: number;
}

const MIB = 1024 * 1024;

/** The defaults of {@link Limits}, in one place. */
export const LIMIT_DEFAULTS: Readonly<Limits> = Object.freeze({
  bodyBytes: MIB,
  importBytes: 16 * MIB,
  turnsPerClient: 4,
  turns: 16,
  studiesPerClient: 3,
  studies: 8,
});

/** The env var that overrides each configurable limit (a positive integer). */
export const LIMIT_ENV = Object.freeze({
  importBytes: 'TUNECHAT_MAX_IMPORT_BYTES',
  turnsPerClient: 'TUNECHAT_MAX_TURNS_PER_CLIENT',
  turns: 'TUNECHAT_MAX_TURNS',
  studiesPerClient: 'TUNECHAT_MAX_STUDIES_PER_CLIENT',
  studies: 'TUNECHAT_MAX_STUDIES',
} satisfies Partial<Record<keyof Limits, string>>);

export type ModelConfig =
  | { kind: 'local'; /** Trials of a study when the user names no budget (TUNECHAT_DEFAULT_TRIALS). */ defaultTrials?: number }
  | { kind: 'openai-compatible'; baseUrl: string; modelId: string; apiKey: string | null }
  | { kind: 'openai'; modelId: string; apiKey: string; baseUrl: string | null }
  | { kind: 'anthropic'; modelId: string; apiKey: string; baseUrl: string | null };

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  appToken: string | null;
  apiUrl: string | null;
  /** Slack user ids allowed to talk to tunechat (SLACK_ALLOWED_USERS, comma-separated); empty = every member who can reach the app. */
  allowedUsers: string[];
  /**
   * Whether a command a Slack member types in a message may be run by `bench_command` (SLACK_ALLOW_TYPED_COMMANDS=1).
   * Off by default: Slack members are not necessarily the operator, so in Slack only registered targets' commands run.
   */
  allowTypedCommands: boolean;
}

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Env = process.env): Readonly<Config> {
  const host = env.HOST ?? '127.0.0.1';
  const port = parsePort(env.PORT ?? '8787');
  const config: Config = {
    host,
    port,
    dbPath: env.TUNECHAT_DB ?? './data/tunechat.db',
    model: loadModelConfig(env),
    allowedHosts: parseAllowedHostsEnv(env.TUNECHAT_ALLOWED_HOSTS ?? ''),
    publicUrl: env.TUNECHAT_PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    allowedOrigins: parseOrigins(env.TUNECHAT_ALLOWED_ORIGINS ?? ''),
    allowShell: env.TUNECHAT_ALLOW_SHELL === '1',
    slack: env.SLACK_BOT_TOKEN
      ? {
          botToken: env.SLACK_BOT_TOKEN,
          signingSecret: env.SLACK_SIGNING_SECRET ?? '',
          appToken: env.SLACK_APP_TOKEN ?? null,
          apiUrl: env.SLACK_API_URL ?? null,
          allowedUsers: (env.SLACK_ALLOWED_USERS ?? '').split(',').map((u) => u.trim()).filter(Boolean),
          allowTypedCommands: env.SLACK_ALLOW_TYPED_COMMANDS === '1',
        }
      : null,
    limits: loadLimits(env),
    auth: loadAuth(env),
    queue: loadQueue(env),
  };
  return Object.freeze(config);
}

function loadQueue(env: Env): QueueConfig | null {
  const url = env.TUNECHAT_REDIS_URL;
  if (url === undefined || url === '') return null;
  try {
    return Object.freeze({ options: resolveQueueOptions(url, queueOverridesFromEnv(env)), byDefault: env.TUNECHAT_DISTRIBUTED === undefined || env.TUNECHAT_DISTRIBUTED === '' ? true : flag(env, 'TUNECHAT_DISTRIBUTED') });
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`TUNECHAT_REDIS_URL / TUNECHAT_QUEUE_*: ${(error as Error).message}`);
  }
}

const AUTH_MODES: readonly AuthMode[] = ['auto', 'on', 'off'];

function loadAuth(env: Env): AuthConfig {
  const mode = env.TUNECHAT_AUTH === undefined || env.TUNECHAT_AUTH === '' ? 'auto' : env.TUNECHAT_AUTH;
  if (!(AUTH_MODES as readonly string[]).includes(mode)) throw new ConfigError(`TUNECHAT_AUTH must be one of auto, on, off; got "${mode}"`);
  return Object.freeze({
    mode: mode as AuthMode,
    allowUnauthenticated: flag(env, 'TUNECHAT_ALLOW_UNAUTHENTICATED'),
    metricsPublic: flag(env, 'TUNECHAT_METRICS_PUBLIC'),
  });
}

/** A 0/1 switch; anything else is a typo that must not silently mean "off" (or "on"). */
function flag(env: Env, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new ConfigError(`${name} must be 1 (on) or 0 (off), got "${raw}"`);
}

function loadLimits(env: Env): Limits {
  const limits: Limits = { ...LIMIT_DEFAULTS };
  for (const [key, name] of Object.entries(LIMIT_ENV) as [keyof typeof LIMIT_ENV, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
    limits[key] = value;
  }
  return Object.freeze(limits);
}

function parseOrigins(raw: string): string[] {
  return raw.split(',').map((o) => o.trim()).filter(Boolean).map((o) => {
    let url: URL | null = null;
    try {
      url = new URL(o);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== o.replace(/\/$/, '')) {
      throw new ConfigError(`TUNECHAT_ALLOWED_ORIGINS must list origins like https://tunechat.example.com (scheme, host, optional port; no path), got "${o}"`);
    }
    return url.origin;
  });
}

/** Comma-separated host policy entries, checked once here so a typo stops start-up instead of refusing every request. */
function parseAllowedHostsEnv(raw: string): string[] {
  const entries = raw.split(',').map((h) => h.trim()).filter(Boolean);
  try {
    parseAllowedHosts(entries);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return entries;
}

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got "${raw}"`);
  }
  return port;
}

function loadModelConfig(env: Env): ModelConfig {
  const kind = env.TUNECHAT_MODEL ?? 'local';
  switch (kind) {
    case 'local': {
      const raw = env.TUNECHAT_DEFAULT_TRIALS;
      if (raw === undefined) return { kind: 'local' };
      const defaultTrials = Number(raw);
      if (!Number.isInteger(defaultTrials) || defaultTrials < 1) throw new ConfigError(`TUNECHAT_DEFAULT_TRIALS must be a positive integer, got "${raw}"`);
      return { kind: 'local', defaultTrials };
    }
    case 'openai-compatible': {
      const baseUrl = env.TUNECHAT_BASE_URL;
      if (!baseUrl) throw new ConfigError('TUNECHAT_MODEL=openai-compatible needs TUNECHAT_BASE_URL (e.g. http://127.0.0.1:11434/v1)');
      return { kind, baseUrl, modelId: env.TUNECHAT_MODEL_ID ?? 'default', apiKey: env.TUNECHAT_API_KEY ?? null };
    }
    case 'openai':
    case 'anthropic': {
      const apiKey = env.TUNECHAT_API_KEY ?? (kind === 'openai' ? env.OPENAI_API_KEY : env.ANTHROPIC_API_KEY);
      if (!apiKey) throw new ConfigError(`TUNECHAT_MODEL=${kind} needs TUNECHAT_API_KEY (or ${kind === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY'})`);
      const modelId = env.TUNECHAT_MODEL_ID ?? (kind === 'openai' ? 'gpt-4o-mini' : 'claude-sonnet-4-5');
      return { kind, modelId, apiKey, baseUrl: env.TUNECHAT_BASE_URL ?? null };
    }
    default:
      throw new ConfigError(`TUNECHAT_MODEL must be one of local, openai-compatible, openai, anthropic; got "${kind}"`);
  }
}
