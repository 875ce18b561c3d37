import type { Logger, webApi } from '@slack/bolt';
import type { UIMessage, UIMessageChunk } from 'ai';
import { ChatStore } from '../../db/chat-store.ts';
import type { SlackStore } from '../../db/slack-store.ts';
import type { Requester } from '../../tools/common/requester.ts';
import type { Principal } from '../../tools/iam/types.ts';
import type { Services } from '../services.ts';
import type { CallPacer } from './call-pacer.ts';
import { ChartReplies } from './chart-replies.ts';
import type { SlackBridgeOptions } from './defaults.ts';
import type { SlackCallFailure } from './slack-call.ts';
import { ThreadReply, type ReplyDestination } from './thread-reply.ts';

/** The chat turn runner (contract 1, `server/chat/run-turn.ts` `runChatTurn`), injected. */
export type RunTurn = (options: {
  services: Services;
  sessionId?: string;
  source?: 'web' | 'cli' | 'slack' | 'import';
  text: string;
  requester?: Requester;
  signal?: AbortSignal;
  onChunk?: (chunk: UIMessageChunk, sequence: number) => void;
}) => Promise<{ sessionId: string; turnId: string; message: UIMessage; aborted: boolean }>;

/** One user message addressed to the bot, already stripped of the bot mention. */
export interface IncomingMessage extends ReplyDestination {
  text: string;
}

/**
 * Runs Slack messages as chat turns. One Slack thread = one tunechat session (source `slack`, so the web
 * sidebar marks it): the first message of a thread creates the session and links it; later messages continue
 * it. Turns of one thread run one after another (a session never has two turns at once); threads run in parallel.
 */
export class Conversations {
  readonly #queues = new Map<string, Promise<void>>();
  /** The running turn of each thread: a newer message in the thread interrupts it. */
  readonly #running = new Map<string, AbortController>();
  readonly #streaming = { available: true };

  constructor(
    private readonly deps: {
      services: Services;
      runTurn: RunTurn;
      store: SlackStore;
      client: webApi.WebClient;
      logger: Logger;
      options: SlackBridgeOptions;
      sessionUrl: (sessionId: string) => string;
      onFailure?: (failure: SlackCallFailure) => void;
      pacer?: CallPacer;
      /** Whether Slack members may run commands they type and register command targets (SLACK_ALLOW_TYPED_COMMANDS=1). */
      allowCommands?: boolean;
      /** Who a member acts as (server/slack/slack-principal.ts); absent: the operator (no IAM). */
      principalFor?: (slackUserId: string) => Principal;
    },
  ) {}

  /**
   * Runs the message after the thread's current turn. A turn still running is interrupted first (like Stop in the
   * web UI: its partial answer is kept, and studies it started keep running and reporting in the status message),
   * so "how is it going?" or "stop it" never waits for a long `wait_for_study`. Resolves when the reply is finished.
   */
  enqueue(message: IncomingMessage): Promise<void> {
    const key = `${message.teamId}/${message.channel}/${message.threadTs}`;
    this.#running.get(key)?.abort();
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.#run(key, message)).catch((error: unknown) => this.deps.logger.error('Slack turn failed', error));
    this.#queues.set(key, next);
    void next.then(() => {
      if (this.#queues.get(key) === next) this.#queues.delete(key);
    });
    return next;
  }

  /** Resolves when every queued turn has finished. */
  async idle(): Promise<void> {
    while (this.#queues.size > 0) await Promise.all(this.#queues.values());
  }

  /** The session of the thread, created (and linked) on the thread's first message. */
  sessionFor(message: IncomingMessage): string {
    const { services, store } = this.deps;
    const thread = { teamId: message.teamId, channel: message.channel, threadTs: message.threadTs };
    const existing = store.findSession(thread);
    if (existing) return existing;
    const title = message.text.replace(/\s+/g, ' ').trim().slice(0, 80) || 'Slack conversation';
    const session = new ChatStore(services.db, () => services.clock.now()).createSession({
      title,
      source: 'slack',
      metadata: { slack: { team: message.teamId, channel: message.channel, thread_ts: message.threadTs } },
    });
    store.linkThread({ ...thread, sessionId: session.id }, services.clock.now());
    return session.id;
  }

  async #run(key: string, message: IncomingMessage): Promise<void> {
    const { services, runTurn, client, logger, options } = this.deps;
    const controller = new AbortController();
    this.#running.set(key, controller);
    const sessionId = this.sessionFor(message);
    const reply = new ThreadReply({
      client,
      logger,
      options,
      destination: message,
      now: () => services.clock.now(),
      streaming: this.#streaming,
      ...(this.deps.onFailure ? { onFailure: this.deps.onFailure } : {}),
      ...(this.deps.pacer ? { pacer: this.deps.pacer } : {}),
    });
    await reply.begin();
    const link = `\n\n[Open in tunechat](${this.deps.sessionUrl(sessionId)})`;
    try {
      const principal = this.deps.principalFor?.(message.userId);
      const requester: Requester = { source: 'slack', client: `slack:${message.teamId}:${message.userId}`, commands: this.deps.allowCommands === true, ...(principal ? { principal } : {}) };
      const charts = new ChartReplies();
      const onChunk = (chunk: UIMessageChunk) => {
        reply.push(chunk);
        charts.observe(chunk);
      };
      const result = await runTurn({ services, sessionId, source: 'slack', requester, text: message.text, signal: controller.signal, onChunk });
      await reply.finish(link); // an interrupted turn ends with its `abort` chunk, shown as "stopped"
      // Charts the turn asked for (chart_study) follow the text as PNGs.
      if (charts.pending > 0) {
        await charts.upload({ studies: services.studies, client, logger, channel: message.channel, threadTs: message.threadTs, ...(this.deps.pacer ? { pacer: this.deps.pacer } : {}) });
      }
    } catch (error) {
      logger.error('Slack chat turn failed', error);
      await reply.finish(`\n:x: Sorry, this turn failed: ${error instanceof Error ? error.message : String(error)}${link}`);
    } finally {
      if (this.#running.get(key) === controller) this.#running.delete(key);
    }
  }
}
