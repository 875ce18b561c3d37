import type { Logger } from '@slack/bolt';
import type { Clock } from '../../tools/common/clock.ts';
import { classifySlackError, type ClassifiedSlackError } from './classify-slack-error.ts';
import type { SlackConnectOptions } from './defaults.ts';
import type { SlackCallFailure } from './slack-call.ts';

/**
 * `starting`: the first attempt is under way; `up`: authenticated (and, in Socket Mode, connected); `retrying`: a
 * transient failure, the next attempt is scheduled; `off`: Slack refused the token for good (fix it and restart);
 * `stopped`: the server is shutting down.
 */
export type SlackLinkState = 'starting' | 'up' | 'retrying' | 'off' | 'stopped';

/** The bridge's connection to Slack, as `GET /healthz` and `POST /slack/events` (503 while not up) report it. */
export interface SlackLinkStatus {
  state: SlackLinkState;
  /** The last failure's code (`invalid_auth`, `ECONNREFUSED`, `http_503`, `ratelimited`, `timeout`, …); null when up. */
  error: string | null;
  /** One line: what is wrong and how to fix it; null when up. */
  message: string | null;
  /** Attempts so far (auth.test, and Socket Mode connects). */
  attempts: number;
}

/** Who SLACK_BOT_TOKEN is, from auth.test. */
export interface SlackIdentity {
  botUserId: string;
  botId: string;
  teamId: string;
}

/** An open Socket Mode connection: `closed` settles when it drops. */
export interface SlackConnection {
  closed: Promise<unknown>;
}

export interface SlackLinkDeps {
  /** auth.test with SLACK_BOT_TOKEN; rejects with the Web API's error. Must not retry by itself. */
  authenticate(): Promise<SlackIdentity>;
  /** Socket Mode only: apps.connections.open + websocket; resolves once Slack said hello. Must not reconnect by itself. */
  connect?: () => Promise<SlackConnection>;
  /** Socket Mode only: closes the websocket (after a timed-out attempt, and on stop). Must resolve. */
  disconnect?: () => Promise<void>;
  /** For messages: where the Web API is (SLACK_API_URL or Slack's). */
  apiUrl: string;
  clock: Pick<Clock, 'sleep'>;
  options: SlackConnectOptions;
  logger: Logger;
  /** Every failed attempt, e.g. `{ method: 'auth.test', error: 'invalid_auth' }`. */
  onFailure?: (failure: SlackCallFailure) => void;
}

type Step = 'auth.test' | 'apps.connections.open';

/**
 * Brings the Slack bridge up and keeps it up, without ever throwing: authenticates SLACK_BOT_TOKEN with an explicit
 * auth.test (Bolt's own background auth.test rejected unhandled and killed the server), then in Socket Mode opens
 * the websocket. Transient failures (network, timeout, HTTP 5xx, rate limit) are retried with capped exponential
 * backoff, forever; permanent ones (invalid_auth, token_revoked, …, see PERMANENT_SLACK_ERRORS) turn the bridge
 * off with one log line naming the error and the fix. A Socket Mode connection that drops is reopened the same way.
 */
export class SlackLink {
  readonly #deps: SlackLinkDeps;
  readonly #abort = new AbortController();
  /** Rejects on stop (handled: only ever raced against). */
  readonly #stopped: Promise<never>;
  #status: SlackLinkStatus = { state: 'starting', error: null, message: null, attempts: 0 };
  #identity: SlackIdentity | null = null;
  #loop: Promise<void> | null = null;
  #firstOutcome: Promise<void> | null = null;

  constructor(deps: SlackLinkDeps) {
    this.#deps = deps;
    this.#stopped = new Promise<never>((_, reject) => this.#abort.signal.addEventListener('abort', () => reject(this.#abort.signal.reason), { once: true }));
    this.#stopped.catch(() => {});
  }

  /** The bot's identity once auth.test succeeded, else null. */
  get identity(): SlackIdentity | null {
    return this.#identity;
  }

