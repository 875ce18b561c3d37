import { App, LogLevel, SocketModeReceiver, type Logger } from '@slack/bolt';
import type { Context } from 'hono';
import { SlackStore } from '../../db/slack-store.ts';
import type { SlackConfig } from '../config.ts';
import type { Services } from '../services.ts';
import { CallPacer } from './call-pacer.ts';
import { Conversations, type IncomingMessage, type RunTurn } from './conversations.ts';
import { SLACK_DEFAULTS, type SlackBridgeOptions } from './defaults.ts';
import { HonoSlackReceiver } from './hono-receiver.ts';
import { slackCall, type SlackCallFailure } from './slack-call.ts';
import { StudyProgress, type StudyEvents } from './study-progress.ts';
import { forwardAlerts, type AlertSource } from './thread-alerts.ts';

/** The running Slack bridge. */
export interface SlackBridge {
  /** HTTP mode: the `/slack/events` route handler (mount with `app.post('/slack/events', c => bridge.handle(c))`). Null in Socket Mode. */
  handle: ((c: Context) => Promise<Response>) | null;
  mode: 'http' | 'socket';
  /** Socket Mode connects here; HTTP mode has nothing to start (the Hono server listens). */
  start(): Promise<void>;
  /** Waits for running turns and pending Slack edits, then disconnects. */
  stop(): Promise<void>;
  /** Resolves when every accepted message has been answered and every pending Slack edit sent (tests, shutdown). */
  idle(): Promise<void>;
}

export interface SlackBridgeDeps {
  services: Services;
  config: SlackConfig;
  /** Base URL of the web UI for links (`Config.publicUrl`). */
  publicUrl: string;
  runTurn: RunTurn;
  options?: Partial<SlackBridgeOptions>;
  logger?: Logger;
  /** Reported Slack API failures (after retries), e.g. to surface `invalid_auth` in logs or tests. */
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
  const receiver = socketMode ? null : new HonoSlackReceiver({ signingSecret: config.signingSecret, ackTimeoutMs: options.ackTimeoutMs, now, logger });
  const clientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/` } : {}),
    retryConfig: options.retryConfig,
  };
  // Socket Mode: built here (not by App) so that stop() can wait for the websocket to close.
  const socketReceiver = socketMode ? new SocketModeReceiver({ appToken: config.appToken as string, logger, installerOptions: { clientOptions } }) : null;
  const app = new App({ token: config.botToken, receiver: (socketReceiver ?? receiver) as HonoSlackReceiver | SocketModeReceiver, clientOptions, logger });
  const store = new SlackStore(services.db);
  const sessionUrl = (sessionId: string) => `${deps.publicUrl.replace(/\/$/, '')}/s/${encodeURIComponent(sessionId)}`;
  const pacer = new CallPacer({ intervals: options.pacing, now, sleep: (ms) => services.clock.sleep(ms) });
  const conversations = new Conversations({
    services, runTurn: deps.runTurn, store, client: app.client, logger, options, sessionUrl, pacer, allowCommands: config.allowTypedCommands,
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
    track(slackCall({ client: app.client, logger, pacer, method: 'chat.postMessage', args: { channel, thread_ts: threadTs, text: notAllowedText(userId) } }));
  const accept = (message: IncomingMessage & { ts: string }) => {
    if (now() - lastPrune > 60 * 60 * 1000) {
      lastPrune = now();
      store.pruneEvents(lastPrune - options.eventRetentionMs);
    }
    // A DM mentioning the bot arrives both as message.im and app_mention: one run per message.
    if (!store.claimEvent(`message:${message.channel}:${message.ts}`, now())) return;
    if (!allowed(message.userId)) return refuse(message.channel, message.threadTs, message.userId);
    if (message.text === '') {
      track(slackCall({ client: app.client, logger, pacer, method: 'chat.postMessage', args: { channel: message.channel, thread_ts: message.threadTs, text: HINT } }));
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
    const original = (error as { original?: { data?: { error?: string } } }).original?.data?.error;
    if (error.code === 'slack_bolt_authorization_error') {
      logger.error(`Slack rejected SLACK_BOT_TOKEN (${original ?? error.message}): events are ignored until the token is fixed`);
      deps.onFailure?.({ method: 'auth.test', error: original ?? 'authorization_error', message: error.message });
      return;
    }
    logger.error('Slack listener error', error);
  });

  const optional = services as Services & { studies?: StudyEvents; rules?: AlertSource };
  const progress = optional.studies ? new StudyProgress({ studies: optional.studies, store, client: app.client, logger, options, now, sessionUrl, pacer }) : null;
  const stopAlerts = optional.rules ? forwardAlerts({ rules: optional.rules, studies: optional.studies ?? null, store, client: app.client, logger, track, pacer }) : () => {};
  store.pruneEvents(now() - options.eventRetentionMs);

  const idle = async () => {
    while (background.size > 0) await Promise.all([...background]);
    await conversations.idle();
    await progress?.idle();
  };
  return {
    handle: receiver ? (c) => receiver.handle(c) : null,
    mode: socketMode ? 'socket' : 'http',
    async start() {
      if (socketMode) await app.start();
    },
    async stop() {
      stopAlerts();
      progress?.stop();
      await idle();
      await socketReceiver?.client.disconnect();
    },
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
