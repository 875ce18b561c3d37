import type { Logger, webApi } from '@slack/bolt';
import type { UIMessageChunk } from 'ai';
import type { SlackBridgeOptions } from './defaults.ts';
import type { CallPacer } from './call-pacer.ts';
import { toMrkdwn } from './mrkdwn.ts';
import { ReplyText } from './reply-text.ts';
import { slackCall, type SlackCallFailure } from './slack-call.ts';

/** Where a reply goes and who it is for (the streaming API needs the recipient outside DMs). */
export interface ReplyDestination {
  channel: string;
  threadTs: string;
  userId: string;
  teamId: string;
}

/** Errors after which Slack's streaming API is not tried again by this process (the workspace/app lacks it). */
const STREAMING_UNAVAILABLE = new Set(['unknown_method', 'not_allowed_token_type', 'missing_scope', 'feature_not_enabled']);

/**
 * One streamed assistant reply in a Slack thread. Chunks go in synchronously (`push`); edits go out at most
 * once per `replyIntervalMs`. Uses Slack's streaming API (chat.startStream → appendStream → stopStream) and,
 * when Slack refuses it, a placeholder message edited with chat.update (split into several messages when long).
 */
export class ThreadReply {
  readonly #text = new ReplyText();
  #mode: 'native' | 'update';
  #streamTs: string | null = null;
  #sent = 0; // characters of the text already on Slack (native: appended; update: committed to earlier messages)
  #messageTs: string | null = null;
  #lastFlush = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #flushing: Promise<void> = Promise.resolve();
  #dead = false;
  #dirty = false;
  #inFlight = false;
  #finished = false;

  constructor(
    private readonly deps: {
      client: webApi.WebClient;
      logger: Logger;
      options: SlackBridgeOptions;
      destination: ReplyDestination;
      now: () => number;
      /** Shared flag: once Slack says streaming is unavailable, later replies go straight to the fallback. */
      streaming: { available: boolean };
      onFailure?: (failure: SlackCallFailure) => void;
      pacer?: CallPacer;
    },
  ) {
    this.#mode = deps.options.streaming === 'auto' && deps.streaming.available ? 'native' : 'update';
  }

  /** Posts the placeholder (fallback mode) so the user sees the bot is working before the first token. */
  async begin(): Promise<void> {
    if (this.#mode === 'update') await this.#post('_working…_');
  }

  push(chunk: UIMessageChunk): void {
    if (this.#text.apply(chunk) === '' || this.#dead) return;
    this.#dirty = true;
    this.#schedule();
  }

  /** At most one edit in flight and one scheduled: text arriving meanwhile rides along with the next edit. */
  #schedule(): void {
    if (this.#timer || this.#inFlight || this.#finished || !this.#dirty) return;
    const wait = Math.max(0, this.#lastFlush + this.deps.options.replyIntervalMs - this.deps.now());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#inFlight = true;
      this.#dirty = false;
      this.#enqueue(async () => {
        try {
          await this.#flush(false);
        } finally {
          this.#inFlight = false;
          this.#schedule();
        }
      });
    }, wait);
  }

  /** Sends what is left plus `footer` and closes the stream. Resolves when Slack has it (or gave up). */
  async finish(footer: string): Promise<void> {
    this.#finished = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#enqueue(() => this.#flush(true, footer));
    await this.#flushing;
  }

  #enqueue(step: () => Promise<void>): void {
    this.#flushing = this.#flushing.then(step).catch((error: unknown) => this.deps.logger.error('Slack reply failed', error));
  }

  async #flush(final: boolean, footer = ''): Promise<void> {
    this.#lastFlush = this.deps.now();
    if (this.#dead) return;
    if (this.#mode === 'native') {
      if (await this.#flushNative(final, footer)) return;
      this.#mode = 'update'; // fell back: resend everything as ordinary messages
      this.#sent = 0;
    }
    await this.#flushUpdate(final, footer);
  }

  /** False when the streaming API is unavailable and the caller should fall back. */
  async #flushNative(final: boolean, footer: string): Promise<boolean> {
    const { channel, threadTs, userId, teamId } = this.deps.destination;
    const pending = this.#text.text.slice(this.#sent) + (final ? footer : '');
    const pieces = split(pending, this.deps.options.streamChunkChars);
    if (this.#streamTs === null) {
      const first = pieces.shift() ?? (final ? '_(no reply)_' : '');
      if (first === '') return true;
      const started = await this.#call<{ ts?: string }>('chat.startStream', {
        channel, thread_ts: threadTs, recipient_user_id: userId, recipient_team_id: teamId, markdown_text: first,
      }, (failure) => {
        if (STREAMING_UNAVAILABLE.has(failure.error)) this.deps.streaming.available = false;
      });
      if (!started?.ts) return false;
      this.#streamTs = started.ts;
      this.#sent += first.length;
    }
    const last = final ? (pieces.pop() ?? '') : null;
    for (const piece of pieces) {
      if (!(await this.#call('chat.appendStream', { channel, ts: this.#streamTs, markdown_text: piece }))) return this.#die();
      this.#sent += piece.length;
    }
    if (last !== null) {
      await this.#call('chat.stopStream', { channel, ts: this.#streamTs, ...(last === '' ? {} : { markdown_text: last }) });
    }
    return true;
  }

  async #flushUpdate(final: boolean, footer: string): Promise<void> {
    const max = this.deps.options.maxMessageChars;
    const full = this.#text.text;
    // Commit whole messages while the unsent text is too long for one.
    while (full.length - this.#sent > max) {
      const cut = cutPoint(full, this.#sent, max);
      if (!(await this.#show(full.slice(this.#sent, cut)))) return;
      this.#messageTs = null;
      this.#sent = cut;
    }
    const rest = full.slice(this.#sent);
    const body = final ? `${rest}${footer}` || '_(no reply)_' : rest;
    if (body !== '') await this.#show(body);
  }

  /** Puts `markdown` in the current message: an edit, or a new message when there is none. */
  async #show(markdown: string): Promise<boolean> {
    const text = toMrkdwn(markdown);
    if (this.#messageTs === null) return this.#post(text);
    const { channel } = this.deps.destination;
    return (await this.#call('chat.update', { channel, ts: this.#messageTs, text })) !== null || this.#die();
  }

  async #post(text: string): Promise<boolean> {
    const { channel, threadTs } = this.deps.destination;
    const posted = await this.#call<{ ts?: string }>('chat.postMessage', { channel, thread_ts: threadTs, text });
    if (!posted?.ts) return this.#die();
    this.#messageTs = posted.ts;
    return true;
  }

  /** Slack refused a message (channel gone, token revoked): stop sending for this reply. */
  #die(): false {
    this.#dead = true;
    return false;
  }

  #call<T>(method: string, args: Record<string, unknown>, onFailure?: (failure: SlackCallFailure) => void) {
    return slackCall<T>({
      client: this.deps.client,
      method,
      args,
      logger: this.deps.logger,
      ...(this.deps.pacer ? { pacer: this.deps.pacer } : {}),
      onFailure: (failure) => {
        onFailure?.(failure);
        this.deps.onFailure?.(failure);
      },
    });
  }
}

function split(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

/** End of the next message: the last newline inside the window when there is one, else the hard limit. */
function cutPoint(text: string, from: number, max: number): number {
  const newline = text.lastIndexOf('\n', from + max);
  return newline > from + max / 2 ? newline + 1 : from + max;
}