  status(): SlackLinkStatus {
    return { ...this.#status };
  }

  /**
   * Starts connecting (once). Resolves when the first attempt has an outcome (up, off, or retrying in the
   * background), which takes at most `attemptTimeoutMs` per step; never rejects.
   */
  start(): Promise<void> {
    if (!this.#loop) {
      let settle: () => void = () => {};
      this.#firstOutcome = new Promise<void>((resolve) => (settle = resolve));
      this.#loop = this.#run(settle).catch((error: unknown) => {
        // Unreachable by design; a bug here must still not take the server down.
        this.#set('off', 'internal_error', `Slack bridge off: ${error instanceof Error ? error.message : String(error)}`);
        this.#deps.logger.error(this.#status.message);
        settle();
      });
    }
    return this.#firstOutcome as Promise<void>;
  }

  /** Stops retrying, abandons an attempt in flight, and closes the Socket Mode connection. */
  async stop(): Promise<void> {
    this.#abort.abort();
    this.#status = { ...this.#status, state: 'stopped' };
    await this.#loop;
    await this.#deps.disconnect?.();
  }

  async #run(settle: () => void): Promise<void> {
    const { logger, options } = this.#deps;
    const signal = this.#abort.signal;
    let failures = 0;
    while (!signal.aborted) {
      this.#status.attempts += 1;
      let step: Step = 'auth.test';
      try {
        this.#identity ??= await this.#bounded(this.#deps.authenticate(), step);
        step = 'apps.connections.open';
        const connection = this.#deps.connect ? await this.#bounded(this.#deps.connect(), step, () => this.#deps.disconnect?.()) : null;
        if (signal.aborted) return;
        const { botUserId, teamId } = this.#identity;
        logger.info(`Slack bridge up: bot <@${botUserId}> in team ${teamId}${failures > 0 ? ` after ${failures} failed attempt(s)` : ''}`);
        failures = 0;
        this.#set('up', null, null);
        settle();
        if (!connection) return;
        await Promise.race([connection.closed, this.#stopped]);
        if (signal.aborted) return;
        this.#set('retrying', 'disconnected', 'Slack Socket Mode connection closed; reconnecting');
        logger.warn(this.#status.message);
      } catch (error) {
        if (signal.aborted) return;
        failures += 1;
        const failure = classifySlackError(error);
        this.#deps.onFailure?.({ method: step, error: failure.code, message: failure.message });
        if (failure.permanent) {
          this.#set('off', failure.code, offMessage(step, failure));
          logger.error(this.#status.message);
          settle();
          return;
        }
        const delayMs = Math.max(backoffMs(failures, options), failure.retryAfterMs ?? 0);
        const repeated = this.#status.state === 'retrying' && this.#status.error === failure.code;
        this.#set('retrying', failure.code, retryMessage(step, failure, delayMs, failures, this.#deps.apiUrl));
        // One clear line per distinct failure; the same failure again is only worth a debug line.
        if (repeated) logger.debug(this.#status.message);
        else logger.error(this.#status.message);
        settle();
        if (step === 'apps.connections.open') await this.#deps.disconnect?.();
        await Promise.race([this.#deps.clock.sleep(delayMs, signal), this.#stopped]).catch(() => {});
      }
    }
  }

  /**
   * Resolves or rejects like `work`, but gives up after `attemptTimeoutMs` or on stop. An abandoned attempt's
   * late rejection is swallowed; a late success is undone with `undo` (a websocket opened after we gave up).
   */
  async #bounded<T>(work: Promise<T>, step: Step, undo?: () => Promise<void> | undefined): Promise<T> {
    let abandoned = false;
    work.then(
      () => (abandoned ? undo?.()?.catch(() => {}) : undefined),
      () => {},
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limitMs = this.#deps.options.attemptTimeoutMs;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`${step} did not answer within ${limitMs} ms`), { code: 'timeout' })), limitMs);
    });
    try {
      return await Promise.race([work, timeout, this.#stopped]);
    } catch (error) {
      abandoned = true;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  #set(state: SlackLinkState, error: string | null, message: string | null): void {
    if (this.#status.state === 'stopped') return;
    this.#status = { state, error, message, attempts: this.#status.attempts };
  }
}

/** Capped exponential backoff: minBackoffMs × factor^(failures − 1), at most maxBackoffMs. */
export function backoffMs(failures: number, options: Pick<SlackConnectOptions, 'minBackoffMs' | 'maxBackoffMs' | 'factor'>): number {
  return Math.min(options.maxBackoffMs, options.minBackoffMs * options.factor ** Math.max(0, failures - 1));
}

const KEEPS_WORKING = 'The web UI and API keep working.';

function offMessage(step: Step, failure: ClassifiedSlackError): string {
  if (step === 'apps.connections.open') {
    return `Slack bridge off: Slack rejected SLACK_APP_TOKEN (apps.connections.open: ${failure.code}). Fix: set SLACK_APP_TOKEN to an app-level token (xapp-…, Basic Information → App-Level Tokens) with the connections:write scope, then restart tunechat. ${KEEPS_WORKING}`;
  }
  return `Slack bridge off: Slack rejected SLACK_BOT_TOKEN (auth.test: ${failure.code}). Fix: ${botTokenFix(failure.code)}, then restart tunechat. ${KEEPS_WORKING}`;
}

function botTokenFix(code: string): string {
  switch (code) {
    case 'not_authed':
      return 'no token reached Slack; set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-…, OAuth & Permissions)';
    case 'token_revoked':
    case 'token_expired':
      return 'the token was revoked or expired (app uninstalled?); reinstall the app to the workspace and set SLACK_BOT_TOKEN to its new Bot User OAuth Token (xoxb-…)';
    case 'account_inactive':
    case 'team_disabled':
    case 'user_removed_from_team':
      return 'the bot user or the workspace is deactivated; reinstall the app in an active workspace and set SLACK_BOT_TOKEN to its Bot User OAuth Token (xoxb-…)';
    case 'not_allowed_token_type':
      return 'SLACK_BOT_TOKEN must be the Bot User OAuth Token (xoxb-…), not a user (xoxp-) or app-level (xapp-) token';
    case 'missing_scope':
    case 'no_permission':
      return 'give the app the bot scopes listed in the README, reinstall it, and set SLACK_BOT_TOKEN to its new Bot User OAuth Token (xoxb-…)';
    default:
      return code.startsWith('http_')
        ? 'check SLACK_API_URL (unset it to use https://slack.com/api/)'
        : 'set SLACK_BOT_TOKEN to the app\'s Bot User OAuth Token (xoxb-…, OAuth & Permissions)';
  }
}

function retryMessage(step: Step, failure: ClassifiedSlackError, delayMs: number, failures: number, apiUrl: string): string {
  const seconds = delayMs >= 1000 ? `${Math.round(delayMs / 1000)} s` : `${delayMs} ms`;
  const where = step === 'auth.test' ? `check that tunechat can reach ${apiUrl}` : 'check that tunechat can reach Slack (wss-primary.slack.com)';
  return `Slack bridge not connected: ${step} failed (${failure.code}: ${failure.message}); retry ${failures} in ${seconds}, the Slack bridge is off until then; ${where}. ${KEEPS_WORKING}`;
}
