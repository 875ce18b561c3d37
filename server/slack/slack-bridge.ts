import { App, LogLevel, SocketModeReceiver, webApi, type Logger } from '@slack/bolt';
import type { Context } from 'hono';
import { SlackStore } from '../../db/slack-store.ts';
import type { SlackConfig } from '../config.ts';
import type { Services } from '../services.ts';
import { CallPacer } from './call-pacer.ts';
import { Conversations, type IncomingMessage, type RunTurn } from './conversations.ts';
import { SLACK_DEFAULTS, type SlackBridgeOptions } from './defaults.ts';
import { HonoSlackReceiver } from './hono-receiver.ts';
import { slackCall, type SlackCallFailure } from './slack-call.ts';
import { slackPrincipal } from './slack-principal.ts';
import { SlackLink, type SlackConnection, type SlackIdentity, type SlackLinkStatus } from './slack-link.ts';
import { StudyProgress, type StudyEvents } from './study-progress.ts';
import { forwardAlerts, type AlertSource } from './thread-alerts.ts';

/** The running Slack bridge. */
export interface SlackBridge {
  /** HTTP mode: the `/slack/events` route handler (mount with `app.post('/slack/events', c => bridge.handle(c))`). Null in Socket Mode. */
  handle: ((c: Context) => Promise<Response>) | null;
  mode: 'http' | 'socket';
  /**
   * Authenticates SLACK_BOT_TOKEN (auth.test) and, in Socket Mode, then connects. Resolves once the first attempt
   * has an outcome (at most `connect.attemptTimeoutMs` per step) and never rejects: after a transient failure it
   * keeps retrying in the background; after a permanent one (invalid_auth, …) the bridge stays off. Until it is
   * up, `/slack/events` answers 503 and Socket Mode stays disconnected; the rest of tunechat is unaffected.
   */
  start(): Promise<void>;
  /** Stops retrying, waits for running turns and pending Slack edits, then disconnects. */
  stop(): Promise<void>;
  /** Whether the bridge is up, and if not why (for `/healthz`). */
  status(): SlackBridgeStatus;
  /** Resolves when every accepted message has been answered and every pending Slack edit sent (tests, shutdown). */
  idle(): Promise<void>;
}

/** The bridge's mode and connection state. */
export interface SlackBridgeStatus extends SlackLinkStatus {
  mode: 'http' | 'socket';
}

export interface SlackBridgeDeps {
  services: Services;
  config: SlackConfig;
  /** Base URL of the web UI for links (`Config.publicUrl`). */
  publicUrl: string;
  runTurn: RunTurn;
  options?: Partial<SlackBridgeOptions>;
  logger?: Logger;
  /** Reported Slack API failures (after retries) and failed start-up attempts, e.g. `{ method: 'auth.test', error: 'invalid_auth' }`. */
  onFailure?: (failure: SlackCallFailure) => void;
}

/**
 * Builds the Slack bridge on Bolt 5: HTTP Events API through the Hono app (`SLACK_SIGNING_SECRET`), or Socket
 * Mode when `SLACK_APP_TOKEN` is set. Mentions, DMs and `/tune` become chat turns (see `Conversations`); study
 * progress and rule alerts go to the thread that started the study.
 */
export function createSlackBridge(deps: SlackBridgeDeps): SlackBridge {
  const options: SlackBridgeOptions = { ...SLACK_DEFAULTS, ...deps.options };
  const { services, config } = deps;
  const logger = deps.logger ?? consoleLogger();
  const now = () => services.clock.now();
  const socketMode = config.appToken !== null;
  if (!socketMode && !config.signingSecret) {
    throw new Error('SLACK_SIGNING_SECRET is required for the Slack HTTP Events API (or set SLACK_APP_TOKEN to use Socket Mode)');
  }
  const apiUrl = config.apiUrl ? (config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/`) : 'https://slack.com/api/';
  const clientOptions = { ...(config.apiUrl ? { slackApiUrl: apiUrl } : {}), retryConfig: options.retryConfig };
  // Start-up calls fail fast and SlackLink retries them: no WebClient retries, rate limits rejected with Retry-After.
  const connectClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.connect.attemptTimeoutMs,
  };
  // Socket Mode: built here (not by App) so that SlackLink alone decides when to connect and reconnect (the
  // client's own reconnect loop rejects unhandled when Slack is unreachable), and stop() can wait for the close.
  const socketReceiver = socketMode
    ? new SocketModeReceiver({
        appToken: config.appToken as string,
        logger: quiet(logger, /^(WebSocket error|Failed to retrieve a new WSS URL)/),
        autoReconnectEnabled: false,
        installerOptions: { clientOptions: connectClientOptions },
      })
    : null;
  const authClient = new webApi.WebClient(config.botToken, { ...connectClientOptions, logger: quiet(logger) });
  const link = new SlackLink({
    authenticate: () => authenticate(authClient),
    ...(socketReceiver ? { connect: () => connectSocket(socketReceiver), disconnect: () => socketReceiver.client.disconnect() } : {}),
    apiUrl,
    clock: services.clock,
    options: options.connect,
    logger,
    ...(deps.onFailure ? { onFailure: deps.onFailure } : {}),
  });
  const unavailable = () => {
    const status = link.status();
    if (status.state === 'up') return null;
    if (status.state === 'stopped') return { state: status.state, message: 'tunechat is shutting down' };
    return { state: status.state, message: status.message ?? 'The Slack bridge is still authenticating with Slack; retry shortly.' };
  };
  const receiver = socketMode ? null : new HonoSlackReceiver({ signingSecret: config.signingSecret, ackTimeoutMs: options.ackTimeoutMs, now, logger, unavailable });
  // No `token`: with one, Bolt runs auth.test in its constructor and nothing awaits the result, so a rejected or
  // unreachable token became an unhandled rejection that killed the server. SlackLink authenticates instead, and
  // `authorize` hands Bolt the identity it found (events only reach Bolt once the link is up).
  const app = new App({
    receiver: (socketReceiver ?? receiver) as HonoSlackReceiver | SocketModeReceiver,
    authorize: async () => {
      const identity = link.identity;
      if (!identity) throw new Error('the Slack bridge has not authenticated SLACK_BOT_TOKEN yet');
      return { botToken: config.botToken, botId: identity.botId, botUserId: identity.botUserId, teamId: identity.teamId };
    },
    clientOptions,
    logger,
  });
  const client = new webApi.WebClient(config.botToken, { ...clientOptions, logger });
  const store = new SlackStore(services.db);
  const sessionUrl = (sessionId: string) => `${deps.publicUrl.replace(/\/$/, '')}/s/${encodeURIComponent(sessionId)}`;
  const pacer = new CallPacer({ intervals: options.pacing, now, sleep: (ms) => services.clock.sleep(ms) });
  const conversations = new Conversations({
    services, runTurn: deps.runTurn, store, client, logger, options, sessionUrl, pacer, allowCommands: config.allowTypedCommands,
    principalFor: (slackUserId) => slackPrincipal(services.iam, slackUserId),
    ...(deps.onFailure ? { onFailure: deps.onFailure } : {}),
  });
  const background = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    background.add(work);
    void work.finally(() => background.delete(work));
  };

  // Duplicate deliveries (x-slack-retry-num retries, redelivery after a restart) never start a second run.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !store.claimEvent(eventId, now())) {
      logger.debug(`Slack event ${eventId} already handled; ignoring the retry`);
      return;
    }
    await next();
  });

  let lastPrune = now();
  const allowed = (userId: string) => config.allowedUsers.length === 0 || config.allowedUsers.includes(userId);
  const refuse = (channel: string, threadTs: string, userId: string) =>
    track(slackCall({ client, logger, pacer, method: 'chat.postMessage', args: { channel, thread_ts: threadTs, text: notAllowedText(userId) } }));
  const accept = (message: IncomingMessage & { ts: string }) => {
    if (now() - lastPrune > 60 * 60 * 1000) {
      lastPrune = now();
      store.pruneEvents(lastPrune - options.eventRetentionMs);
    }
    // A DM mentioning the bot arrives both as message.im and app_mention: one run per message.
    if (!store.claimEvent(`message:${message.channel}:${message.ts}`, now())) return;
    if (!allowed(message.userId)) return refuse(message.channel, message.threadTs, message.userId);
    if (message.text === '') {
      track(slackCall({ client, logger, pacer, method: 'chat.postMessage', args: { channel: message.channel, thread_ts: message.threadTs, text: HINT } }));
      return;
    }
    track(conversations.enqueue(message));
  };

  app.event('app_mention', async ({ event, body }) => {
    if (!event.user || !event.text) return;
    accept({
      teamId: teamOf(body, event), channel: event.channel, threadTs: event.thread_ts ?? event.ts, ts: event.ts, userId: event.user, text: stripMentions(event.text),
    });
  });

  app.event('message', async ({ event, body }) => {
    const m = event as { channel_type?: string; subtype?: string; bot_id?: string; user?: string; text?: string; channel: string; ts: string; thread_ts?: string };
    if (m.channel_type !== 'im' || m.subtype !== undefined || m.bot_id !== undefined || !m.user || !m.text) return;
    accept({ teamId: teamOf(body, m), channel: m.channel, threadTs: m.thread_ts ?? m.ts, ts: m.ts, userId: m.user, text: stripMentions(m.text) });
  });

  app.command('/tune', async ({ command, ack, respond, client }) => {
    const request = command.text.trim();
    if (!allowed(command.user_id)) {
      await ack({ response_type: 'ephemeral', text: notAllowedText(command.user_id) });
      return;
    }
    if (!request) {
      await ack({ response_type: 'ephemeral', text: 'Usage: `/tune <request>`, e.g. `/tune minimize p99 latency of my-service over workers and batch size`' });
      return;
    }
    await ack();
    if (!store.claimEvent(`command:${command.trigger_id}`, now())) return;
    track(
      (async () => {
        await pacer.wait('chat.postMessage', command.channel_id);
        const parent = await client.chat
          .postMessage({ channel: command.channel_id, text: `<@${command.user_id}> asked: /tune ${request}` })
          .catch((error: unknown) => ({ ok: false, ts: undefined, error: (error as { data?: { error?: string } }).data?.error ?? String(error) }));
        if (!parent.ts) {
          const reason = 'error' in parent ? String(parent.error) : 'unknown error';
          await respond({ response_type: 'ephemeral', text: `tunechat cannot post in this channel (${reason}). Invite the app to the channel, or DM it.` }).catch(() => {});
          return;
        }
        await conversations.enqueue({ teamId: command.team_id, channel: command.channel_id, threadTs: parent.ts, userId: command.user_id, text: request });
      })(),
    );
  });

  app.error(async (error) => {
    if (error.code === 'slack_bolt_authorization_error') {
      logger.error(`Slack event ignored: ${error.message}`);
      return;
    }
    logger.error('Slack listener error', error);
  });

  const optional = services as Services & { studies?: StudyEvents; rules?: AlertSource };
  const progress = optional.studies ? new StudyProgress({ studies: optional.studies, store, client, logger, options, now, sessionUrl, pacer }) : null;
  const stopAlerts = optional.rules ? forwardAlerts({ rules: optional.rules, studies: optional.studies ?? null, store, client, logger, track, pacer }) : () => {};
  store.pruneEvents(now() - options.eventRetentionMs);

  const idle = async () => {
    while (background.size > 0) await Promise.all([...background]);
    await conversations.idle();
    await progress?.idle();
  };
  return {
    handle: receiver ? (c) => receiver.handle(c) : null,
    mode: socketMode ? 'socket' : 'http',
    start: () => link.start(),
    async stop() {
      stopAlerts();
      progress?.stop();
      await idle();
      await link.stop();
    },
    status: () => ({ mode: socketMode ? 'socket' : 'http', ...link.status() }),
    idle,
  };
}

const HINT = 'Ask me something in this thread, e.g. "minimize p99 latency of my-service over workers and batch size", "benchmark http://127.0.0.1:8080/ for 20 s", or "what can you tune?".';

function notAllowedText(userId: string): string {
  return `Sorry <@${userId}>, this tunechat server only takes requests from the users listed in SLACK_ALLOWED_USERS.`;
}

/** `<@U123>` mentions are addressed to the bot, not part of the request. */
export function stripMentions(text: string): string {
  return text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, '').replace(/\s+/g, ' ').trim();
}

function teamOf(body: unknown, event: unknown): string {
  return (event as { team?: string }).team ?? (body as { team_id?: string }).team_id ?? '';
}

/** auth.test → the bot's identity; a token without a bot user (user or app-level token) is refused for good. */
async function authenticate(client: webApi.WebClient): Promise<SlackIdentity> {
  const result = await client.auth.test();
  if (!result.bot_id || !result.user_id) {
    throw Object.assign(new Error('auth.test returned no bot_id: SLACK_BOT_TOKEN is not a bot token'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'not_allowed_token_type' },
    });
  }
  return { botUserId: result.user_id, botId: result.bot_id, teamId: result.team_id ?? '' };
}

/** Socket Mode: opens the websocket (no automatic reconnects: SlackLink reconnects when `closed` settles). */
async function connectSocket(receiver: SocketModeReceiver): Promise<SlackConnection> {
  try {
    await receiver.start();
  } catch (error) {
    // The client rejects with nothing when the websocket closes before Slack's hello.
    throw error ?? Object.assign(new Error('the Socket Mode websocket closed before Slack said hello'), { code: 'socket_closed' });
  }
  return { closed: new Promise((resolve) => receiver.client.once('disconnected', resolve)) };
}

/**
 * The start-up clients' own messages would repeat SlackLink's one line per distinct failure: their info and warn
 * lines (and errors matching `noisyErrors`, e.g. Socket Mode's two lines per failed connect) become debug lines.
 */
function quiet(logger: Logger, noisyErrors?: RegExp): Logger {
  return {
    debug: (...msg) => logger.debug(...msg),
    info: (...msg) => logger.debug(...msg),
    warn: (...msg) => logger.debug(...msg),
    error: (...msg) => (noisyErrors && typeof msg[0] === 'string' && noisyErrors.test(msg[0]) ? logger.debug(...msg) : logger.error(...msg)),
    getLevel: () => logger.getLevel(),
    setLevel: () => {},
    setName: () => {},
  };
}

function consoleLogger(): Logger {
  let level = LogLevel.INFO;
  const at = (l: LogLevel) => [LogLevel.ERROR, LogLevel.WARN, LogLevel.INFO, LogLevel.DEBUG].indexOf(l);
  const log = (l: LogLevel, write: (...a: unknown[]) => void) => (...msg: unknown[]) => {
    if (at(l) <= at(level)) write('[slack]', ...msg);
  };
  return {
    debug: log(LogLevel.DEBUG, console.debug),
    info: log(LogLevel.INFO, console.info),
    warn: log(LogLevel.WARN, console.warn),
    error: log(LogLevel.ERROR, console.error),
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}
